// The widget with data-parley-backend="chatwoot" in Chromium against the Chatwoot simulator on
// loopback: messages arrive exactly once through a 500, a lost answer and a websocket drop; agent
// replies arrive live over ActionCable and, when the socket was down, after the reconnect's
// re-fetch; HTML stays text; a wrong identifier_hash is a clear error. Every request the widget
// made is checked against Chatwoot's swagger spec (sim.problems stays empty).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, artifact } from './browser.mjs';
import { until, openWidget, typeAndSend, logTexts } from './widget-helpers.mjs';
import { startChatwoot, identifierHash } from '../sim/chatwoot.mjs';
import { startWidgetSite, WASM_DIST } from './chatwoot-fixture.mjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

let cw, site, browser;
before(async () => { cw = await startChatwoot(); site = await startWidgetSite(cw); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await site?.stop(); await cw?.stop(); });

async function open(query = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to connect/i.test(m.text())) violations.push(m.text()); });
  await page.goto(site.page(query));
  const frame = await openWidget(page);
  return { context, page, frame, violations };
}
const contents = (id) => cw.messages(id).filter((m) => m.message_type === 0).map((m) => m.content);

test('send through a 500, a stored-but-500 post and a websocket drop: each message once; replies live and after a reconnect', async () => {
  const { context, page, frame, violations } = await open();
  await typeAndSend(frame, 'first hello');
  const conv = await until(() => cw.conversations()[0], 'the conversation');
  await until(() => contents(conv.id).length === 1, 'the first message at Chatwoot');
  await until(() => cw.subscribed() > 0, 'the RoomChannel subscription');

  // An agent reply arrives live over ActionCable, with the agent's name, as text.
  cw.agentReply(conv.id, 'Hi, Ana here.');
  await until(async () => (await logTexts(frame)).includes('Hi, Ana here.'), 'the live reply');
  assert.equal(await frame.textContent('#log .msg.theirs .who'), 'Ana (Chatwoot)');

  // 1. The post fails with 500 before storing: the outbox retries with the same echo_id.
  cw.faults.messagePost = 1; cw.faults.storeBeforeFail = false;
  await typeAndSend(frame, 'after a 500');
  // 2. Stored, then 500 (the answer is lost): the retry finds it and does not post twice.
  await until(() => cw.faults.messagePost === 0, 'the first fault used');
  cw.faults.messagePost = 1; cw.faults.storeBeforeFail = true;
  await typeAndSend(frame, 'after a lost answer');
  await until(() => contents(conv.id).includes('after a lost answer') && cw.faults.messagePost === 0, 'the lost answer');
  // 3. The websocket drops while a slow post is in flight.
  cw.faults.slowMs = 600;
  await typeAndSend(frame, 'during a socket drop');
  await new Promise((r) => setTimeout(r, 200));
  cw.dropSockets();
  await until(() => contents(conv.id).includes('during a socket drop'), 'the message sent while the socket dropped');
  cw.faults.slowMs = 0;
  const sent = ['first hello', 'after a 500', 'after a lost answer', 'during a socket drop'];
  await until(async () => (await frame.$$('#log .msg.pending')).length === 0, 'the outbox to drain', 30000);
  assert.deepEqual(contents(conv.id), sent, 'each message once at Chatwoot, in order');
  assert.equal(new Set(cw.messages(conv.id).map((m) => m.echo_id).filter(Boolean)).size, 4);

  // 4. A reply made while the socket is down (new sockets refused) shows after the reconnect.
  await until(() => cw.subscribed() > 0, 'resubscribed after the drop', 20000);
  cw.dropSockets({ refuse: true });
  await frame.waitForSelector('#notice:not(:empty)');
  cw.agentReply(conv.id, 'Replied while you were offline.');
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(!(await logTexts(frame)).includes('Replied while you were offline.'), 'not delivered while the socket is down');
  cw.allowSockets();
  await until(async () => (await logTexts(frame)).includes('Replied while you were offline.'), 'the missed reply after the re-fetch', 20000);

  // 5. HTML in a message is text, never markup; an edit (message.updated) shows in place.
  const html = '<img src=x onerror="window.__pwned=1"><b>bold?</b>';
  const m = cw.agentReply(conv.id, html);
  await until(async () => (await logTexts(frame)).includes(html), 'the HTML reply as text');
  assert.equal(await frame.$$eval('#log .msg .text img, #log .msg .text b', (els) => els.length), 0);
  assert.equal(await frame.evaluate(() => window.__pwned), undefined);
  cw.editMessage(conv.id, m.id, 'Edited: plain now.');
  await until(async () => (await logTexts(frame)).includes('Edited: plain now.'), 'the edited message');

  // The customer's log: each message once, in order.
  const log = await logTexts(frame);
  for (const s of sent) assert.equal(log.filter((x) => x === s).length, 1, s);
  // The core (when built) masks a card number before it leaves the browser, on this backend too.
  await until(() => frame.getAttribute('html', 'data-core'), 'the core to load or be reported absent');
  if (existsSync(join(WASM_DIST, 'parley-widget.wasm'))) {
    assert.match(await frame.getAttribute('html', 'data-core'), /pii\.scan/);
    await typeAndSend(frame, 'my card is 4111 1111 1111 1111');
    await until(() => contents(conv.id).length === 5, 'the masked message');
    assert.doesNotMatch(contents(conv.id)[4], /4111 1111 1111 1111/);
  }
  // No attachment button: Chatwoot's public API takes no files.
  assert.equal(await frame.isVisible('.file-btn'), false);
  cw.agentTyping(conv.id, true);
  await frame.waitForSelector('#typing:not([hidden])');
  await page.screenshot({ path: artifact('widget-chatwoot.png') });
  assert.deepEqual(violations, []);
  assert.deepEqual(cw.problems, [], 'every request followed the spec');
  await context.close();
});

