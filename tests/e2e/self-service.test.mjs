// Self-service end to end (issue 15): the relay's bot answers in the widget from the demo store's
// orders API (orders in SQLite), runs the return flow to a label, offers "talk to a person" at
// every step and hands off with the packet the agent sees; anger goes straight to a person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relayAndBrowser, artifact } from './browser.mjs';
import { until, openWidget, typeAndSend, logTexts, api, session } from './widget-helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'parley-selfservice-'));
const workspace = join(dir, 'workspace.json');
writeFileSync(workspace, JSON.stringify({ automation: { enabled: true } }));
const env = relayAndBrowser({ args: ['--workspace', workspace] });

async function chat(locale = 'en-GB') {
  const context = await env.browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto(`${env.relay.url}/`);
  const frame = await openWidget(page);
  return { context, page, frame };
}

const botTexts = (frame) => frame.$$eval('#log .msg.bot .text', (els) => els.map((e) => e.textContent));
const quickReplies = (frame) => frame.$$eval('#log .quick-replies button', (els) => els.map((e) => e.textContent));

test('order status: the bot answers from the shop\'s orders API, with Yes / talk to a person', async () => {
  const { context, page, frame } = await chat();
  await typeAndSend(frame, 'Where is my order PD-204816?');
  const answer = await until(async () => (await botTexts(frame)).find((t) => t.includes('PD-204816')), 'the bot\'s answer');
  // The order's own data, read from the shop database through the connector: carrier and tracking number.
  assert.match(answer, /DHL/);
  assert.match(answer, /JD014600006281/);
  const replies = await until(async () => { const r = await quickReplies(frame); return r.length ? r : null; }, 'quick replies');
  assert.deepEqual(replies, ['Yes, thanks', 'No, talk to a person']);
  assert.equal(await frame.getAttribute('#log .quick-replies', 'role'), 'group');
  await page.screenshot({ path: artifact('self-service-order-status.png') });
  // Tapping "Yes" confirms: the resolution counts, the bot says so, the buttons go.
  await frame.click('#log .quick-replies button[data-choice="yes"]');
  await until(async () => (await botTexts(frame)).length >= 2, 'the bot\'s thanks');
  assert.equal((await quickReplies(frame)).includes('Yes, thanks'), false);
  const { conversation } = await session(frame);
  const msgs = await api(env.relay.url).messages(conversation);
  assert.equal(msgs.find((m) => m.text === 'Yes, thanks')?.channel_data?.choice, 'yes', 'the pick reaches the relay with its id');
  const conv = await api(env.relay.url).conversation(conversation);
  assert.equal(conv.automation.rule, 'confirmed');
  await context.close();
});

test('a return runs to a prepaid label: order, item, reason, refund or exchange', async () => {
  const { context, page, frame } = await chat();
  await typeAndSend(frame, 'I want a refund for my order');
  await until(async () => (await botTexts(frame)).some((t) => /order number/i.test(t)), 'the bot asks for the order number');
  await typeAndSend(frame, 'PD-123');  // not an order number: said so, asked again
  await until(async () => (await botTexts(frame)).length >= 2, 'the invalid answer noticed');
  await typeAndSend(frame, 'It is PD-310552');
  await until(async () => (await quickReplies(frame)).includes('Merino scarf'), 'the order\'s items as choices');
  await frame.click('#log .quick-replies button[data-choice="SCARF-03"]');
  await until(async () => (await quickReplies(frame)).length > 2, 'the reasons');
  await frame.click('#log .quick-replies button[data-choice="too_small"]');
  await until(async () => (await quickReplies(frame)).some((t) => /exchange/i.test(t)), 'refund or exchange');
  await frame.click('#log .quick-replies button[data-choice="exchange"]');
  const done = await until(async () => (await botTexts(frame)).find((t) => /RMA-/.test(t)), 'the return and its label');
  const label = done.match(/https?:\/\/\S+\/label/);
  assert.ok(label, done);
  const res = await fetch(label[0]);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Order PD-310552, item SCARF-03/);
  await page.screenshot({ path: artifact('self-service-return.png') });
  await context.close();
});

