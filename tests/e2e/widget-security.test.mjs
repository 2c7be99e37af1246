// The widget's safety: works under a strict CSP (and with a nonce-only policy), shows HTML as text,
// ignores postMessage from foreign origins, and a visitor cannot read another's conversation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRelay, launchBrowser, ROOT } from './browser.mjs';
import { until, openWidget, typeAndSend, logTexts, api, session } from './widget-helpers.mjs';

let relay, browser, agent;
before(async () => { relay = await startRelay(); browser = await launchBrowser(); agent = api(relay.url); });
after(async () => { await browser?.close(); await relay?.stop(); });

function cspWatcher(page) {
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text()); });
  return refused;
}

test('strict-CSP host page: the widget loads, styles, chats, with no violation', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = cspWatcher(page);
  const res = await page.goto(`${relay.url}/csp-host.html`);
  assert.match(res.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  const frame = await openWidget(page);
  // Styled by loader.css (no inline style): the launcher is fixed in the corner.
  assert.equal(await page.$eval('.parley-root', (e) => getComputedStyle(e).position), 'fixed');
  await typeAndSend(frame, 'Hello from a strict page');
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  await agent.reply(conversation, 'Hello back');
  await until(async () => (await logTexts(frame)).includes('Hello back'), 'the reply');
  const conv = await agent.conversation(conversation);
  assert.equal(conv.session_context.custom.page, 'csp-host');
  // The core loaded under 'wasm-unsafe-eval' (no eval): the wasm module was instantiated.
  assert.ok(await frame.evaluate(async () => { const m = await import('/widget/app/core.js'); return !!(await m.loadCore(location.origin)); }));
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(refused, []);
  await context.close();
});