test('a verified visitor: the right identifier_hash signs in; a wrong one is a clear error, nothing sent anonymously', async () => {
  const hash = identifierHash(cw.hmacToken, 'u_77');
  const good = await open(`?user=u_77&hash=${hash}`);
  await typeAndSend(good.frame, 'signed in hello');
  await until(() => cw.contacts().some((c) => c.identifier === 'u_77'), 'the identified contact');
  const contact = cw.contacts().find((c) => c.identifier === 'u_77');
  const conv = await until(() => cw.conversations().find((c) => c.source_id === contact.source_id && c.messages.length), 'the identified conversation');
  assert.deepEqual(contents(conv.id), ['signed in hello']);
  await good.context.close();

  const before = cw.contacts().length;
  const wrong = hash.replace(/.$/, hash.endsWith('0') ? '1' : '0');
  const bad = await open(`?user=u_78&hash=${wrong}`);
  await typeAndSend(bad.frame, 'should not go out');
  await bad.frame.waitForSelector('#log .msg.failed');
  const meta = await bad.frame.textContent('#log .msg.failed .meta');
  assert.match(meta, /identifier_hash/);
  assert.match(meta, /HMAC failed/);
  assert.equal(cw.contacts().length, before, 'no anonymous contact was made instead');
  assert.ok(!cw.conversations().some((c) => c.messages.some((m) => m.content === 'should not go out')));
  await bad.context.close();
  assert.deepEqual(cw.problems, []);
});

test('on a Chatwoot that does not dedupe echo_id: lost answers with the socket up and down still give each message once', async () => {
  const real = await startChatwoot({ serverDedupe: false });
  const realSite = await startWidgetSite(real);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(realSite.page());
    const frame = await openWidget(page);
    await typeAndSend(frame, 'one');
    const conv = await until(() => real.conversations()[0], 'the conversation');
    await until(() => real.subscribed() > 0, 'the subscription');
    const texts = () => real.messages(conv.id).map((m) => m.content);
    real.faults.messagePost = 1; real.faults.storeBeforeFail = true;   // socket up: the broadcast's echo_id answers
    await typeAndSend(frame, 'two');
    await until(() => real.faults.messagePost === 0 && texts().includes('two'), 'two stored');
    real.dropSockets({ refuse: true });                                // socket down: the list answers
    real.faults.messagePost = 1; real.faults.storeBeforeFail = true;
    await typeAndSend(frame, 'three');
    await until(() => real.faults.messagePost === 0 && texts().includes('three'), 'three stored');
    real.allowSockets();
    await until(async () => (await frame.$$('#log .msg.pending')).length === 0, 'the outbox to drain', 30000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(texts(), ['one', 'two', 'three']);
    assert.deepEqual((await logTexts(frame)), ['one', 'two', 'three']);
    assert.deepEqual(real.problems, []);
  } finally { await context.close(); await realSite.stop(); await real.stop(); }
});

test('served by the relay: widget.connect_origins lets the chat app reach Chatwoot; without it the CSP refuses', async () => {
  const { startRelay } = await import('./browser.mjs');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'parley-cw-'));
  const file = join(dir, 'workspace.json');
  writeFileSync(file, JSON.stringify({ widget: { connect_origins: [cw.url] } }));
  const badFile = join(dir, 'bad.json');
  writeFileSync(badFile, JSON.stringify({ widget: { connect_origins: ['wss://chat.example/cable'] } }));
  await assert.rejects(startRelay({ args: ['--workspace', badFile] }), /widget\/connect_origins\/0: "wss:\/\/chat.example\/cable" is not an origin/);
  const allowing = await startRelay({ args: ['--workspace', file] });
  const refusing = await startRelay();
  const context = await browser.newContext();
  try {
    const at = (relay) => `${relay.url}/dev/chatwoot.html?chatwoot=${encodeURIComponent(cw.url)}&inbox=${encodeURIComponent(cw.inbox)}`;
    const page = await context.newPage();
    await page.goto(at(allowing));
    const frame = await openWidget(page);
    const csp = (await (await fetch(`${allowing.url}/widget/app/index.html`)).headers.get('content-security-policy'));
    assert.match(csp, new RegExp(`connect-src 'self' ${cw.url} ${cw.url.replace('http:', 'ws:')};`));
    await typeAndSend(frame, 'via the relay-served widget');
    const conv = await until(() => cw.conversations().find((c) => c.messages.some((m) => m.content === 'via the relay-served widget')), 'the message at Chatwoot');
    await until(() => cw.subscribed() > 0, 'the subscription');
    cw.agentReply(conv.id, 'Answered in Chatwoot.');
    await until(async () => (await logTexts(frame)).includes('Answered in Chatwoot.'), 'the live reply');

    // Negative control: a relay whose workspace does not list Chatwoot keeps connect-src 'self'.
    const blocked = [];
    const page2 = await context.newPage();
    page2.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
    await page2.goto(at(refusing));
    const frame2 = await openWidget(page2);
    await typeAndSend(frame2, 'must not reach Chatwoot');
    await until(() => blocked.some((t) => t.includes('connect-src')), 'a connect-src violation');
    assert.ok(!cw.conversations().some((c) => c.messages.some((m) => m.content === 'must not reach Chatwoot')));
    assert.deepEqual(cw.problems, []);
  } finally { await context.close(); await allowing.stop(); await refusing.stop(); }
});
