// Cross-origin embedding: a web team's site on another origin (http://localhost:PORT2, a tiny
// static server on loopback) embeds the widget served by the relay (http://127.0.0.1:PORT). The
// relay lists the allowed sites (--allow-origin) in the chat app's frame-ancestors and in the
// workspace; the chat app talks by postMessage only to a parent on one of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startRelay, launchBrowser, freePort, artifact } from './browser.mjs';
import { until, appFrame, typeAndSend, logTexts, api } from './widget-helpers.mjs';

let browser, hostPort, hostServer, relayAllowing, relayRefusing;

// The host site: strict CSP that names the widget's origin, no inline script or style.
function hostPage(widgetOrigin) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other-origin shop</title>
<script src="/host.js"></script>
<script async src="${widgetOrigin}/widget/loader.js" data-parley-workspace="demo"></script></head>
<body><main><h1>A shop on another origin</h1></main></body></html>`;
}
const HOST_JS = `window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
window.__seen = { messages: [], fromApp: 0, violations: [] };
Parley('setContext', { custom: { page: 'other-origin' } });
Parley('on', 'message', function (m) { window.__seen.messages.push(m.text); });
window.addEventListener('message', function (e) { if (e.data && e.data.parley === 1) window.__seen.fromApp++; });
document.addEventListener('securitypolicyviolation', function (e) { window.__seen.violations.push(e.violatedDirective); });`;

before(async () => {
  hostPort = await freePort();
  relayAllowing = await startRelay({ args: ['--allow-origin', `http://localhost:${hostPort}`] });
  relayRefusing = await startRelay();
  // /?widget=PORT picks the relay the page embeds the widget from.
  hostServer = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/host.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(HOST_JS);
    }
    const widget = `http://127.0.0.1:${Number(url.searchParams.get('widget'))}`;
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${widget}; style-src 'self' ${widget}; frame-src ${widget}; connect-src 'self'; base-uri 'none'; object-src 'none'`,
    });
    res.end(hostPage(widget));
  });
  await new Promise((r) => hostServer.listen(hostPort, '127.0.0.1', r));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await relayAllowing?.stop();
  await relayRefusing?.stop();
  await new Promise((r) => (hostServer ? hostServer.close(r) : r()));
});

const hostUrl = (relay) => `http://localhost:${hostPort}/?widget=${relay.port}`;

// The chat runs in a third-party frame, where Chromium may deny it localStorage (as it does here):
// find the conversation from the agent's side instead of the app's stored session.
async function conversationWith(agent, text) {
  const found = await until(async () => (await agent.conversations()).find((c) => c.last_message && c.last_message.text === text), `the conversation with "${text}"`);
  return found.id;
}

test('an allowed site on another origin embeds the widget: chat, context and events cross both ways', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text()); });
  const agent = api(relayAllowing.url);
  await page.goto(hostUrl(relayAllowing));
  const appResponse = page.waitForResponse((r) => r.url().includes('/widget/app/index.html'));
  await page.click('.parley-launcher');
  const csp = (await appResponse).headers()['content-security-policy'];
  assert.match(csp, new RegExp(`frame-ancestors 'self' http://localhost:${hostPort}(;| )`));
  const frame = await appFrame(page);
  assert.equal(new URL(frame.url()).origin, relayAllowing.url, 'the chat runs on the widget origin');

  await typeAndSend(frame, 'Hello from another origin');
  const conversation = await conversationWith(agent, 'Hello from another origin');
  // Host → app: the context set by the host page reached the relay through the chat app.
  const ctx = await until(async () => { const c = (await agent.conversation(conversation)).session_context; return c.custom && c.custom.page && c; }, 'the session context');
  assert.equal(ctx.custom.page, 'other-origin');
  assert.equal(new URL(ctx.page_url).origin, `http://localhost:${hostPort}`);
  // App → host: the agent's reply is shown and raised as a host event.
  await agent.reply(conversation, 'Answered across origins');
  await until(async () => (await logTexts(frame)).includes('Answered across origins'), 'the reply in the chat');
  await until(() => page.evaluate(() => window.__seen.messages.includes('Answered across origins')), 'the message event on the host');
  await page.screenshot({ path: artifact('widget-cross-origin.png') });
  // Escape in the chat closes it through the loader (app → host) and gives focus back.
  await frame.press('#input', 'Escape');
  await until(() => page.isHidden('.parley-box'), 'the chat closed by the app');
  assert.deepEqual(await page.evaluate(() => window.__seen.violations), []);
  assert.deepEqual(refused, []);
  await context.close();
});

test('a site that is not allowed cannot frame the chat app', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = [];
  page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refused.push(m.text()); });
  await page.goto(hostUrl(relayRefusing));
  const appResponse = page.waitForResponse((r) => r.url().includes('/widget/app/index.html'));
  await page.click('.parley-launcher');
  assert.match((await appResponse).headers()['content-security-policy'], /frame-ancestors 'self';/);
  await until(() => refused.length > 0, 'Chromium refusing the frame (frame-ancestors)');
  const el = await page.waitForSelector('iframe.parley-frame', { state: 'attached' });
  const inner = await el.contentFrame();
  // What is in the frame is Chromium's error page, not the chat.
  assert.ok(!inner || !inner.url().includes('/widget/app/'), `the frame shows ${inner && inner.url()}`);
  assert.equal(page.frames().some((f) => f.url().includes('/widget/app/')), false);
  assert.equal(await page.evaluate(() => window.__seen.fromApp), 0, 'nothing came from a chat app');
  await context.close();
});

test('the chat app itself posts nothing to a parent whose origin the workspace does not list', async () => {
  // As if a browser did not enforce frame-ancestors: the relay's header is replaced by a lax one,
  // so the app loads inside the unlisted site; it must stay silent towards that parent.
  const context = await browser.newContext();
  await context.route('**/widget/app/index.html*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers(), 'content-security-policy': "frame-ancestors *" };
    await route.fulfill({ response, headers });
  });
  const page = await context.newPage();
  await page.goto(hostUrl(relayRefusing));
  await page.click('.parley-launcher');
  const frame = await appFrame(page);  // data-ready is set even without a host link
  // The workspace has answered (the title comes from it) and the app has had its chance to post.
  await until(() => frame.evaluate(() => document.querySelector('#title bdi') !== null), 'the workspace');
  assert.equal(await page.evaluate(() => window.__seen.fromApp), 0, 'the app posted to an unlisted parent');
  // And the host's messages are not taken: setContext from this host never reaches the relay.
  await typeAndSend(frame, 'typed inside an unlisted site');
  const agent = api(relayRefusing.url);
  const conv = await agent.conversation(await conversationWith(agent, 'typed inside an unlisted site'));
  assert.equal((conv.session_context.custom || {}).page, undefined);
  assert.equal(await page.evaluate(() => window.__seen.fromApp), 0, 'the app posted to an unlisted parent');
  await context.close();
});
