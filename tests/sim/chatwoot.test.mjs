// The widget's Chatwoot adapter (widget/app/chatwoot.js) on its own: the wire-shape mapping, the
// ActionCable frames, and its HTTP calls against the simulator, which checks each one against
// Chatwoot's swagger spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mapMessage, mapEvent, parseCable, toMillis, messageType, createChatwoot, contextAttributes } from '../../widget/app/chatwoot.js';
import { startChatwoot, identifierHash, loadSpec, route, checkRequest } from './chatwoot.mjs';

test('message_type: integers, digit strings and enum names; created_at: unix seconds → ms', () => {
  assert.deepEqual([0, 1, 2, 3, '1', 'outgoing', 'template', 'nope'].map(messageType), [0, 1, 2, 3, 1, 1, 3, -1]);
  assert.equal(toMillis(1700000000), 1700000000000);
  assert.equal(toMillis('1700000000'), 1700000000000);
  assert.equal(toMillis(1700000000123), 1700000000123);
  assert.equal(toMillis('2023-11-14T22:13:20Z'), 1700000000000);
  assert.equal(toMillis(null), 0);
});

test('mapMessage: incoming is the visitor, outgoing the agent, template the bot; activity, private and deleted are not bubbles', () => {
  const base = { id: 12, content: 'hi <b>x</b>', created_at: 1700000000, conversation_id: 5, attachments: [], content_attributes: {} };
  assert.deepEqual(mapMessage({ ...base, message_type: 0, sender: { name: 'Kim', type: 'contact' }, echo_id: 'k1' }), {
    id: 'cw-12', seq: 12, conversation_id: '5', text: 'hi <b>x</b>', author: { type: 'visitor', name: 'Kim' },
    created_at: 1700000000000, idempotency_key: 'k1', attachments: [] });
  assert.deepEqual(mapMessage({ ...base, message_type: 1, sender: { available_name: 'Ana', type: 'user' } }).author, { type: 'agent', name: 'Ana' });
  assert.equal(mapMessage({ ...base, message_type: 3, sender: {} }).author.type, 'bot');
  assert.equal(mapMessage({ ...base, message_type: 2 }), null);
  assert.equal(mapMessage({ ...base, message_type: 1, private: true }), null);
  assert.equal(mapMessage({ ...base, message_type: 1, content_attributes: '{"deleted":true}' }), null);
  assert.equal(mapMessage({ ...base, id: 'x', message_type: 1 }), null);
  assert.equal(mapMessage({ ...base, message_type: 0 }, 'fallback-key').idempotency_key, 'fallback-key');
  assert.equal(mapMessage({ ...base, message_type: 0, content_attributes: { echo_id: 'from-attrs' } }).idempotency_key, 'from-attrs');
});

test('ActionCable frames and events map to the app\'s handlers, only for this conversation', () => {
  const id = JSON.stringify({ channel: 'RoomChannel', pubsub_token: 'p' });
  assert.deepEqual(parseCable('{"type":"welcome"}', id), { kind: 'welcome' });
  assert.deepEqual(parseCable('{"type":"ping","message":5}', id), { kind: 'ping', at: 5 });
  assert.deepEqual(parseCable(JSON.stringify({ identifier: id, type: 'confirm_subscription' }), id), { kind: 'confirm' });
  assert.deepEqual(parseCable(JSON.stringify({ identifier: 'other', type: 'confirm_subscription' }), id), { kind: 'other' });
  assert.deepEqual(parseCable('not json', id), { kind: 'invalid' });
  assert.equal(parseCable(JSON.stringify({ identifier: id, message: { event: 'message.created', data: { id: 1 } } }), id).event, 'message.created');
  const msg = { id: 3, message_type: 1, content: 'yo', conversation_id: 9, created_at: 1, sender: { name: 'Ana' } };
  assert.equal(mapEvent('message.created', msg, '9').type, 'message');
  assert.equal(mapEvent('message.updated', msg, '9').type, 'update');
  assert.equal(mapEvent('message.created', msg, '10'), null);
  assert.deepEqual(mapEvent('conversation.status_changed', { id: 9, status: 'resolved' }, '9'), { type: 'status', data: { conversation_id: '9', status: 'resolved' } });
  assert.equal(mapEvent('conversation.typing_on', { conversation: { id: 9 }, user: { name: 'Ana', type: 'user' } }, '9').data.typing, true);
  assert.equal(mapEvent('conversation.typing_on', { conversation: { id: 9 }, user: { type: 'contact' } }, '9'), null);
  assert.deepEqual(contextAttributes({ page_url: 'https://s/p', cart: { total: 1 }, custom: { language_detected: 'fr' } }), { page_url: 'https://s/p', language_detected: 'fr' });
});

