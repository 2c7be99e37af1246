// The agent console in Chromium against a real relay: sign in, live inbox, session context,
// replies, status, text-only rendering, strings in Japanese, strict CSP, and the Assist host
// contract (postMessage both ways, origin-checked).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifact, freePort, launchBrowser, PARLEY, ROOT, startRelay } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';

let relay;
let browser;
const problems = [];

function watch(page) {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Expected: the probe for an Assist panel that is not installed, and the event stream being
    // cut when the relay stops (EventSource reconnects by design).
    if (/\/assist\/index\.html$|\/api\/v1\/events/.test(m.location()?.url || '')) return;
    if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text())) problems.push(`console: ${m.text()} @ ${m.location()?.url}`);
  });
}

before(async () => {
  relay = await startRelay();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await relay?.stop();
});

async function visitorWithConversation(base, context, text) {
  const v = await newVisitor(base, { name: 'Mia Chen' });
  const c = (await v.call('POST', '/api/v1/conversations', { channel: 'webchat', locale: 'en', session_context: context })).json;
  if (text) await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'first', text });
  return { v, c };
}

test('an agent sees a conversation created via the API, with its context, and replies', async () => {
  const { v, c } = await visitorWithConversation(relay.url, {
    page_url: 'https://shop.example/checkout', referrer: 'https://search.example/?q=boots',
    utm: { source: 'newsletter', medium: 'email', campaign: 'autumn-sale' },
    locale: 'en-GB', timezone: 'Europe/London',
    cart: [{ sku: 'BOOT-42', name: 'Trail boots', qty: 1, price: 89.9, currency: 'GBP' }],
    pages_seen: [{ url: 'https://shop.example/boots', title: 'Boots' }, 'https://shop.example/checkout'],
  }, 'My discount code <b>AUTUMN</b> does not work <img src=x onerror="window.pwned=1">');

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watch(page);
  await page.goto(`${relay.url}/console/`);
  assert.equal(await page.inputValue('#token'), 'demo-agent', 'prefilled for the demo');
  await page.click('#login-form button[type=submit]');
  const item = page.locator(`.inbox-item[data-id="${c.id}"]`);
  await item.waitFor();
  assert.match(await item.textContent(), /Mia Chen/);
  assert.equal((await item.locator('.unread').textContent()).trim(), '1');
  await item.click();

  const first = page.locator('#messages .message').first();
  await first.waitFor();
  assert.match(await first.locator('.text').textContent(), /<b>AUTUMN<\/b>.*<img src=x/);
  assert.equal(await page.locator('#messages b, #messages img').count(), 0, 'customer text is never HTML');
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  const context = await page.locator('#context-list').textContent();
  for (const s of ['https://shop.example/checkout', 'https://search.example/?q=boots', 'campaign=autumn-sale', 'Europe/London', 'en-GB', '1 × Trail boots (BOOT-42) — 89.9 GBP', 'Boots — https://shop.example/boots'])
    assert.ok(context.includes(s), `context shows ${s}`);

  // Live: the customer writes while the agent watches.
  await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'second', text: 'Hello? Anyone there?' });
  await page.locator('#messages .message', { hasText: 'Anyone there?' }).waitFor();

  await page.fill('#reply-text', 'Hi Mia, I have applied the discount for you.');
  await page.press('#reply-text', 'Enter');
  await page.locator('#messages .message.from-agent', { hasText: 'applied the discount' }).waitFor();
  const seen = (await v.call('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages;
  assert.deepEqual(seen.map((m) => m.author.type), ['visitor', 'visitor', 'agent']);
  assert.equal(seen[2].text, 'Hi Mia, I have applied the discount for you.');
  assert.equal(await page.inputValue('#reply-text'), '');

  // A new conversation appears live with its unread count.
  const other = await visitorWithConversation(relay.url, { page_url: 'https://shop.example/returns' }, 'I want to return an item');
  const otherItem = page.locator(`.inbox-item[data-id="${other.c.id}"]`);
  await otherItem.waitFor();
  await otherItem.locator('.unread').waitFor();

  await page.selectOption('#status-select', 'resolved');
  await page.locator(`.inbox-item[data-id="${c.id}"] .badge.status-resolved`).waitFor();
  assert.equal((await api(relay.url, 'demo-agent')('GET', `/api/v1/conversations/${c.id}`)).json.status, 'resolved');

  await page.screenshot({ path: artifact('console.png') });
  // axe-core, evaluated through the DevTools protocol (the page's CSP forbids injected scripts).
  await page.evaluate(readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const axe = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.length}`));
  assert.deepEqual(axe, [], 'axe-core finds no violations');
  await page.selectOption('#lang-select', 'ja');
  assert.equal(await page.locator('#inbox-title').textContent(), '受信箱');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  await page.screenshot({ path: artifact('console-ja.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a wrong token is refused', async () => {
  const page = await browser.newPage();
  watch(page);
  await page.goto(`${relay.url}/console/`);
  await page.fill('#token', 'not-the-token');
  await page.click('#login-form button[type=submit]');
  await page.locator('#login-error', { hasText: 'not accepted' }).waitFor();
  assert.equal(await page.locator('#workspace').isHidden(), true);
  await page.close();
  problems.length = 0;  // the 401 is logged by Chromium as a failed resource
});

test('the Assist host embeds /assist/ and exchanges origin-checked messages', async () => {
  // A repository root whose assist/ is a stand-in panel speaking the documented contract.
  const root = mkdtempSync(join(tmpdir(), 'parley-root-'));
  symlinkSync(join(ROOT, 'site'), join(root, 'site'));
  mkdirSync(join(root, 'assist'));
  writeFileSync(join(root, 'assist', 'index.html'),
    '<!doctype html><html lang="en"><title>stand-in assist</title><script type="module" src="panel.js"></script><p id="out">waiting</p></html>');
  writeFileSync(join(root, 'assist', 'panel.js'), `
    window.received = [];
    addEventListener('message', (e) => {
      if (e.origin !== location.origin || e.source !== parent) return;
      window.received.push(e.data);
      if (e.data.type === 'parley:conversation' && e.data.conversation) {
        document.getElementById('out').textContent = e.data.conversation.id + ' ' + e.data.messages.length;
        if (window.received.filter((d) => d.conversation).length === 1)
          parent.postMessage({ type: 'parley:insert-draft', text: 'Draft: your refund is on its way.' }, location.origin);
      }
    });
    window.sendNow = (text) => parent.postMessage({ type: 'parley:send', text }, location.origin);
  `);
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'parley-relay-'));
  const proc = spawn(PARLEY, ['relay', '--port', String(port), '--data', data, '--root', root], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const { v, c } = await visitorWithConversation(url, { page_url: 'https://shop.example/orders/1' }, 'Where is my refund?');
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    watch(page);
    await page.goto(`${url}/console/`);
    await page.click('#login-form button[type=submit]');
    await page.locator(`.inbox-item[data-id="${c.id}"]`).click();
    const frame = page.frameLocator('#assist-host iframe');
    await frame.locator('#out', { hasText: `${c.id} 1` }).waitFor();
    await page.waitForFunction(() => document.getElementById('reply-text').value === 'Draft: your refund is on its way.');

    const assistFrame = page.frames().find((f) => f.url().endsWith('/assist/index.html'));
    const got = await assistFrame.evaluate(() => window.received.filter((d) => d.conversation).at(-1));
    assert.equal(got.type, 'parley:conversation');
    assert.equal(got.contact.id, v.visitor_id);
    assert.equal(got.messages[0].text, 'Where is my refund?');

    await assistFrame.evaluate(() => window.sendNow('Sent from Assist.'));
    await page.locator('#messages .message.from-agent', { hasText: 'Sent from Assist.' }).waitFor();
    // The panel is told about the new message too.
    await frame.locator('#out', { hasText: `${c.id} 2` }).waitFor();

    // A message from the page itself (not the frame) is ignored.
    await page.evaluate(() => window.postMessage({ type: 'parley:send', text: 'forged' }, location.origin));
    await new Promise((r) => setTimeout(r, 300));
    const msgs = (await v.call('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages;
    assert.deepEqual(msgs.map((m) => m.text), ['Where is my refund?', 'Sent from Assist.']);
    await page.screenshot({ path: artifact('console-assist.png') });
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await new Promise((resolve) => { proc.once('exit', resolve); proc.kill('SIGTERM'); });
  }
});