test('"talk to a person" mid-flow hands off at once, and the agent gets the packet: nothing asked twice', async () => {
  const { context, frame } = await chat();
  await typeAndSend(frame, 'I want a refund for my order');
  await until(async () => (await quickReplies(frame)).length, 'the flow\'s first question');
  await typeAndSend(frame, 'PD-310552');
  await until(async () => (await quickReplies(frame)).includes('Merino scarf'), 'the item question');
  await frame.click('#log .quick-replies button[data-choice="handoff"]');
  await until(async () => (await botTexts(frame)).some((t) => /passing you to a person/.test(t)), 'the hand-off message');
  const { conversation } = await session(frame);
  const agent = api(env.relay.url);
  const conv = await until(async () => { const c = await agent.conversation(conversation); return c.automation?.handoff ? c : null; }, 'the packet');
  assert.equal(conv.status, 'waiting_on_agent');
  const p = conv.automation.handoff;
  assert.equal(p.rule, 'customer_asked');
  assert.equal(p.intent, 'return_refund');
  assert.equal(p.fields.order_number, 'PD-310552');
  assert.deepEqual(p.flows_tried, ['return']);
  assert.ok(p.customer_words.includes('I want a refund for my order'));
  // The console shows the packet beside the conversation.
  const desk = await env.browser.newPage();
  await desk.goto(`${env.relay.url}/console/`);
  await desk.click('#login-form button[type=submit]');
  await desk.locator(`.inbox-item[data-id="${conversation}"]`).click();
  await desk.waitForSelector('#context-list dd[data-key="ctx_handoff_fields"]');
  assert.match(await desk.locator('#context-list dd[data-key="ctx_handoff_fields"]').textContent(), /order_number: PD-310552/);
  assert.match(await desk.locator('#context-list dd[data-key="ctx_handoff_tried"]').textContent(), /Flow: return/);
  assert.match(await desk.locator('#context-list dd[data-key="ctx_handoff_queue"]').textContent(), /billing — customer_asked/);
  await desk.screenshot({ path: artifact('self-service-console-packet.png') });
  await desk.close();
  // Afterwards the bot stays quiet: the person answers.
  const before = (await botTexts(frame)).length;
  await typeAndSend(frame, 'Thanks, I will wait');
  await until(async () => (await agent.messages(conversation)).some((m) => m.text === 'Thanks, I will wait'), 'the message stored');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await botTexts(frame)).length, before, 'no bot reply after the hand-off');
  await context.close();
});

test('an angry customer goes straight to a senior person, with no flow first', async () => {
  const { context, frame } = await chat();
  await typeAndSend(frame, 'This is a disgrace!!! My order PD-204816 is STILL not here and nobody answers, I am furious');
  await until(async () => (await botTexts(frame)).some((t) => /passing you to a person/.test(t)), 'the hand-off');
  const { conversation } = await session(frame);
  const conv = await api(env.relay.url).conversation(conversation);
  assert.equal(conv.automation.handoff.queue, 'senior', JSON.stringify(conv.automation));
  assert.deepEqual(conv.automation.handoff.flows_tried, []);
  assert.deepEqual(await logTexts(frame).then((t) => t.filter((x) => /order number/i.test(x))), []);
  await context.close();
});

test('a question gets a cited article card; "No, talk to a person" hands off with the article tried', async () => {
  const { context, page, frame } = await chat();
  await typeAndSend(frame, 'How do I return an item?');
  const card = await frame.waitForSelector('#log .msg.bot .kb-card h3', { timeout: 20000 });
  assert.equal(await card.textContent(), 'Returning an item');
  assert.equal(await frame.getAttribute('#log .msg.bot .kb-card', 'aria-label'), 'Help article');
  assert.match((await botTexts(frame))[0], /Did this answer your question\?/);
  await page.screenshot({ path: artifact('self-service-article.png') });
  await frame.focus('#log .quick-replies button[data-choice="no"]');  // keyboard: the options are buttons
  await frame.press('#log .quick-replies button[data-choice="no"]', 'Enter');
  await until(async () => (await botTexts(frame)).some((t) => /passing you to a person/.test(t)), 'the hand-off');
  const { conversation } = await session(frame);
  const conv = await api(env.relay.url).conversation(conversation);
  assert.equal(conv.automation.handoff.rule, 'customer_asked');
  assert.deepEqual(conv.automation.handoff.articles_tried, ['returns.en']);
  await context.close();
});

test('as-you-type suggestions: public articles searched on the device, the knowledge core loaded only once typing starts', async () => {
  const context = await env.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const urls = [];
  page.on('request', (r) => urls.push(new URL(r.url()).pathname));
  await page.goto(`${env.relay.url}/`);
  const frame = await openWidget(page);
  assert.equal(urls.includes('/core/parley-kb.wasm'), false, 'not part of the first open');
  await frame.fill('#input', 'how do I return an item');
  const title = await frame.waitForSelector('#suggestions .suggestion summary', { timeout: 20000 });
  assert.equal(await title.textContent(), 'Returning an item');
  assert.ok(urls.includes('/core/parley-kb.wasm'));
  assert.equal(await frame.getAttribute('#suggestions', 'aria-live'), 'polite');
  // Only what a help centre would publish reaches the browser.
  const { articles } = await (await fetch(`${env.relay.url}/api/v1/knowledge/articles`)).json();
  assert.ok(articles.length > 0);
  assert.deepEqual(articles.filter((a) => a.audience === 'internal' || /internal/.test(a.id)), []);
  // Opening a suggestion shows the article in place; nothing was sent.
  await frame.click('#suggestions .suggestion summary');
  assert.match(await frame.textContent('#suggestions .suggestion[open] p'), /30 days/);
  await page.screenshot({ path: artifact('self-service-suggestions.png') });
  assert.equal(urls.filter((u) => u.endsWith('/messages')).length, 0, 'typing sends nothing');
  await frame.press('#input', 'Enter');
  await until(async () => frame.$eval('#suggestions', (el) => el.hidden), 'the suggestions to close once sent');
  await context.close();
});

test('the shop API refuses a caller without its token', async () => {
  const r = await fetch(`${env.relay.url}/api/v1/shop/orders/PD-204816`, { headers: { Authorization: 'Bearer demo-agent' } });
  assert.equal(r.status, 401);
  assert.equal((await r.json()).error.code, 'unauthorized');
});
