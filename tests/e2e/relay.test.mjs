// The relay's API end to end: a real `parley relay` on loopback with a real SQLite data directory.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startRelay, PARLEY, ROOT } from './browser.mjs';
import { api, newVisitor, openStream } from './relay-client.mjs';

const SECRET = 'test-identity-secret';
let relay;
let agent;

before(async () => {
  relay = await startRelay({ args: ['--identity-secret', SECRET, '--agent-token', 'test-agent-token'] });
  agent = api(relay.url, 'test-agent-token');
});
after(async () => { await relay?.stop(); });

async function conversation(visitor, session_context = { page_url: 'https://shop.example/cart' }) {
  const r = await visitor.call('POST', '/api/v1/conversations', { channel: 'webchat', locale: 'en', session_context });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

describe('messages', () => {
  test('the same idempotency key twice stores one message and returns the original', async () => {
    const v = await newVisitor(relay.url);
    const c = await conversation(v);
    const first = await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'k-1', text: 'Where is my order?' });
    assert.equal(first.status, 201);
    assert.equal(first.json.seq, 1);
    assert.equal(first.json.duplicate, undefined);
    const again = await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'k-1', text: 'Where is my order?' });
    assert.equal(again.status, 200);
    assert.equal(again.json.duplicate, true);
    assert.equal(again.json.id, first.json.id);
    // A burst of concurrent retries of one new key: still one row.
    const burst = await Promise.all(Array.from({ length: 12 }, () =>
      v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'k-2', text: 'second' })));
    assert.equal(burst.filter((r) => r.status === 201).length, 1);
    assert.equal(new Set(burst.map((r) => r.json.id)).size, 1);
    const list = await v.call('GET', `/api/v1/conversations/${c.id}/messages`);
    assert.deepEqual(list.json.messages.map((m) => [m.seq, m.text]), [[1, 'Where is my order?'], [2, 'second']]);
    const after1 = await v.call('GET', `/api/v1/conversations/${c.id}/messages?after=1`);
    assert.deepEqual(after1.json.messages.map((m) => m.seq), [2]);
  });

  test('an idempotency key is scoped per author: the agent reusing the visitor\'s key sends a new message', async () => {
    const v = await newVisitor(relay.url);
    const c = await conversation(v);
    const mine = await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'shared', text: 'hello' });
    assert.equal(mine.status, 201);
    const reply = await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'shared', text: 'Hi, how can I help?' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.json.duplicate, undefined);
    assert.equal(reply.json.author.type, 'agent');
    const again = await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'shared', text: 'Hi, how can I help?' });
    assert.equal(again.status, 200);
    assert.equal(again.json.id, reply.json.id);
    const list = await v.call('GET', `/api/v1/conversations/${c.id}/messages`);
    assert.deepEqual(list.json.messages.map((m) => m.author.type), ['visitor', 'agent']);
  });

  test('concurrent senders with retries: every message once, seq without gaps', async () => {
    const convs = await Promise.all(Array.from({ length: 6 }, async () => {
      const v = await newVisitor(relay.url);
      return { v, c: await conversation(v) };
    }));
    // Each conversation: 15 distinct keys, each sent twice at the same time (a retry racing the original).
    await Promise.all(convs.flatMap(({ v, c }) => Array.from({ length: 30 }, (_, i) =>
      v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: `key-${i % 15}`, text: `text ${i % 15}` }))));
    for (const { v, c } of convs) {
      const msgs = (await v.call('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages;
      assert.equal(msgs.length, 15);
      assert.deepEqual(msgs.map((m) => m.seq), Array.from({ length: 15 }, (_, i) => i + 1));
      assert.deepEqual(new Set(msgs.map((m) => m.idempotency_key)).size, 15);
    }
  });

  test('agent replies move the case and the unread counts', async () => {
    const v = await newVisitor(relay.url);
    const c = await conversation(v);
    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'a', text: 'hi' });
    let inbox = (await agent('GET', '/api/v1/conversations')).json.conversations;
    let row = inbox.find((x) => x.id === c.id);
    assert.equal(row.unread_for_agent, 1);
    assert.equal(row.status, 'waiting_on_agent');
    assert.equal(row.last_message.text, 'hi');
    assert.equal(inbox[0].id, c.id, 'newest activity first');
    const reply = await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'r1', text: 'Hello! Let me look.' });
    assert.equal(reply.status, 201);
    assert.equal(reply.json.author.type, 'agent');
    const seen = (await v.call('GET', `/api/v1/conversations/${c.id}`)).json;
    assert.equal(seen.status, 'waiting_on_customer');
    assert.equal(seen.unread_for_visitor, 1);
    assert.equal(seen.unread_for_agent, 0);
    const read = await v.call('POST', `/api/v1/conversations/${c.id}/read`, { seq: 2 });
    assert.equal(read.json.unread_for_visitor, 0);
    assert.equal((await v.call('POST', `/api/v1/conversations/${c.id}/read`, { seq: 99 })).json.error.code, 'invalid_value');
  });

  test('CSAT only after resolution, status only by agents', async () => {
    const v = await newVisitor(relay.url);
    const c = await conversation(v);
    const early = await v.call('POST', `/api/v1/conversations/${c.id}/csat`, { score: 5 });
    assert.equal(early.status, 409);
    assert.equal(early.json.error.code, 'not_resolved');
    assert.equal((await v.call('POST', `/api/v1/conversations/${c.id}/status`, { status: 'resolved' })).status, 403);
    assert.equal((await agent('POST', `/api/v1/conversations/${c.id}/status`, { status: 'done' })).json.error.path, '/status');
    assert.equal((await agent('POST', `/api/v1/conversations/${c.id}/status`, { status: 'resolved' })).json.status, 'resolved');
    const rated = await v.call('POST', `/api/v1/conversations/${c.id}/csat`, { score: 4, comment: 'quick' });
    assert.equal(rated.status, 200);
    assert.equal((await v.call('POST', `/api/v1/conversations/${c.id}/csat`, { score: 6 })).json.error.code, 'invalid_value');
    assert.deepEqual((await agent('GET', `/api/v1/conversations/${c.id}`)).json.csat.score, 4);
  });
});

