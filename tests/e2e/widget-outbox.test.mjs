// Nothing lost: a scripted burst of messages through a network cut, lost answers, a relay restart
// and a page reload arrives exactly once each, in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, launchBrowser } from './browser.mjs';
import { until, openWidget, typeAndSend, logTexts, api, session } from './widget-helpers.mjs';

let relay, browser;
before(async () => { relay = await startRelay(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await relay?.stop(); });

const pendingCount = (frame) => frame.evaluate(() => new Promise((resolve) => {
  const req = indexedDB.open('parley:demo:outbox');
  req.onsuccess = () => {
    const r = req.result.transaction('outbox').objectStore('outbox').count();
    r.onsuccess = () => resolve(r.result);
  };
  req.onerror = () => resolve(-1);
}));

test('burst through offline, lost answers, relay restart and reload: 0 lost, 0 duplicated, in order', async () => {
  const context = await browser.newContext();
  let page = await context.newPage();
  await page.goto(`${relay.url}/`);
  let frame = await openWidget(page);
  const sent = [];
  const say = async (text) => { sent.push(text); await typeAndSend(frame, text); };

  await say('m01 online');
  const conversation = await until(async () => (await session(frame)).conversation, 'the conversation id');
  const agent = api(relay.url);

  // 1. Network cut: messages queue in IndexedDB, shown as pending.
  await context.setOffline(true);
  for (let i = 2; i <= 6; i++) await say(`m${String(i).padStart(2, '0')} offline`);
  await until(async () => (await pendingCount(frame)) === 5, 'five messages in the outbox');
  await frame.waitForSelector('#notice:has-text("offline")');
  assert.equal((await frame.$$('#log .msg.pending')).length, 5);
  await context.setOffline(false);

  // 2. Lost answers: the relay stores the message but the browser never hears back; the retry
  //    with the same idempotency key must not create a second message.
  let dropped = 0;
  await context.route('**/api/v1/conversations/*/messages', async (route) => {
    if (route.request().method() === 'POST' && dropped < 3) {
      dropped++;
      await route.fetch();          // reaches the relay and is stored
      return route.abort('connectionreset');  // ... but the answer is lost
    }
    return route.continue();
  });
  for (let i = 7; i <= 9; i++) await say(`m${String(i).padStart(2, '0')} lossy`);
  await until(async () => (await pendingCount(frame)) === 0, 'outbox drained after lost answers', 40000);
  assert.equal(dropped, 3);
  await context.unroute('**/api/v1/conversations/*/messages');

  // 3. Relay restart while sending.
  await relay.stop();
  for (let i = 10; i <= 13; i++) await say(`m${String(i).padStart(2, '0')} relay down`);
  await until(async () => (await pendingCount(frame)) === 4, 'four messages waiting for the relay');

  // 4. Page reload while the relay is still down: the page is gone, the outbox stays.
  await page.close();
  relay = await startRelay({ port: relay.port, data: relay.data });
  page = await context.newPage();
  await page.goto(`${relay.url}/`);
  frame = await openWidget(page);
  for (let i = 14; i <= 15; i++) await say(`m${String(i).padStart(2, '0')} after reload`);

  const texts = await until(async () => {
    const m = await agent.messages(conversation);
    return m.length >= sent.length && (await pendingCount(frame)) === 0 && m.map((x) => x.text);
  }, 'every message at the relay', 40000);
  assert.deepEqual(texts, sent, 'each message exactly once, in the order typed');
  const keys = (await agent.messages(conversation)).map((m) => m.idempotency_key);
  assert.equal(new Set(keys).size, keys.length);
  // The customer sees the same, once each.
  await until(async () => (await logTexts(frame)).join('|') === sent.join('|'), 'the widget log to match');
  await context.close();
});
