// The widget end to end: a customer chats from the demo store, an agent answers through the relay
// API, the customer sees it live; the session context reaches the agent; history survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startRelay, launchBrowser, artifact } from './browser.mjs';
import { until, openWidget, appFrame, typeAndSend, logTexts, api, session } from './widget-helpers.mjs';

let relay, browser, agent;
before(async () => {
  relay = await startRelay();
  browser = await launchBrowser();
  agent = api(relay.url);
});
after(async () => { await browser?.close(); await relay?.stop(); });

test('the chat app and the core load only when the customer opens the chat', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls = [];
  page.on('request', (r) => urls.push(new URL(r.url()).pathname));
  await page.goto(`${relay.url}/`);
  await page.waitForSelector('.parley-launcher');
  await page.waitForLoadState('load');
  assert.ok(urls.includes('/widget/loader.js'));
  assert.deepEqual(urls.filter((u) => u.startsWith('/widget/app/') || u.startsWith('/core/') || u.startsWith('/api/')), []);
  await openWidget(page);
  assert.ok(urls.includes('/widget/app/index.html'));
  await until(() => urls.includes('/core/parley-widget.wasm'), 'the wasm core to load after opening');
  await context.close();
});

test('customer sends from the store, agent replies, customer sees it live; context and unread reach the host', async () => {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Lisbon' });
  const page = await context.newPage();
  await page.goto(`${relay.url}/?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale`);
  await page.click('button[data-sku="TOTE-01"]');
  await page.click('a[href="/?p=MUG-02"]');  // SPA navigation (pushState)
  await page.waitForSelector('#product:not([hidden])');
  await page.evaluate(() => {
    window.__events = [];
    for (const ev of ['message', 'unread', 'open', 'close']) window.Parley('on', ev, (x) => window.__events.push([ev, x]));
    window.Parley('setContext', { custom: { plan: 'gold' } });
  });
  const frame = await openWidget(page);
  assert.equal(await frame.evaluate(() => document.activeElement.id), 'input', 'focus moves to the composer');
  await typeAndSend(frame, 'Hello, where is my order?');

  const conv = await until(async () => (await agent.conversations()).find((c) => c.last_message && c.last_message.text === 'Hello, where is my order?'), 'the conversation at the agent');
  const ctx = conv.session_context;
  assert.deepEqual(ctx.utm, { source: 'newsletter', medium: 'email', campaign: 'spring_sale' });
  assert.equal(ctx.timezone, 'Europe/Lisbon');
  assert.equal(ctx.locale, 'en-GB');
  assert.match(ctx.page_url, /\?p=MUG-02$/);
  assert.ok(ctx.pages_seen.some((u) => u.endsWith('/?p=MUG-02')) && ctx.pages_seen.length >= 2, JSON.stringify(ctx.pages_seen));
  assert.equal(ctx.cart[0].sku, 'TOTE-01');
  assert.equal(ctx.custom.plan, 'gold');
  assert.equal(ctx.custom.store, 'tern-demo');

  // Read receipt: the agent reads the customer's message.
  await agent.read(conv.id, conv.last_message.seq);
  await frame.waitForSelector('#log .msg.mine .receipt');

  // Typing indicator and the live reply.
  await agent.typing(conv.id, true);
  await frame.waitForSelector('#typing:not([hidden])');
  await agent.reply(conv.id, 'Hi! It left our warehouse today.');
  await until(async () => (await logTexts(frame)).includes('Hi! It left our warehouse today.'), 'the agent reply in the widget');
  assert.equal(await frame.isHidden('#typing'), true, 'a reply ends the typing indicator');
  // No agent console holds a stream here, so the relay said "away"; an agent who answers is there.
  assert.equal((await (await fetch(`${relay.url}/api/v1/workspace`)).json()).away, true);
  await until(() => frame.isHidden('#away'), 'the away card gone once the agent answered');
  assert.doesNotMatch(await frame.textContent('#availability'), /away/i);
  const hostEvents = await page.evaluate(() => window.__events);
  assert.ok(hostEvents.some(([ev, m]) => ev === 'message' && m.text === 'Hi! It left our warehouse today.'), JSON.stringify(hostEvents));
  assert.ok(hostEvents.some(([ev]) => ev === 'open'));


  // Closed chat + new agent message = unread badge on the launcher; opening clears it.
  await page.click('.parley-launcher');
  assert.equal(await page.isHidden('.parley-box'), true);
  await agent.reply(conv.id, 'Anything else?');
  await page.waitForSelector('.parley-badge:not([hidden])');
  assert.equal(await page.textContent('.parley-badge'), '1');
  await page.click('.parley-launcher');
  await page.waitForSelector('.parley-badge', { state: 'hidden' });
  assert.ok((await page.evaluate(() => window.__events)).some(([ev, n]) => ev === 'unread' && n === 1));

  // A reload keeps the history (from the relay) and the same conversation.
  await page.reload();
  const again = await openWidget(page);
  await until(async () => (await logTexts(again)).join('|') === 'Hello, where is my order?|Hi! It left our warehouse today.|Anything else?', 'history after reload');
  await typeAndSend(again, 'No, thanks!');
  await until(async () => (await agent.messages(conv.id)).some((m) => m.text === 'No, thanks!'), 'the message after reload in the same conversation');
  assert.equal((await agent.conversations()).filter((c) => c.visitor_id === conv.visitor_id).length, 1);

  // Resolution asks for CSAT (one tap); the rating reaches the relay.
  await agent.status(conv.id, 'resolved');
  await again.waitForSelector('#csat:not([hidden])');
  await again.click('#csat-row button:nth-child(5)');
  await again.waitForSelector('#csat-status:text("Thanks")');
  assert.equal((await agent.conversation(conv.id)).csat.score, 5);

  // Transcript download holds the whole conversation.
  const [download] = await Promise.all([page.waitForEvent('download'), again.click('#transcript')]);
  const text = readFileSync(await download.path(), 'utf8');
  for (const s of ['Hello, where is my order?', 'Hi! It left our warehouse today.', 'No, thanks!']) assert.ok(text.includes(s), text);
  await page.screenshot({ path: artifact('widget-en.png') });
  await context.close();
});