describe('identity and isolation', () => {
  test('a visitor cannot see another visitor\'s conversation', async () => {
    const a = await newVisitor(relay.url);
    const b = await newVisitor(relay.url);
    const c = await conversation(a);
    await a.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'x', text: 'private' });
    for (const [m, p, body] of [['GET', ''], ['GET', '/messages'], ['POST', '/messages', { idempotency_key: 'y', text: 'intrude' }],
      ['POST', '/read', { seq: 1 }], ['POST', '/typing', { typing: true }], ['POST', '/csat', { score: 1 }]]) {
      const r = await b.call(m, `/api/v1/conversations/${c.id}${p}`, body);
      assert.equal(r.status, 404, `${m} ${p}`);
      assert.equal(r.json.error.code, 'not_found');
    }
    assert.equal((await b.call('GET', '/api/v1/conversations')).json.conversations.length, 0);
    const stream = await openStream(`${relay.url}/api/v1/events?token=${b.token}&conversation=${c.id}`);
    assert.equal(stream.status, 404);
    await stream.close();
    assert.equal((await api(relay.url)('GET', `/api/v1/conversations/${c.id}`)).status, 401);
    assert.equal((await api(relay.url, 'nope')('GET', `/api/v1/conversations/${c.id}`)).status, 401);
    assert.equal((await a.call('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages.length, 1, 'nothing was added');
  });

  test('verified identity: HMAC of the user id, same user → same visitor', async () => {
    const hash = createHmac('sha256', SECRET).update('user-42').digest('hex');
    const one = await newVisitor(relay.url, { identity: { user_id: 'user-42', identifier_hash: hash, name: 'Aiko' } });
    assert.equal(one.verified, true);
    const c = await conversation(one);
    const two = await newVisitor(relay.url, { identity: { user_id: 'user-42', identifier_hash: hash } });
    assert.equal(two.visitor_id, one.visitor_id);
    assert.notEqual(two.token, one.token);
    assert.equal((await two.call('GET', `/api/v1/conversations/${c.id}`)).status, 200);
    const forged = await api(relay.url)('POST', '/api/v1/visitors', { identity: { user_id: 'user-42', identifier_hash: '0'.repeat(64) } });
    assert.equal(forged.status, 401);
    assert.equal(forged.json.error.code, 'identity_unverified');
  });
});

describe('bad input', () => {
  test('each kind of bad input gets a named 4xx error and nothing stored changes', async () => {
    const v = await newVisitor(relay.url);
    const c = await conversation(v);
    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'ok', text: 'kept' });
    const url = `/api/v1/conversations/${c.id}/messages`;
    const json = { 'Content-Type': 'application/json' };
    const cases = [
      ['malformed JSON', { raw: '{"idempotency_key":"a","text":', headers: json }, 400, 'invalid_json', '/text'],
      ['invalid UTF-8', { raw: Buffer.concat([Buffer.from('{"idempotency_key":"b","text":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), headers: json }, 400, 'invalid_utf8', '/text'],
      ['wrong type', { raw: JSON.stringify({ idempotency_key: 'c', text: 42 }), headers: json }, 400, 'invalid_type', '/text'],
      ['unknown field', { raw: JSON.stringify({ idempotency_key: 'd', text: 'x', html: '<b>' }), headers: json }, 400, 'unknown_field', '/html'],
      ['missing key', { raw: JSON.stringify({ text: 'x' }), headers: json }, 400, 'missing_field', '/idempotency_key'],
      ['key too long', { raw: JSON.stringify({ idempotency_key: 'k'.repeat(129), text: 'x' }), headers: json }, 400, 'too_long', '/idempotency_key'],
      ['oversize body', { raw: JSON.stringify({ idempotency_key: 'e', text: 'x'.repeat(70000) }), headers: json }, 413, 'body_too_large', ''],
      ['not JSON at all', { raw: 'text=hi', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type', ''],
      ['array body', { raw: '[]', headers: json }, 400, 'invalid_type', ''],
      ['duplicate key', { raw: '{"idempotency_key":"f","text":"a","text":"b"}', headers: json }, 400, 'duplicate_key', '/text'],
      ['nested duplicate key', { raw: '{"idempotency_key":"g","text":"a","masked":[{"type":"x","type":"y","replacement":"z"}]}', headers: json }, 400, 'duplicate_key', '/masked/0/type'],
      ['bytes after the value', { raw: '{"idempotency_key":"h","text":"a"} {"x":1}', headers: json }, 400, 'invalid_json', ''],
      ['NUL then more', { raw: '{"idempotency_key":"i","text":"a"}\u0000{"text":"b"}', headers: json }, 400, 'invalid_json', ''],
    ];
    for (const [name, opts, status, code, path] of cases) {
      const r = await v.call('POST', url, undefined, opts);
      assert.equal(r.status, status, `${name}: ${r.text}`);
      assert.equal(r.json.error.code, code, name);
      assert.equal(r.json.error.path, path, name);
      assert.ok(r.json.error.message.length > 0);
    }
    const nested = await v.call('POST', '/api/v1/conversations', { session_context: { utm: { source: 'x', campaing: 'typo' } } });
    assert.equal(nested.json.error.code, 'unknown_field');
    assert.equal(nested.json.error.path, '/session_context/utm/campaing');
    const cart = await v.call('POST', '/api/v1/conversations', { session_context: { cart: [{ sku: 'a' }, { sku: { x: 1 } }] } });
    assert.equal(cart.json.error.path, '/session_context/cart/1/sku');
    const list = await v.call('GET', url);
    assert.deepEqual(list.json.messages.map((m) => m.text), ['kept']);
    assert.equal((await v.call('GET', `${url}?after=abc`)).json.error.code, 'invalid_type');
  });
});

describe('events', () => {
  test('SSE delivers a message live and resumes after Last-Event-ID', async () => {
    const v = await newVisitor(relay.url);
    const c = await conversation(v);
    const stream = await openStream(`${relay.url}/api/v1/events?token=test-agent-token`);
    assert.equal(stream.status, 200);
    await v.call('POST', `/api/v1/conversations/${c.id}/typing`, { typing: true });
    const typing = await stream.next((e) => e.event === 'typing' && e.data.conversation_id === c.id);
    assert.equal(typing.id, undefined, 'typing is ephemeral');
    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'live', text: 'are you there?' });
    const live = await stream.next((e) => e.event === 'message' && e.data.conversation_id === c.id);
    assert.equal(live.data.text, 'are you there?');
    assert.match(live.id, /^\d+$/);
    await stream.close();

    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'm2', text: 'hello?' });
    await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'm3', text: 'Yes, here.' });
    const resumed = await openStream(`${relay.url}/api/v1/events?token=${v.token}`, { lastEventId: live.id });
    const texts = [];
    for (let i = 0; i < 2; i++) texts.push((await resumed.next((e) => e.event === 'message')).data.text);
    assert.deepEqual(texts, ['hello?', 'Yes, here.']);
    assert.ok(resumed.events.every((e) => !e.id || Number(e.id) > Number(live.id)));
    await resumed.close();
  });

  test('a visitor stream carries only that visitor\'s events', async () => {
    const a = await newVisitor(relay.url);
    const b = await newVisitor(relay.url);
    const ca = await conversation(a);
    const cb = await conversation(b);
    const stream = await openStream(`${relay.url}/api/v1/events?token=${b.token}`);
    await a.call('POST', `/api/v1/conversations/${ca.id}/messages`, { idempotency_key: '1', text: 'for a' });
    await b.call('POST', `/api/v1/conversations/${cb.id}/messages`, { idempotency_key: '1', text: 'for b' });
    const e = await stream.next((x) => x.event === 'message');
    assert.equal(e.data.text, 'for b');
    assert.ok(stream.events.every((x) => x.data.conversation_id === cb.id));
    await stream.close();
  });
});