test('the simulator refuses what the spec does not allow, naming the field', () => {
  const spec = loadSpec();
  const r = route(spec, 'post', '/public/api/v1/inboxes/abc/contacts/s1/conversations/12/messages');
  assert.equal(r.params.conversation_id, '12');
  assert.deepEqual(checkRequest(spec, r, new URLSearchParams(), { content: 'x', echo_id: 'k' }), []);
  assert.deepEqual(checkRequest(spec, r, new URLSearchParams(), { content: 5 }), ['body/content: expected string, got integer']);
  assert.match(checkRequest(spec, r, new URLSearchParams(), { text: 'x' })[0], /body\/text: not in the spec/);
  const bad = route(spec, 'get', '/public/api/v1/inboxes/abc/contacts/s1/conversations/twelve');
  assert.match(checkRequest(spec, bad, new URLSearchParams(), undefined)[0], /path conversation_id: expected integer/);
  const typing = route(spec, 'post', '/public/api/v1/inboxes/abc/contacts/s1/conversations/1/toggle_typing');
  assert.deepEqual(checkRequest(spec, typing, new URLSearchParams(), undefined), ['query typing_status: required', 'body: required (application/json)']);
  assert.deepEqual(checkRequest(spec, typing, new URLSearchParams('typing_status=on'), { typing_status: 'maybe' }), ['body/typing_status: "maybe" not in enum']);
});

let cw;
before(async () => { cw = await startChatwoot(); });
after(async () => { await cw?.stop(); });

test('adapter against the simulator: contact, conversation, echo_id retry after a stored-but-500 post, list', async () => {
  const a = createChatwoot(cw.url, cw.inbox);
  const v = await a.createVisitor({ name: 'Kim' });
  a.setToken(v.token);
  const conv = await a.createConversation({ session_context: { page_url: 'https://shop/p' } });
  cw.faults.messagePost = 1;
  cw.faults.storeBeforeFail = true;  // stored, answer lost: the retry must not store it twice
  await assert.rejects(a.send(conv.id, { idempotency_key: 'key-1', text: 'hello' }), (e) => e.status === 500 && e.retry === true);
  const m = await a.send(conv.id, { idempotency_key: 'key-1', text: 'hello' });
  assert.equal(m.text, 'hello');
  assert.equal(cw.messages(conv.id).length, 1);
  cw.agentReply(conv.id, 'hi from Ana');
  const list = await a.messages(conv.id, 0);
  assert.deepEqual(list.messages.map((x) => [x.author.type, x.text]), [['visitor', 'hello'], ['agent', 'hi from Ana']]);
  assert.deepEqual((await a.messages(conv.id, list.messages[0].seq)).messages.map((x) => x.text), ['hi from Ana']);
  await a.typing(conv.id, true);
  await a.read(conv.id);
  assert.deepEqual(cw.problems, []);
});

