// KakaoTalk chatbot (Kakao i Open Builder skill) through the real relay against tests/sim/kakao.mjs
// (issue 13): Kakao documents no request signature, so the skill must carry the workspace's secret
// header (401 JSON without it, nothing stored); each utterance is stored once on kakao_chat with
// userRequest.user.id as the customer; the answer is a SkillResponse within Kakao's 5 s — the bot's
// when self-service has one, else "a person will reply" in the user's language, with useCallback
// when the request carried a callbackUrl. An agent's reply goes to that callbackUrl (single use,
// one minute); after that the relay refuses with a reason the console shows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from './relay-client.mjs';
import { eventually, freePort, launchBrowser, startRelay, consoleSignIn } from './browser.mjs';
import { checkSkillResponse, skillPayload, startKakao } from '../sim/kakao.mjs';

const AGENT = 'kakao-agent-token';
const SECRET = 'kakao-skill-secret-3f9a';
let kakao;
let relay;
let agent;
let serial = 0;
const user = () => `kakaoUser${Date.now().toString(36)}${++serial}`;

async function startKakaoRelay(extra = {}) {
  const port = await freePort();
  const file = join(mkdtempSync(join(tmpdir(), 'parley-ws-')), 'workspace.json');
  writeFileSync(file, JSON.stringify({ public_url: `http://127.0.0.1:${port}`, channels: { kakao_chat: { secret: SECRET } },
    outbox: { retry_base_ms: 100, timeout_ms: 2000, max_attempts: 2 }, ...extra }));
  return startRelay({ port, args: ['--agent-token', AGENT, '--workspace', file] });
}

before(async () => {
  kakao = await startKakao({ secret: SECRET });
  relay = await startKakaoRelay();
  agent = api(relay.url, AGENT);
});
after(async () => { await relay?.stop(); await kakao?.stop(); });

const conversations = async (a = agent) => (await a('GET', '/api/v1/conversations?limit=500')).json.conversations.filter((c) => c.channel === 'kakao_chat');
const conversationOf = async (id, a = agent) => (await conversations(a)).find((c) => c.contact?.id === id);
const messagesOf = async (id, a = agent) => (await a('GET', `/api/v1/conversations/${id}/messages`)).json.messages;
const reply = (id, text) => agent('POST', `/api/v1/conversations/${id}/messages`, { idempotency_key: crypto.randomUUID(), text });
const rawPost = (body, headers) => fetch(`${relay.url}/webhooks/kakao`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, text: await r.text() }));

describe('Kakao skill requests: the secret header and bad input', () => {
  test('no secret header, or a wrong one: 401 JSON, nothing stored', async () => {
    for (const [secret, code] of [[null, 'missing_signature'], ['not-the-secret', 'invalid_signature'], ['', 'invalid_signature']]) {
      const who = user();
      const r = await kakao.utter(relay.url, who, '배송 언제 와요?', { secret });
      assert.equal(r.status, 401, r.text);
      assert.equal(r.json.error.code, code);
      assert.equal(await conversationOf(who), undefined, 'nothing stored');
    }
  });

  test('malformed JSON, a payload without userRequest.user.id, a wrong Content-Type, an oversized body: clear answers, nothing stored', async () => {
    const before = (await conversations()).length;
    const headers = { 'content-type': 'application/json', 'x-parley-kakao-secret': SECRET };
    const broken = await rawPost('{"userRequest": {"utterance": "hi", ', headers);
    assert.equal(broken.status, 400);
    assert.equal(JSON.parse(broken.text).error.code, 'invalid_json');
    const noUser = skillPayload('x', 'hi');
    delete noUser.userRequest.user.id;
    const r2 = await rawPost(JSON.stringify(noUser), headers);
    assert.equal(r2.status, 400);
    assert.equal(JSON.parse(r2.text).error.path, '/body/userRequest/user/id');
    const notJson = await rawPost(JSON.stringify(skillPayload(user(), 'hi')), { ...headers, 'content-type': 'text/plain' });
    assert.equal(notJson.status, 415);
    const big = await rawPost(JSON.stringify(skillPayload(user(), 'x'.repeat(3 * 1024 * 1024))), headers);
    assert.equal(big.status, 413);
    assert.equal(JSON.parse(big.text).error.code, 'body_too_large');
    const badCallback = skillPayload(user(), 'hi', { callbackUrl: 'file:///etc/passwd' });
    const r3 = await rawPost(JSON.stringify(badCallback), headers);
    assert.equal(r3.status, 400);
    assert.equal(JSON.parse(r3.text).error.path, '/body/userRequest/callbackUrl');
    assert.equal((await conversations()).length, before);
  });
});

