// The real Assist panel in the real agent console on a real relay: a customer writes from the
// widget's API, the agent opens the conversation, the panel beside it triages, routes and drafts,
// and the agent sends from the panel; the reply is stored by the relay and reaches the customer, and
// the article it cites joins the knowledge history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifact, eventually, relayAndBrowser } from './browser.mjs';
import { newVisitor } from './relay-client.mjs';

const env = relayAndBrowser();


test('the agent answers a Japanese web chat from the Assist panel beside the conversation', async () => {
  const v = await newVisitor(env.relay.url, { name: '山田 花子' });
  const c = (await v.call('POST', '/api/v1/conversations', { channel: 'webchat', locale: 'ja',
    session_context: { page_url: 'https://shop.example/orders/PD-104233', locale: 'ja-JP', timezone: 'Asia/Tokyo' } })).json;
  await v.call('POST', `/api/v1/conversations/${c.id}/messages`,
    { idempotency_key: 'k1', text: '注文したPD-104233がまだ届きません。いつ届きますか？' });

  const page = await env.browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${env.relay.url}/console/`);
  await page.click('#login-form button[type=submit]');
  await page.locator(`.inbox-item[data-id="${c.id}"]`).click();

  const panel = page.frameLocator('#assist-host iframe');
  await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
  await panel.locator('#case[data-analysed="true"]:not([hidden])').waitFor();
  assert.match(await panel.locator('#last-message').textContent(), /PD-104233/);
  assert.equal(await panel.locator('#f-language').textContent(), 'ja');
  assert.equal(await panel.locator('#f-intent').getAttribute('data-intent'), 'order_status');
  assert.ok(!(await panel.locator('#route-target').getAttribute('class') || '').includes('unavailable'));
  // A Japanese web-chat draft with the order number from the conversation.
  await eventually(async () => /PD-104233/.test(await panel.locator('#draft-text').inputValue()), 20000)
    .catch(async (e) => { await page.screenshot({ path: artifact('console-assist-ja-failed.png') }); throw e; });
  // The relay does not know the delivery date: the slot is marked, and the panel refuses to send
  // until the agent fills it in.
  let draft = await panel.locator('#draft-text').inputValue();
  assert.match(draft, /⟦delivery_date⟧/);
  await panel.locator('#findings li[data-code="unfilled_slot"]').waitFor();
  await panel.locator('#send').click();
  assert.match(await panel.locator('#send-status').textContent(), /Cannot send/);
  draft = draft.replace('⟦delivery_date⟧', '11月25日');
  await panel.locator('#draft-text').fill(draft);
  await eventually(async () => (await panel.locator('#findings li[data-code="unfilled_slot"]').count()) === 0);
  await page.screenshot({ path: artifact('console-assist-ja.png') });

  await panel.locator('#send').click();
  await page.locator('#messages .message.from-agent', { hasText: 'PD-104233' }).waitFor();
  const seen = (await v.call('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages;
  assert.equal(seen.at(-1).author.type, 'agent');
  assert.equal(seen.at(-1).text, draft);
  // The article the draft cited went with the reply: the knowledge history learnt it answers the customer's words.
  const cited = await panel.locator('#citations li[data-article]').first().getAttribute('data-article');
  assert.ok(cited, 'the draft cites an article');
  const learnt = await (await fetch(`${env.relay.url}/api/v1/packs/demo/kb-history`, { headers: { Authorization: 'Bearer demo-agent' } })).json();
  const last = learnt.history.at(-1);
  assert.deepEqual([last.text, last.article_id, last.conversation_id], ['注文したPD-104233がまだ届きません。いつ届きますか？', cited, c.id]);
  // The panel recorded the reply in the case's evidence chain, and the chain verifies.
  await panel.locator('#evidence-verify').click();
  await eventually(async () => /\d/.test(await panel.locator('#evidence-status').textContent()));
  assert.doesNotMatch(await panel.locator('#evidence-status').textContent(), /壊れ|broken/);
  assert.deepEqual(problems, []);
  await page.close();
});