describe('attachments', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
  test('type and size limits, content check, participants only', async () => {
    const a = await newVisitor(relay.url);
    const b = await newVisitor(relay.url);
    const c = await conversation(a);
    const up = await a.call('POST', '/api/v1/attachments?filename=receipt.png', undefined, { raw: png, headers: { 'Content-Type': 'image/png' } });
    assert.equal(up.status, 201, up.text);
    assert.equal(up.json.size, png.length);
    const html = await a.call('POST', '/api/v1/attachments', undefined, { raw: '<script>alert(1)</script>', headers: { 'Content-Type': 'text/html' } });
    assert.equal(html.status, 415);
    assert.equal(html.json.error.code, 'unsupported_media_type');
    const fake = await a.call('POST', '/api/v1/attachments', undefined, { raw: '<html>', headers: { 'Content-Type': 'image/png' } });
    assert.equal(fake.json.error.code, 'content_mismatch');
    const big = await a.call('POST', '/api/v1/attachments', undefined, { raw: Buffer.alloc(10 * 1024 * 1024 + 1), headers: { 'Content-Type': 'text/plain' } });
    assert.equal(big.status, 413);
    assert.equal(big.json.error.code, 'body_too_large');

    const msg = await a.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'att', attachments: [up.json.id] });
    assert.equal(msg.status, 201, msg.text);
    assert.equal(msg.json.attachments[0].content_type, 'image/png');
    const stolen = await b.call('POST', `/api/v1/conversations/${(await conversation(b)).id}/messages`, { idempotency_key: 's', attachments: [up.json.id] });
    assert.equal(stolen.json.error.path, '/attachments/0');

    const mine = await a.call('GET', up.json.url);
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('x-content-type-options'), 'nosniff');
    assert.match(mine.headers.get('content-disposition'), /filename\*=UTF-8''receipt\.png/);
    assert.equal(mine.headers.get('content-type'), 'image/png');
    assert.equal((await agent('GET', up.json.url)).status, 200);
    assert.equal((await api(relay.url)('GET', `${up.json.url}?token=${a.token}`)).status, 200);
    assert.equal((await b.call('GET', up.json.url)).status, 404);
  });
});