test('identifier_hash: the right HMAC signs in (same contact again), a wrong one is identity_rejected and not retried', async () => {
  const a = createChatwoot(cw.url, cw.inbox);
  const hash = identifierHash(cw.hmacToken, 'u_42');
  const v1 = await a.createVisitor({ identity: { user_id: 'u_42', identifier_hash: hash } });
  const v2 = await a.createVisitor({ identity: { user_id: 'u_42', identifier_hash: hash } });
  assert.equal(v1.visitor_id, v2.visitor_id);
  assert.equal(v1.verified, true);
  await assert.rejects(a.createVisitor({ identity: { user_id: 'u_42', identifier_hash: hash.replace(/^./, hash[0] === 'a' ? 'b' : 'a') } }),
    (e) => e.code === 'identity_rejected' && e.retry === false && /HMAC failed/.test(e.message));
  assert.deepEqual(cw.problems, []);
});

test('Chatwoot without server dedupe (echo_id only broadcast): a lost answer is found by text, identical texts stay two', async () => {
  const real = await startChatwoot({ serverDedupe: false });
  try {
    const a = createChatwoot(real.url, real.inbox);
    a.setToken((await a.createVisitor({})).token);
    const conv = await a.createConversation({});
    await a.send(conv.id, { idempotency_key: 'k-yes-1', text: 'yes' });
    real.faults.messagePost = 1;
    real.faults.storeBeforeFail = true;
    await assert.rejects(a.send(conv.id, { idempotency_key: 'k-yes-2', text: 'yes' }), (e) => e.retry === true);
    const again = await a.send(conv.id, { idempotency_key: 'k-yes-2', text: 'yes' });
    assert.equal(again.idempotency_key, 'k-yes-2');
    assert.deepEqual(real.messages(conv.id).map((m) => m.content), ['yes', 'yes'], 'the retry found the stored one, the first yes is not claimed twice');
    // A post that failed before storing is sent again on retry.
    real.faults.messagePost = 1;
    real.faults.storeBeforeFail = false;
    await assert.rejects(a.send(conv.id, { idempotency_key: 'k-yes-3', text: 'yes' }));
    await a.send(conv.id, { idempotency_key: 'k-yes-3', text: 'yes' });
    assert.deepEqual(real.messages(conv.id).map((m) => m.content), ['yes', 'yes', 'yes']);
    // Control: a second post of the same echo_id without the adapter's lookup is stored twice here.
    await fetch(`${real.url}/public/api/v1/inboxes/${real.inbox}/contacts/${real.contacts()[0].source_id}/conversations/${conv.id}/messages`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content: 'raw', echo_id: 'same' }) });
    await fetch(`${real.url}/public/api/v1/inboxes/${real.inbox}/contacts/${real.contacts()[0].source_id}/conversations/${conv.id}/messages`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content: 'raw', echo_id: 'same' }) });
    assert.equal(real.messages(conv.id).filter((m) => m.content === 'raw').length, 2);
    assert.deepEqual(real.problems, []);
  } finally { await real.stop(); }
});

test('a retry after a reload (a new adapter, same storage) still finds the message the first try stored', async () => {
  const real = await startChatwoot({ serverDedupe: false });
  const store = new Map();
  const storage = { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)) };
  try {
    const first = createChatwoot(real.url, real.inbox, storage);
    const v = await first.createVisitor({});
    first.setToken(v.token);
    const conv = await first.createConversation({});
    await first.send(conv.id, { idempotency_key: 'k-a', text: 'same words' });
    real.faults.messagePost = 1;
    real.faults.storeBeforeFail = true;
    await assert.rejects(first.send(conv.id, { idempotency_key: 'k-b', text: 'same words' }));
    const second = createChatwoot(real.url, real.inbox, storage);  // the page reloaded
    second.setToken(v.token);
    await second.messages(conv.id, 0);
    assert.equal((await second.send(conv.id, { idempotency_key: 'k-b', text: 'same words' })).idempotency_key, 'k-b');
    assert.deepEqual(real.messages(conv.id).map((m) => m.content), ['same words', 'same words']);
    assert.deepEqual(JSON.parse(store.get(`parley:chatwoot:${real.inbox}:tried`)), {}, 'delivered keys leave storage');
    assert.deepEqual(real.problems, []);
  } finally { await real.stop(); }
});