describe('Kakao: utterance → stored → skill answer → the agent replies through the callback', () => {
  test('with a callbackUrl: useCallback in Korean, stored once though sent twice; the agent\'s reply goes to the callback, once', async () => {
    const who = user();
    const r = await kakao.utter(relay.url, who, '주문한 상품이 아직 안 왔어요');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.errors, [], 'a valid SkillResponse');
    assert.equal(r.json.useCallback, true);
    assert.match(r.json.data.text, /상담원/);
    let c;
    await eventually(async () => (c = await conversationOf(who)));
    // The same request again (a retry of Kakao's engine): answered, stored once.
    const again = await fetch(`${relay.url}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-parley-kakao-secret': SECRET },
      body: JSON.stringify(r.payload) });
    assert.equal(again.status, 200);
    assert.deepEqual(checkSkillResponse(await again.json(), { callback: true }), []);
    assert.deepEqual((await messagesOf(c.id)).map((m) => [m.direction, m.text]), [['inbound', '주문한 상품이 아직 안 왔어요']]);
    const state = (await agent('GET', `/api/v1/conversations/${c.id}/channel`)).json;
    assert.equal(state.window.free_form, true);

    const sent = await reply(c.id, '확인해 보니 내일 도착 예정입니다.');
    assert.equal(sent.status, 201, sent.text);
    await eventually(() => kakao.received(r.callbackId).length === 1);
    const [cb] = kakao.received(r.callbackId);
    assert.deepEqual(cb.errors, []);
    assert.equal(cb.status, 200);
    assert.deepEqual(cb.body, { version: '2.0', template: { outputs: [{ simpleText: { text: '확인해 보니 내일 도착 예정입니다.' } }] } });
    await eventually(async () => (await messagesOf(c.id)).at(-1).delivery_status === 'sent');
    // The callbackUrl is spent: a second reply is refused before anything is stored or sent.
    const count = (await messagesOf(c.id)).length;
    const second = await reply(c.id, '또 다른 질문 있으세요?');
    assert.equal(second.status, 409);
    assert.equal(second.json.error.code, 'kakao_callback_used');
    assert.match(second.json.error.message, /single use.*AlimTalk/);
    assert.equal((await messagesOf(c.id)).length, count);
    assert.equal(kakao.received(r.callbackId).length, 1);
    // And the channel state tells the agent before they try.
    const spent = (await agent('GET', `/api/v1/conversations/${c.id}/channel`)).json.window;
    assert.deepEqual([spent.free_form, spent.reasons[0].code], [false, 'kakao_callback_used']);
  });

  test('without a callbackUrl: a simpleText "a person will reply" in English; an agent reply is refused kakao_no_callback', async () => {
    const who = user();
    const r = await kakao.utter(relay.url, who, 'Where is my order?', { callback: false, lang: 'en' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.errors, []);
    assert.equal(r.json.useCallback, undefined);
    assert.match(r.json.template.outputs[0].simpleText.text, /A person will reply/);
    let c;
    await eventually(async () => (c = await conversationOf(who)));
    const sent = await reply(c.id, 'Hello!');
    assert.equal(sent.status, 409);
    assert.equal(sent.json.error.code, 'kakao_no_callback');
  });

  test('a callback Kakao no longer takes (its minute has passed on Kakao\'s clock): the reply is failed with Kakao\'s reason, not retried', async () => {
    const who = user();
    const r = await kakao.utter(relay.url, who, '환불은 언제 되나요?');
    let c;
    await eventually(async () => (c = await conversationOf(who)));
    kakao.advance(61 * 1000);
    try {
      assert.equal((await reply(c.id, '오늘 처리됩니다.')).status, 201);
      await eventually(async () => (await messagesOf(c.id)).at(-1).delivery_status === 'failed');
      const last = (await messagesOf(c.id)).at(-1);
      assert.match(JSON.stringify(last.delivery_error), /expired/);
      await new Promise((res) => setTimeout(res, 500));
      assert.equal(kakao.received(r.callbackId).length, 1, 'a spent or expired callback is never retried');
    } finally { kakao.advance(-61 * 1000); }
  });

  test('an answer too long for one simpleText goes as two outputs (the limit is three)', async () => {
    const who = user();
    const r = await kakao.utter(relay.url, who, '자세히 설명해 주세요');
    let c;
    await eventually(async () => (c = await conversationOf(who)));
    const long = Array.from({ length: 240 }, (_, i) => `단어${i}`).join(' ');  // about 1,400 characters
    assert.equal((await reply(c.id, long)).status, 201);
    await eventually(() => kakao.received(r.callbackId).length === 1);
    const [cb] = kakao.received(r.callbackId);
    assert.deepEqual(cb.errors, []);
    assert.equal(cb.body.template.outputs.length, 2);
    assert.equal(cb.body.template.outputs.map((o) => o.simpleText.text).join(' '), long);
  });

  test('the console: the KakaoTalk label, the agent\'s reply sent, the next one refused with why', async () => {
    const who = user();
    const r = await kakao.utter(relay.url, who, '교환하고 싶어요');
    let c;
    await eventually(async () => (c = await conversationOf(who)));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const problems = await consoleSignIn(page, relay.url, AGENT);
      const item = page.locator(`.inbox-item[data-id="${c.id}"]`);
      await item.waitFor();
      assert.equal(await item.locator('.channel-chip').textContent(), 'KakaoTalk');
      await item.click();
      await page.locator('#channel-state .window-state').waitFor();
      await page.fill('#reply-text', '교환 절차를 안내해 드릴게요.');
      await page.click('#send');
      await eventually(() => kakao.received(r.callbackId).length === 1, 15000);
      assert.deepEqual(kakao.received(r.callbackId)[0].errors, []);
      await eventually(async () => (await page.locator('.message.from-agent .delivery').last().getAttribute('data-delivery')) === 'sent', 15000);
      await page.fill('#reply-text', '다른 것도 도와드릴까요?');
      await page.click('#send');
      await eventually(async () => /single use/.test(await page.textContent('#reply-error')));
      // The state line follows: no free-form reply now, and why.
      await eventually(async () => (await page.getAttribute('#channel-state .window-state', 'data-window')) === 'closed');
      assert.match(await page.textContent('#channel-state'), /single use/);
      assert.deepEqual(problems, []);
    } finally { await browser.close(); }
  });
});

describe('Kakao with self-service: the bot\'s answer is the skill response', () => {
  test('a question the knowledge base answers comes back in the same HTTP answer, stored as the bot\'s message; the callback stays unused', async () => {
    const r2 = await startKakaoRelay({ automation: { enabled: true } });
    try {
      const a2 = api(r2.url, AGENT);
      const who = user();
      const r = await kakao.utter(r2.url, who, 'How do I return an item?', { lang: 'en' });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.errors, []);
      assert.equal(r.json.useCallback, undefined, 'answered now: no callback');
      const answered = r.json.template.outputs.map((o) => o.simpleText.text).join('\n\n');
      assert.doesNotMatch(answered, /A person will reply/);
      const c = await conversationOf(who, a2);
      const messages = await messagesOf(c.id, a2);
      assert.equal(messages.length, 2);
      assert.equal(messages[1].author.type, 'system');  // the bot's messages are the system's (self_service.h)
      assert.ok(messages[1].channel_data.bot, 'the bot\'s decision is kept with it');
      assert.equal(messages[1].text.replace(/\s+/g, ' '), answered.replace(/\s+/g, ' '));
      // The bot has answered the utterance: its callback is spent, so an agent is refused with why.
      const late = await a2('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: crypto.randomUUID(), text: 'Anything else?' });
      assert.equal(late.status, 409);
      assert.equal(late.json.error.code, 'kakao_callback_used');
      assert.equal(kakao.received(r.callbackId).length, 0);
    } finally { await r2.stop(); }
  });
});