test('a nonce-only host policy: the loader passes the nonce on to its stylesheet', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = cspWatcher(page);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nonce host</title>
    <script nonce="n0nce42" async src="/widget/loader.js" data-parley-workspace="demo"></script></head>
    <body><main><h1>Nonce host</h1></main></body></html>`;
  await page.route(`${relay.url}/nonce-host.html`, (route) => route.fulfill({
    status: 200, contentType: 'text/html',
    headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'nonce-n0nce42'; style-src 'nonce-n0nce42'; frame-src 'self'" },
    body: html,
  }));
  await page.goto(`${relay.url}/nonce-host.html`);
  await page.waitForSelector('.parley-launcher');
  assert.equal(await page.$eval('link[href$="loader.css"]', (l) => l.nonce), 'n0nce42');
  await until(() => page.$eval('.parley-root', (e) => getComputedStyle(e).position === 'fixed'), 'loader.css applied under the nonce policy');
  await openWidget(page);
  assert.deepEqual(refused, []);
  await context.close();
});

test('HTML and script in a message are shown as text; only http(s) links become links', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  await page.evaluate(() => { window.__pwned = 0; });
  const frame = await openWidget(page);
  await typeAndSend(frame, '<b>bold?</b>');
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  const evil = '<img src=x onerror="parent.__pwned=1"><script>parent.__pwned=2</script> javascript:alert(1) https://example.com/ok <a href="javascript:alert(1)">x</a>';
  await agent.reply(conversation, evil);
  await until(async () => (await logTexts(frame)).includes(evil), 'the hostile reply, verbatim as text');
  assert.ok((await logTexts(frame)).includes('<b>bold?</b>'));
  assert.equal(await frame.$$eval('#log img, #log script, #log b', (els) => els.length), 0);
  const links = await frame.$$eval('#log a', (as) => as.map((a) => [a.getAttribute('href'), a.rel, a.target]));
  assert.deepEqual(links, [['https://example.com/ok', 'noopener noreferrer', '_blank']]);
  assert.equal(await page.evaluate(() => window.__pwned), 0);
  await context.close();
});

test('postMessage from a foreign origin is ignored by the app and by the loader', async () => {
  // A foreign frame inside the host page needs the host's frame-src relaxed: bypass CSP here.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  await page.evaluate(() => window.Parley('setContext', { custom: { plan: 'gold' } }));
  const frame = await openWidget(page);
  const foreignUrl = relay.url.replace('127.0.0.1', 'localhost') + '/healthz';  // another origin, same loopback
  await page.evaluate((src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.id = 'foreign';
    f.src = src;
    f.onload = resolve;
    document.body.append(f);
  }), foreignUrl);
  const foreign = page.frames().find((f) => f.url().startsWith(foreignUrl));
  assert.ok(foreign, 'the foreign frame loaded');
  await typeAndSend(frame, 'Is my context mine?');
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  await until(async () => (await agent.messages(conversation)).length === 1, 'the first message');

  // A legitimate change through the loader, then at once forged messages in the loader's and the
  // app's own protocol. The app sends context after a short debounce, so an accepted forgery
  // would replace the legitimate change at the relay.
  await page.evaluate(() => window.Parley('setContext', { custom: { step: 'checkout' } }));
  await foreign.evaluate(() => {
    const app = [...Array(parent.frames.length).keys()].map((i) => parent.frames[i]).find((w) => w !== window);
    app.postMessage({ parley: 1, type: 'context', context: { custom: { evil: 'yes' }, page_url: 'https://evil.example/' } }, '*');
    app.postMessage({ parley: 1, type: 'open', open: false }, '*');
    parent.postMessage({ parley: 1, type: 'unread', count: 42 }, '*');
    parent.postMessage({ parley: 1, type: 'close' }, '*');
  });
  const ctx = await until(async () => { const c = (await agent.conversation(conversation)).session_context; return c.custom && c.custom.step && c; }, 'the legitimate context update');
  assert.equal(ctx.custom.plan, 'gold');
  assert.equal(ctx.custom.evil, undefined);
  assert.notEqual(ctx.page_url, 'https://evil.example/');
  // Had the app believed the forged "open: false", this reply would count as unread.
  await agent.reply(conversation, 'Yes, it is yours.');
  await until(async () => (await logTexts(frame)).includes('Yes, it is yours.'), 'the reply');
  assert.equal(await page.isVisible('.parley-box'), true, 'the forged close was ignored');
  assert.equal(await page.isHidden('.parley-badge'), true, 'forged unread/open messages were ignored');
  await context.close();
});

test('a card number is masked before it leaves the browser, and the customer is told', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  const frame = await openWidget(page);
  await frame.waitForSelector('html[data-core]', { state: 'attached' });
  const methods = (await frame.getAttribute('html', 'data-core')).split(' ');
  if (!methods.includes('pii.scan')) {
    // The widget never pretends: without the core's pii.scan it sends text as typed.
    t.skip('this build of the widget core has no pii.scan yet');
    await context.close();
    return;
  }
  await typeAndSend(frame, 'My card is 4111 1111 1111 1111, please refund');
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  const [stored] = await until(async () => { const m = await agent.messages(conversation); return m.length === 1 && m; }, 'the message at the relay');
  assert.ok(!/4111[ -]?1111/.test(stored.text), stored.text);
  assert.ok(stored.text.startsWith('My card is '), stored.text);
  assert.equal(stored.masked[0].type, 'card');
  await frame.waitForSelector('#log .msg.mine .masked-note');
  assert.match(await frame.textContent('#log .msg.mine .masked-note'), /card number/);
  assert.ok(!(await logTexts(frame)).some((x) => x.includes('4111 1111')));
  await context.close();
});

test('bidi overrides and invisible characters in a reply are not displayed (when the core has text.sanitize)', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  const frame = await openWidget(page);
  await frame.waitForSelector('html[data-core]', { state: 'attached' });
  if (!(await frame.getAttribute('html', 'data-core')).split(' ').includes('text.sanitize')) {
    t.skip('this build of the widget core has no text.sanitize yet');
    await context.close();
    return;
  }
  await typeAndSend(frame, 'Which file should I open?');
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  await agent.reply(conversation, 'Open invoice_\u202Egnp.exe or pay\u200Bpal.com');
  const shown = await until(async () => (await logTexts(frame)).find((x) => x.startsWith('Open invoice')), 'the reply');
  assert.ok(!/[\u202A-\u202E\u2066-\u2069\u200B]/.test(shown), JSON.stringify(shown));
  assert.ok(shown.includes('gnp.exe'));
  await context.close();
});

test('a visitor cannot read another visitor\'s conversation', async () => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pa = await a.newPage(), pb = await b.newPage();
  await pa.goto(`${relay.url}/`);
  await pb.goto(`${relay.url}/`);
  const fa = await openWidget(pa), fb = await openWidget(pb);
  await typeAndSend(fa, 'secret of A: order 7781');
  await typeAndSend(fb, 'hello from B');
  const sa = await until(async () => { const s = await session(fa); return s.conversation && s; }, 'A session');
  const sb = await until(async () => { const s = await session(fb); return s.conversation && s; }, 'B session');
  assert.notEqual(sa.conversation, sb.conversation);
  const asB = api(relay.url, sb.token);
  for (const path of [`/api/v1/conversations/${sa.conversation}`, `/api/v1/conversations/${sa.conversation}/messages?after=0`]) {
    const r = await asB.call('GET', path);
    assert.equal(r.status, 404, path);
    assert.ok(!JSON.stringify(r.body).includes('7781'));
  }
  const list = await asB.call('GET', '/api/v1/conversations');
  assert.deepEqual(list.body.conversations.map((c) => c.id), [sb.conversation]);
  const post = await asB.call('POST', `/api/v1/conversations/${sa.conversation}/messages`, { idempotency_key: 'x1', text: 'intrusion' });
  assert.equal(post.status, 404);
  const sse = await fetch(`${relay.url}/api/v1/events?token=${sb.token}&conversation=${sa.conversation}`);
  assert.equal(sse.status, 404);
  assert.ok(!(await logTexts(fb)).some((t) => t.includes('7781')));
  await a.close();
  await b.close();
});

test('the loader stays within its budget: no eval, no inline style, ≤ 3 KB gzip', async () => {
  const { gzipSync } = await import('node:zlib');
  const src = readFileSync(join(ROOT, 'widget', 'loader.js'));
  const size = gzipSync(src, { level: 9 }).length;
  assert.ok(size <= 3072, `loader.js is ${size} bytes gzip`);
  const text = src.toString();
  for (const bad of ['eval(', 'new Function', 'innerHTML', 'setAttribute(\'style\'', '.cssText', 'insertRule']) assert.ok(!text.includes(bad), bad);
});
