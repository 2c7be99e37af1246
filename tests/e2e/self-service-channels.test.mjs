// Self-service over provider webhooks (issue 15): the same order-status flow on WhatsApp and LINE,
// the bot's options sent in each channel's own form — WhatsApp reply buttons or a list, LINE
// quick-reply items — to the provider simulators, which check every request against the vendor's spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRelay, eventually } from './browser.mjs';
import { AGENT, inboundText, postWebhook, providerSimulators, signatureHeaders, workspace } from './channels-fixture.mjs';
import { api } from './relay-client.mjs';

let providers, relay, ws, agent;
before(async () => {
  const sim = await providerSimulators();
  providers = await sim.startProviders();
  const port = await freePort();
  ws = { ...workspace({ port, apiBase: providers.url, smtpPort: providers.smtpPort, outbox: { retry_base_ms: 100 } }), automation: { enabled: true } };
  const file = join(mkdtempSync(join(tmpdir(), 'parley-ws-')), 'workspace.json');
  writeFileSync(file, JSON.stringify(ws));
  relay = await startRelay({ port, args: ['--agent-token', AGENT, '--workspace', file] });
  providers.attach({ relayUrl: relay.url, workspace: ws });
  agent = api(relay.url, AGENT);
});
after(async () => { await relay?.stop(); await providers?.stop(); });

// The provider requests that carry `needle`, once the outbox has sent them.
async function sentWith(channel, needle, to = null) {
  let found = [];
  await eventually(async () => {
    found = (await providers.received(channel)).filter((r) => JSON.stringify(r.body).includes(needle) && (to === null || r.body.to === to));
    return found.length > 0;
  }, 15000);
  for (const r of found) assert.deepEqual(r.errors ?? [], [], `${channel}: the request is valid against the vendor's spec`);
  return found.map((r) => r.body);
}

async function say(channel, from, text) {
  const w = inboundText(ws, channel, { from, text });
  assert.equal((await postWebhook(relay, channel, w)).status, 200);
  return w;
}

test('WhatsApp: order status through the webhook, the answer with reply buttons, a tapped button confirms', async () => {
  const from = '5511990001234';
  await say('whatsapp', from, 'Where is my order?');
  const [ask] = await sentWith('whatsapp', 'What is your order number?');
  // One option ("Talk to a person") fits WhatsApp's reply buttons.
  assert.equal(ask.type, 'interactive');
  assert.deepEqual(ask.interactive.action.buttons.map((b) => b.reply.id), ['handoff']);
  await say('whatsapp', from, 'PD-204816');
  const [answer] = await sentWith('whatsapp', 'JD014600006281');
  assert.equal(answer.type, 'interactive');
  assert.equal(answer.interactive.type, 'button');
  assert.match(answer.interactive.body.text, /shipped with DHL/);
  assert.deepEqual(answer.interactive.action.buttons.map((b) => [b.reply.id, b.reply.title]), [['yes', 'Yes, thanks'], ['no', 'No, talk to a person']]);
  // The customer taps "Yes, thanks": WhatsApp sends a button_reply.
  const tap = JSON.parse(inboundText(ws, 'whatsapp', { from, text: 'x' }).body);
  const msg = tap.entry[0].changes[0].value.messages[0];
  delete msg.text;
  msg.type = 'interactive';
  msg.interactive = { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes, thanks' } };
  const body = JSON.stringify(tap);
  assert.equal((await postWebhook(relay, 'whatsapp', { body, headers: signatureHeaders(ws, 'whatsapp', body) })).status, 200);
  await sentWith('whatsapp', 'Glad that helped');
  const c = (await agent('GET', '/api/v1/conversations?limit=500')).json.conversations.find((x) => x.contact?.id === from);
  assert.equal(c.automation.rule, 'confirmed');
});

// WhatsApp's list message: 4–10 options behind a menu button (here the five return reasons and
// "Talk to a person"); the customer's pick comes back as a list_reply.
test('WhatsApp: six options go as an interactive list, and a picked row moves the flow on', async () => {
  const from = '5511990005678';
  await say('whatsapp', from, 'I want a refund for my order');
  await sentWith('whatsapp', 'What is your order number?', from);
  await say('whatsapp', from, 'It is PD-310552');
  const [items] = await sentWith('whatsapp', 'Merino scarf', from);
  assert.equal(items.type, 'interactive');
  await say('whatsapp', from, 'Merino scarf');
  const [reasons] = await sentWith('whatsapp', 'too_small', from);
  assert.equal(reasons.type, 'interactive');
  assert.equal(reasons.interactive.type, 'list');
  assert.equal(reasons.interactive.action.button, 'Choose');
  const rows = reasons.interactive.action.sections.flatMap((s) => s.rows);
  assert.deepEqual(rows.map((r) => r.id), ['too_small', 'too_large', 'damaged', 'not_as_described', 'changed_mind', 'handoff']);
  for (const r of rows) assert.ok([...r.title].length <= 24, `row title within 24 characters: ${r.title}`);
  assert.doesNotMatch(reasons.interactive.body.text, /Reply with a number/, 'a native list needs no numbered text');
  const pick = JSON.parse(inboundText(ws, 'whatsapp', { from, text: 'x' }).body);
  const msg = pick.entry[0].changes[0].value.messages[0];
  delete msg.text;
  msg.type = 'interactive';
  msg.interactive = { type: 'list_reply', list_reply: { id: rows[2].id, title: rows[2].title } };
  const body = JSON.stringify(pick);
  assert.equal((await postWebhook(relay, 'whatsapp', { body, headers: signatureHeaders(ws, 'whatsapp', body) })).status, 200);
  const [resolution] = await sentWith('whatsapp', 'Would you like a refund', from);
  assert.equal(resolution.interactive.type, 'button', 'two options and "Talk to a person" fit reply buttons');
  const c = (await agent('GET', '/api/v1/conversations?limit=500')).json.conversations.find((x) => x.contact?.id === from);
  assert.equal(c.automation.action, 'flow', 'the flow goes on to the next step');
});

test('LINE: the same flow, the options as quick-reply items on the last message', async () => {
  const from = 'U4af4980629a0b2c7f6d1b2e3c0000001';
  await say('line', from, 'Where is my order PD-204816?');
  const [answer] = await sentWith('line', 'JD014600006281');
  const last = answer.messages.at(-1);
  assert.deepEqual(last.quickReply.items.map((i) => [i.action.type, i.action.label, i.action.text]),
    [['message', 'Yes, thanks', 'Yes, thanks'], ['message', 'No, talk to a person', 'No, talk to a person']]);
  // Tapping a LINE quick reply sends its text: "No, talk to a person" hands off.
  await say('line', from, 'No, talk to a person');
  await sentWith('line', 'passing you to a person');
  const c = (await agent('GET', '/api/v1/conversations?limit=500')).json.conversations.find((x) => x.contact?.id === from);
  assert.equal(c.automation.handoff.rule, 'customer_asked');
  assert.equal(c.status, 'waiting_on_agent');
});

test('SMS: the options as a numbered list, and the customer answers with the number', async () => {
  const from = '+14155550199';
  await say('sms', from, 'Where is my order PD-204816?');
  const [answer] = await sentWith('sms', 'JD014600006281');
  assert.match(answer.Body, /1\. Yes, thanks/);
  assert.match(answer.Body, /2\. No, talk to a person/);
  await say('sms', from, '1');
  await sentWith('sms', 'Glad that helped');
});