test('attachments and emoji reach the agent', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  const frame = await openWidget(page);
  await frame.click('#emoji');
  await frame.click('#emoji-panel button:has-text("👍")');
  assert.equal(await frame.inputValue('#input'), '👍');
  await frame.press('#input', 'Enter');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await frame.setInputFiles('#file', { name: 'receipt.png', mimeType: 'image/png', buffer: png });
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  const msgs = await until(async () => { const m = await agent.messages(conversation); return m.length === 2 && m; }, 'emoji and attachment at the agent');
  assert.equal(msgs[0].text, '👍');
  assert.equal(msgs[1].attachments[0].content_type, 'image/png');
  await frame.waitForSelector('#log .msg.mine .attachment img');
  await context.close();
});

test('away: the customer can leave an e-mail for the reply', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  const frame = await openWidget(page);
  const ws = await (await fetch(`${relay.url}/api/v1/workspace`)).json();
  // No agent holds an event stream in this test, so the relay reports the team away.
  assert.equal(ws.away, true);
  await frame.waitForSelector('#away:not([hidden])');
  await frame.fill('#email', 'not-an-address');
  await frame.click('#email-form button[type=submit]');
  assert.equal(await frame.getAttribute('#email', 'aria-invalid'), 'true');
  await frame.fill('#email', 'ana@example.com');
  await frame.click('#email-form button[type=submit]');
  await frame.waitForSelector('#email-status:text("ana@example.com")');
  const { token } = await session(frame);
  const me = await api(relay.url, token).call('GET', '/api/v1/visitors/me');
  assert.equal(me.body.email, 'ana@example.com');
  await context.close();
});

test('a returning visitor with a conversation gets the unread badge without opening the chat', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relay.url}/`);
  const frame = await openWidget(page);
  await typeAndSend(frame, 'Is the scarf in stock?');
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  await until(async () => (await agent.messages(conversation)).length === 1, 'the question at the agent');
  await page.reload();
  await appFrame(page);  // loaded in the background for a visitor with a conversation
  assert.equal(await page.isHidden('.parley-box'), true);
  await agent.reply(conversation, 'Yes, in all colours.');
  await page.waitForSelector('.parley-badge:not([hidden])');
  await context.close();
});

test('a verified user (setUser with identifier_hash) finds their conversation on another device', async () => {
  const { createHmac } = await import('node:crypto');
  const secured = await startRelay({ args: ['--identity-secret', 'widget-test-secret'] });
  try {
    const user = { user_id: 'u_42', identifier_hash: createHmac('sha256', 'widget-test-secret').update('u_42').digest('hex'), name: 'Ana Lima', email: 'ana@example.com' };
    const boot = (page) => page.evaluate((u) => window.Parley('setUser', u), user);
    const laptop = await browser.newContext();
    const p1 = await laptop.newPage();
    await p1.goto(`${secured.url}/`);
    await boot(p1);
    const f1 = await openWidget(p1);
    await typeAndSend(f1, 'Sent from my laptop');
    const conv = await until(async () => (await api(secured.url).conversations()).find((c) => c.last_message && c.last_message.text === 'Sent from my laptop'), 'the conversation');
    assert.equal(conv.visitor.verified, true);
    assert.equal(conv.visitor.user_id, 'u_42');
    assert.equal(conv.visitor.name, 'Ana Lima');

    const phone = await browser.newContext();  // no shared storage: another device
    const p2 = await phone.newPage();
    await p2.goto(`${secured.url}/`);
    await boot(p2);
    const f2 = await openWidget(p2);
    await until(async () => (await logTexts(f2)).includes('Sent from my laptop'), 'the history on the other device');
    // A forged hash does not get in: that visitor stays anonymous and sees nothing of u_42's.
    const stranger = await browser.newContext();
    const p3 = await stranger.newPage();
    await p3.goto(`${secured.url}/`);
    await p3.evaluate(() => window.Parley('setUser', { user_id: 'u_42', identifier_hash: '0'.repeat(64) }));
    const f3 = await openWidget(p3);
    await typeAndSend(f3, 'let me in');
    await until(async () => (await session(f3)).conversation, 'the stranger conversation');
    assert.ok(!(await logTexts(f3)).includes('Sent from my laptop'));
    await Promise.all([laptop.close(), phone.close(), stranger.close()]);
  } finally {
    await secured.stop();
  }
});
