// The open widget is accessible (axe-core), localised (Arabic right-to-left, Japanese IME safe),
// and keeps screenshots (en via widget.test, ja, ar, dark, mobile) in build/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startRelay, launchBrowser, artifact, ROOT } from './browser.mjs';
import { until, openWidget, appFrame, typeAndSend, logTexts, api, session } from './widget-helpers.mjs';

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
let relay, browser, agent;
before(async () => { relay = await startRelay(); browser = await launchBrowser(); agent = api(relay.url); });
after(async () => { await browser?.close(); await relay?.stop(); });

/** A conversation with one message each way, so axe and the screenshots see real bubbles. */
async function converse(frame, customer, reply) {
  await typeAndSend(frame, customer);
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  await until(async () => (await agent.messages(conversation)).length === 1, 'the message at the agent');
  await agent.reply(conversation, reply);
  await until(async () => (await logTexts(frame)).includes(reply), 'the reply in the widget');
  return conversation;
}

async function axe(frame) {
  // axe is injected as an inline script, which the relay's CSP forbids: these contexts bypass CSP
  // (the strict-CSP behaviour itself is tested in widget-security.test.mjs).
  await frame.addScriptTag({ path: AXE });
  return frame.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return { checked: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })) };
  });
}

for (const [locale, greeting, reply] of [
  ['en-US', 'Hi, do you ship to Canada?', 'Yes, in 5 to 7 days: https://example.com/shipping'],
  ['ar-EG', 'مرحبًا، هل تشحنون إلى القاهرة؟', 'نعم، خلال ٥ أيام.'],
]) {
  test(`axe-core finds no violations on the open widget (${locale})`, async () => {
    const context = await browser.newContext({ locale, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${relay.url}/`);
    await page.waitForSelector('.parley-launcher');
    const host = await axe(page.mainFrame());  // the demo store with the launcher
    assert.deepEqual(host.violations, [], JSON.stringify(host.violations, null, 1));
    const frame = await openWidget(page);
    await converse(frame, greeting, reply);
    await frame.click('#emoji');  // the emoji panel open too
    const { checked, violations } = await axe(frame);
    assert.ok(checked > 10, `axe ran ${checked} passing rules`);  // it really looked at the page
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
    await context.close();
  });
}

test('keyboard only: open with Enter, focus in the composer, Escape closes and returns focus', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  await page.waitForSelector('.parley-launcher');
  await page.focus('.parley-launcher');
  await page.keyboard.press('Enter');
  const frame = await appFrame(page);
  assert.equal(await page.getAttribute('.parley-launcher', 'aria-expanded'), 'true');
  await until(() => frame.evaluate(() => document.activeElement && document.activeElement.id === 'input'), 'focus in the composer');
  await page.keyboard.type('Typed with the keyboard');
  await page.keyboard.press('Enter');
  await until(async () => (await logTexts(frame)).includes('Typed with the keyboard'), 'the message');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.parley-box', { state: 'hidden' });
  assert.equal(await page.getAttribute('.parley-launcher', 'aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'parley-launcher');
  await context.close();
});

test('Arabic renders right-to-left, launcher on the left', async () => {
  const context = await browser.newContext({ locale: 'ar', viewport: { width: 1000, height: 760 } });
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  assert.equal(await page.getAttribute('.parley-launcher', 'aria-label'), 'تحدث معنا');
  const frame = await openWidget(page);
  assert.equal(await frame.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await frame.getAttribute('html', 'lang'), 'ar');
  assert.equal(await frame.$eval('#send', (b) => b.textContent), 'إرسال');
  assert.equal(await frame.$eval('.chat', (e) => getComputedStyle(e).direction), 'rtl');
  await converse(frame, 'أين طلبي رقم 4521؟', 'طلبك في الطريق وسيصل غدًا.');
  // In RTL the customer's own bubble sits on the left edge, the agent's on the right.
  const mine = await frame.$eval('#log .msg.mine', (e) => e.getBoundingClientRect());
  const theirs = await frame.$eval('#log .msg.theirs', (e) => e.getBoundingClientRect());
  assert.ok(mine.left < theirs.left, `mine ${mine.left} theirs ${theirs.left}`);
  const launcher = await page.$eval('.parley-launcher', (e) => e.getBoundingClientRect().left);
  assert.ok(launcher < 200, `launcher at x=${launcher}`);
  await page.screenshot({ path: artifact('widget-ar.png') });
  await context.close();
});

test('Japanese IME: Enter that confirms a composition does not send', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  const frame = await openWidget(page);
  assert.equal(await frame.getAttribute('html', 'lang'), 'ja');
  await frame.fill('#input', 'にほんご');
  // The browser's event sequence while an IME is composing: compositionstart, keydown Enter with
  // isComposing (keyCode 229), compositionend.
  const sentEarly = await frame.evaluate(() => {
    const input = document.getElementById('input');
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    const e1 = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true });
    input.dispatchEvent(e1);
    // A browser that reports isComposing=false on that keydown still must not send: the flag from
    // compositionstart holds until compositionend.
    const e2 = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true });
    input.dispatchEvent(e2);
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'にほんご' }));
    return { value: input.value, prevented: e1.defaultPrevented || e2.defaultPrevented, log: document.querySelectorAll('#log .msg').length };
  });
  assert.deepEqual(sentEarly, { value: 'にほんご', prevented: false, log: 0 });
  // After the composition ends, Enter sends.
  await frame.press('#input', 'Enter');
  await until(async () => (await logTexts(frame)).includes('にほんご'), 'the message after composition');
  assert.equal(await frame.inputValue('#input'), '');
  // Shift+Enter is a line break, not a send.
  await frame.fill('#input', '一行目');
  await frame.press('#input', 'Shift+Enter');
  assert.equal((await logTexts(frame)).length, 1);
  await frame.fill('#input', '');
  // The bubble shows as soon as the message is queued; the conversation exists once it is sent.
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  await agent.reply(conversation, 'ご連絡ありがとうございます。ご注文番号を教えていただけますか？');
  await until(async () => (await logTexts(frame)).length === 2, 'the reply');
  await page.screenshot({ path: artifact('widget-ja.png') });
  await context.close();
});

test('dark mode and a phone: full screen, 16px inputs, no zoom trap', async () => {
  const dark = await browser.newContext({ colorScheme: 'dark', bypassCSP: true });
  const page = await dark.newPage();
  await page.goto(`${relay.url}/`);
  const frame = await openWidget(page);
  await converse(frame, 'Can I change the delivery address?', 'Sure — reply with the new address.');
  const bg = await frame.$eval('body', (b) => getComputedStyle(b).backgroundColor);
  assert.equal(bg, 'rgb(17, 24, 39)');
  const { violations } = await axe(frame);  // contrast holds in the dark scheme too
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  await page.screenshot({ path: artifact('widget-dark.png') });
  await dark.close();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const mobile = await phone.newPage();
  await mobile.goto(`${relay.url}/`);
  await mobile.tap('.parley-launcher');
  const mframe = await appFrame(mobile);
  const box = await mobile.$eval('.parley-box', (e) => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
  assert.deepEqual(box, [0, 0, 390, 844], 'full screen on a phone');
  assert.equal(await mframe.$eval('#input', (e) => getComputedStyle(e).fontSize), '16px');
  assert.equal(await mframe.$eval('#email', (e) => getComputedStyle(e).fontSize), '16px');
  assert.match(await mframe.$eval('meta[name=viewport]', (m) => m.content), /width=device-width/);
  await converse(mframe, 'Do you have the tote in green?', 'Not yet — in March.');
  await mobile.screenshot({ path: artifact('widget-mobile.png') });
  await phone.close();
});

test('every locale file has every English key; the loader mirrors the launcher label', () => {
  const dir = join(ROOT, 'widget', 'app', 'i18n');
  const en = JSON.parse(readFileSync(join(dir, 'en.json'), 'utf8'));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.deepEqual(files.map((f) => f.replace('.json', '')).sort(), ['ar', 'de', 'en', 'es', 'fr', 'ja', 'ko', 'pt-BR', 'zh-Hans']);
  const loader = readFileSync(join(ROOT, 'widget', 'loader.js'), 'utf8');
  for (const f of files) {
    const s = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    assert.deepEqual(Object.keys(s).sort(), Object.keys(en).sort(), f);
    for (const [k, v] of Object.entries(s)) {
      const vars = (x) => (x.match(/\{\w+\}/g) || []).sort().join();
      assert.equal(vars(v), vars(en[k]), `${f} ${k}: placeholders differ`);
    }
    assert.ok(loader.includes(`'${s.launcher}'`), `loader lacks the ${f} launcher label`);
  }
});