describe('durability', () => {
  test('a relay restart on the same data directory keeps everything', async () => {
    const own = await startRelay({ args: ['--identity-secret', SECRET, '--agent-token', 'test-agent-token'] });
    const v = await newVisitor(own.url);
    const r = await v.call('POST', '/api/v1/conversations', { session_context: { page_url: 'https://shop.example/p/1', utm: { campaign: 'spring' } } });
    const id = r.json.id;
    const live = await openStream(`${own.url}/api/v1/events?token=${v.token}`);
    for (let i = 1; i <= 20; i++) await v.call('POST', `/api/v1/conversations/${id}/messages`, { idempotency_key: `k${i}`, text: `message ${i}` });
    const tenth = await live.next((e) => e.event === 'message' && e.data.seq === 10);
    await live.close();
    await own.stop();

    const again = await startRelay({ data: own.data, args: ['--identity-secret', SECRET, '--agent-token', 'test-agent-token'] });
    try {
      const call = api(again.url, v.token);
      const msgs = (await call('GET', `/api/v1/conversations/${id}/messages`)).json.messages;
      assert.deepEqual(msgs.map((m) => m.text), Array.from({ length: 20 }, (_, i) => `message ${i + 1}`));
      const dup = await call('POST', `/api/v1/conversations/${id}/messages`, { idempotency_key: 'k7', text: 'message 7' });
      assert.equal(dup.status, 200, 'idempotency survives a restart');
      const conv = (await call('GET', `/api/v1/conversations/${id}`)).json;
      assert.equal(conv.session_context.utm.campaign, 'spring');
      assert.equal(conv.last_seq, 20);
      const replay = await openStream(`${again.url}/api/v1/events?token=${v.token}`, { lastEventId: tenth.id });
      const first = await replay.next((e) => e.event === 'message');
      assert.equal(first.data.text, 'message 11', 'resumes after the last event seen before the restart');
      await replay.close();
    } finally {
      await again.stop();
    }
  });
});

