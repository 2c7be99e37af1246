// One inbox for every channel (issue 13), in Chromium against the real relay: each conversation is
// labelled with its channel and can be filtered by it; the selected one shows the customer's handle
// on the channel and whether a free-form reply may go out now; outside WhatsApp's 24 hours the
// reply box offers the approved templates, outside Messenger's window the HUMAN_AGENT tag; a reply
// shows its delivery status as it moves; Assist gets the real channel. English and Japanese.
// WeCom 微信客服 goes round the whole loop against tests/sim/wecom.mjs: an encrypted callback, the
// relay's pull, the console, Assist's draft sent from the panel, a valid kf/send_msg, the status.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifact, eventually, launchBrowser } from './browser.mjs';
import { api } from './relay-client.mjs';
import { AGENT, inboundText, postWebhook, startChannelRelay } from './channels-fixture.mjs';
import { startWeCom } from '../sim/wecom.mjs';

const HOUR = 3600 * 1000;
let relay;
let ws;
let browser;
let agent;
let wecom;
const problems = [];
const KF = 'wkConsoleKf0001';
const WECOM = { token: 'wecom-console-token', encoding_aes_key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corp_id: 'ww00112233445566',
  secret: 'wecom-console-secret' };
const conv = {};

async function receive(channel, options = {}) {
  const w = inboundText(ws, channel, options);
  const r = await postWebhook(relay, channel, w);
  assert.equal(r.status, 200, `${channel}: ${r.text}`);
  const { conversations } = (await agent('GET', '/api/v1/conversations?limit=500')).json;
  return conversations.find((c) => c.channel === channel && c.contact?.id === w.from);
}

before(async () => {
  wecom = await startWeCom({ account: WECOM, kfids: [KF] });
  ({ relay, ws } = await startChannelRelay({ outbox: { retry_base_ms: 100, timeout_ms: 1000, max_attempts: 1 },
    extra: { wecom: { ...WECOM, api_base: wecom.url } } }));
  agent = api(relay.url, AGENT);
  // WhatsApp: the customer wrote 25 hours ago, so only a template may go out.
  conv.whatsapp = await receive('whatsapp', { text: 'Is my parcel lost?', at: Date.now() - 25 * HOUR });
  // Messenger: 3 days ago, so only a person with the HUMAN_AGENT tag may reply.
  conv.messenger = await receive('messenger', { text: 'Still waiting for the refund', at: Date.now() - 72 * HOUR });
  conv.line = await receive('line', { text: '注文した商品がまだ届きません' });
  conv.email = await receive('email', { text: 'Please change my delivery address.' });
  conv.sms = await receive('sms', { text: 'Where is my order 10023?' });
  // WeCom: the callback only says "pull"; the relay fetches the message with kf/sync_msg.
  const user = `wmConsole${Date.now().toString(36)}`;
  wecom.customerSays(user, 'Hello, my order 10023 has not arrived yet. Where is it?', KF);
  assert.equal((await wecom.callback(relay.url, { open_kfid: KF })).status, 200);
  await eventually(async () => (conv.wecom = (await agent('GET', '/api/v1/conversations?limit=500')).json.conversations
    .find((c) => c.channel === 'wecom' && c.contact?.id === user)));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await relay?.stop();
  await wecom?.stop();
});

async function signedInConsole() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text()); });
  await page.goto(`${relay.url}/console/`);
  await page.fill('#token', AGENT);
  await page.click('#login-form button[type=submit]');
  await page.locator('.inbox-item').first().waitFor();
  return page;
}

test('the inbox labels every conversation with its channel and filters by channel', async () => {
  const page = await signedInConsole();
  for (const [channel, label] of [['whatsapp', 'WhatsApp'], ['messenger', 'Messenger'], ['line', 'LINE'], ['email', 'E-mail'], ['sms', 'SMS'], ['wecom', 'WeCom']]) {
    const item = page.locator(`.inbox-item[data-id="${conv[channel].id}"]`);
    assert.equal(await item.locator('.channel-chip').textContent(), label);
  }
  await page.selectOption('#channel-filter', 'line');
  await eventually(async () => (await page.locator('.inbox-item').count()) === 1);
  assert.equal(await page.locator('.inbox-item').getAttribute('data-id'), conv.line.id);
  await page.selectOption('#channel-filter', '');
  assert.ok((await page.locator('.inbox-item').count()) >= 6);
  assert.deepEqual(problems, []);
  await page.close();
});

test('WhatsApp outside 24 hours: the state says why, the reply box offers the approved template, and it is sent', async () => {
  const page = await signedInConsole();
  await page.click(`.inbox-item[data-id="${conv.whatsapp.id}"]`);
  await page.locator('#channel-state .window-state').waitFor();
  assert.match(await page.textContent('#conv-channel'), /WhatsApp.*\+55/);
  assert.equal(await page.getAttribute('#channel-state .window-state', 'data-window'), 'limited');
  assert.match(await page.textContent('#channel-state'), /only an approved template/);
  // A free-form text is refused by the relay too: the agent is told why, nothing is stored.
  const before = (await agent('GET', `/api/v1/conversations/${conv.whatsapp.id}/messages`)).json.messages.length;
  await page.fill('.template-param', '');
  await page.fill('#reply-text', 'Hello?');
  await page.click('#send');
  await eventually(async () => /parameter 1/.test(await page.textContent('#reply-error')));
  assert.equal((await agent('GET', `/api/v1/conversations/${conv.whatsapp.id}/messages`)).json.messages.length, before);
  await page.fill('.template-param', 'PD-123456');
  await page.fill('#reply-text', '');
  await page.click('#send');
  const sent = page.locator('.message.from-agent').last();
  await sent.locator('.template-used').waitFor();
  assert.match(await sent.textContent(), /follow_up \(PD-123456\)/);
  assert.ok(await sent.locator('.delivery').count(), 'the reply shows its delivery status');
  const stored = (await agent('GET', `/api/v1/conversations/${conv.whatsapp.id}/messages`)).json.messages.at(-1);
  assert.deepEqual(stored.channel_data.template.parameters, ['PD-123456']);
  await page.screenshot({ path: artifact('console-channels-whatsapp.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('Messenger after 3 days: only with the HUMAN_AGENT tag, which the agent must confirm', async () => {
  const page = await signedInConsole();
  await page.click(`.inbox-item[data-id="${conv.messenger.id}"]`);
  await page.locator('#reply-tag').waitFor();
  assert.match(await page.textContent('#channel-state'), /HUMAN_AGENT/);
  await page.fill('#reply-text', 'Your refund was issued today.');
  await page.click('#send');
  await eventually(async () => /HUMAN_AGENT/.test(await page.textContent('#reply-error')));
  await page.check('#reply-tag');
  await page.click('#send');
  await eventually(async () => (await agent('GET', `/api/v1/conversations/${conv.messenger.id}/messages`)).json.messages.at(-1).channel_data?.tag === 'HUMAN_AGENT');
  // The delivery status follows the outbox live: here no provider answers, so it ends failed with the reason.
  const last = page.locator('.message.from-agent').last();
  await eventually(async () => ['failed', 'unknown', 'sent', 'delivered', 'read'].includes(await last.locator('.delivery').getAttribute('data-delivery')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('LINE, e-mail and SMS: window and handle per channel; Japanese labels; Assist gets the real channel', async () => {
  const page = await signedInConsole();
  await page.click(`.inbox-item[data-id="${conv.line.id}"]`);
  await page.locator('#channel-state .window-state').waitFor();
  assert.equal(await page.getAttribute('#channel-state .window-state', 'data-window'), 'open');
  assert.match(await page.textContent('#channel-state'), /reply token/);
  // LINE gives no locale: Assist takes the customer's language from their words, and drafts in it.
  const panel = page.frameLocator('.assist-frame');
  await eventually(async () => (await panel.locator('#case').getAttribute('data-conversation')) === conv.line.id
    && (await panel.locator('#case').getAttribute('data-analysed')) === 'true', 20000);
  assert.equal(await panel.locator('#channel-name').textContent(), 'line');
  assert.match(await panel.locator('#f-language').textContent(), /^ja/);
  assert.match(await panel.locator('#draft-text').getAttribute('lang'), /^ja/);
  await page.click(`.inbox-item[data-id="${conv.email.id}"]`);
  await page.locator('#reply-subject').waitFor();
  assert.match(await page.textContent('#conv-channel'), /E-mail.*@example\.org/);
  await page.click(`.inbox-item[data-id="${conv.sms.id}"]`);
  // Twilio gives no name: the number is the title, and is not repeated beside the channel.
  await eventually(async () => /^\+1415/.test(await page.textContent('#conv-title')));
  assert.equal(await page.textContent('#conv-channel'), 'SMS');
  assert.equal(await page.locator('#reply-subject').count(), 0, 'the e-mail subject is not offered on SMS');
  await eventually(async () => (await panel.locator('#channel-name').textContent()) === 'sms', 20000);
  await page.selectOption('#lang-select', 'ja');
  assert.equal(await page.locator(`.inbox-item[data-id="${conv.email.id}"] .channel-chip`).textContent(), 'メール');
  assert.match(await page.textContent('#channel-state'), /配信停止|送信/);
  await page.screenshot({ path: artifact('console-channels-ja.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('WeCom: callback → pulled → console → Assist drafts → the panel sends → a valid kf/send_msg → sent', async () => {
  const page = await signedInConsole();
  await page.click(`.inbox-item[data-id="${conv.wecom.id}"]`);
  await page.locator('#channel-state .window-state').waitFor();
  assert.match(await page.textContent('#conv-channel'), /WeCom/);
  assert.equal(await page.getAttribute('#channel-state .window-state', 'data-window'), 'open');
  // The 48-hour window with its five replies, as the relay's GET …/channel counts them.
  assert.match(await page.textContent('#channel-state'), /5/);
  const panel = page.frameLocator('.assist-frame');
  await eventually(async () => (await panel.locator('#case').getAttribute('data-conversation')) === conv.wecom.id
    && (await panel.locator('#case').getAttribute('data-analysed')) === 'true', 20000);
  assert.equal(await panel.locator('#channel-name').textContent(), 'wecom');
  await eventually(async () => (await panel.locator('#draft-text').inputValue()).trim().length > 0, 20000);
  // Whatever the relay cannot know (a date, a carrier) is a marked slot: the agent fills it in.
  const draft = (await panel.locator('#draft-text').inputValue()).replace(/⟦[^⟧]*⟧/g, 'Friday');
  await panel.locator('#draft-text').fill(draft);
  await eventually(async () => (await panel.locator('#findings li[data-code="unfilled_slot"]').count()) === 0);
  await panel.locator('#send').click();
  await eventually(() => wecom.received('send_msg').some((r) => r.body?.text?.content === draft), 20000);
  const req = wecom.received('send_msg').find((r) => r.body?.text?.content === draft);
  assert.deepEqual(req.errors, [], 'kf/send_msg is valid as WeCom takes it');
  assert.equal(req.body.open_kfid, KF);
  assert.equal(req.body.touser, conv.wecom.contact.id);
  assert.equal(req.answer.errcode, 0);
  // WeCom's errcode 0 is the only status it gives: the reply shows sent in the console.
  const last = page.locator('.message.from-agent').last();
  await eventually(async () => (await last.locator('.delivery').getAttribute('data-delivery')) === 'sent', 20000);
  const stored = (await agent('GET', `/api/v1/conversations/${conv.wecom.id}/messages`)).json.messages.at(-1);
  assert.deepEqual([stored.text, stored.delivery_status, stored.author.type], [draft, 'sent', 'agent']);
  // One of the five replies is spent: the relay counts it, and the console's state line says so.
  assert.equal((await agent('GET', `/api/v1/conversations/${conv.wecom.id}/channel`)).json.window.messages_left, 4);
  await eventually(async () => /4 messages left/.test(await page.textContent('#channel-state')), 10000);
  await page.screenshot({ path: artifact('console-channels-wecom.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