describe('workspace', () => {
  test('away follows agent presence and business hours', async () => {
    const own = await startRelay();
    try {
      const get = async () => (await api(own.url)('GET', '/api/v1/workspace')).json;
      let w = await get();
      assert.equal(w.open_now, true, 'the demo default is open every day');
      assert.equal(w.agents_online, 0);
      assert.equal(w.away, true);
      assert.equal(w.away_message_key, 'away.no_agent');
      const stream = await openStream(`${own.url}/api/v1/events?token=demo-agent`);
      assert.equal(stream.status, 200);
      w = await get();
      assert.equal(w.agents_online, 1);
      assert.equal(w.away, false);
      assert.ok(w.expected_reply_minutes > 0);
      await stream.close();
      // The relay notices the closed stream at its next keep-alive.
      for (let i = 0; i < 150 && (await get()).agents_online > 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await get()).agents_online, 0);
    } finally {
      await own.stop();
    }
    const dir = mkdtempSync(join(tmpdir(), 'parley-ws-'));
    const file = join(dir, 'workspace.json');
    writeFileSync(file, JSON.stringify({ name: 'Closed Shop', timezone: 'Asia/Tokyo', business_hours: [] }));
    const closed = await startRelay({ args: ['--workspace', file] });
    try {
      const w = (await api(closed.url)('GET', '/api/v1/workspace')).json;
      assert.equal(w.name, 'Closed Shop');
      assert.equal(w.timezone, 'Asia/Tokyo');
      assert.equal(w.open_now, false);
      assert.equal(w.away_message_key, 'away.closed');
    } finally {
      await closed.stop();
    }
  });
});

describe('embedding sites', () => {
  test('--allow-origin and widget.embed_origins: normalised, published, in the chat app\'s frame-ancestors only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-ws-'));
    const file = join(dir, 'workspace.json');
    writeFileSync(file, JSON.stringify({ widget: { embed_origins: ['https://Shop.Example:443/'] } }));
    const own = await startRelay({ args: ['--workspace', file, '--allow-origin', 'http://localhost:8081', '--allow-origin=https://shop.example'] });
    try {
      const w = (await api(own.url)('GET', '/api/v1/workspace')).json;
      assert.deepEqual(w.widget.embed_origins, ['https://shop.example', 'http://localhost:8081']);
      assert.equal(w.widget.csat, true, 'the other widget defaults stay');
      const app = await fetch(`${own.url}/widget/app/index.html`);
      assert.match(app.headers.get('content-security-policy'), /frame-ancestors 'self' https:\/\/shop\.example http:\/\/localhost:8081;/);
      for (const path of ['/', '/console/', '/widget/loader.js']) {
        const res = await fetch(`${own.url}${path}`);
        assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'self';/, path);
      }
    } finally {
      await own.stop();
    }
  });

  test('a bad origin stops the relay at start with a message naming it', () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-relay-'));
    const run = (args) => spawnSync(PARLEY, ['relay', '--port', '0', '--data', data, '--root', ROOT, ...args], { encoding: 'utf8', timeout: 20000 });
    for (const bad of ['https://*.example', 'shop.example', 'https://shop.example/path', 'ftp://shop.example', 'http://shop.example:99999']) {
      const r = run(['--allow-origin', bad]);
      assert.equal(r.status, 1, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`--allow-origin ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not an origin`));
    }
    const file = join(data, 'workspace.json');
    writeFileSync(file, JSON.stringify({ widget: { embed_origins: ['https://ok.example', 42] } }));
    const r = run(['--workspace', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /\/widget\/embed_origins\/1: 42 is not an origin/);
  });
});
