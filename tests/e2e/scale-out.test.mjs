// Several relays on one PostgreSQL database (issue 19, docs/scale-out.md): two `parley relay`
// processes share a data directory and a database on a throwaway server this file starts
// (tools/postgres/server). Live events cross instances in order and once; Last-Event-ID resumes
// on either; an idempotency key is one message whichever instance takes it; a database restart
// and a killed instance lose nothing; an outbox row is sent by one instance.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, ROOT, startRelay } from './browser.mjs';
import { api, newVisitor, openStream } from './relay-client.mjs';
import { createDatabase } from './postgres.mjs';
import { inboundText, postWebhook, providerSimulators, workspace } from './channels-fixture.mjs';

const SERVER = join(ROOT, 'tools', 'postgres', 'server');
const AGENT = 'scale-out-agent-token';
const serverDir = mkdtempSync(join(tmpdir(), 'parley-scale-out-pg-'));
let server;  // the server's postgres:// URI
const running = [];
const scratch = [];  // temporary directories, removed at the end
const tempDir = (prefix) => { const d = mkdtempSync(join(tmpdir(), prefix)); scratch.push(d); return d; };

before(() => { server = execFileSync(SERVER, ['start', serverDir], { encoding: 'utf8' }).trim(); });
after(async () => {
  await Promise.all(running.map((r) => r.stop()));
  execFileSync(SERVER, ['stop', serverDir]);
  for (const d of [serverDir, ...scratch]) rmSync(d, { recursive: true, force: true });
});

/** Two relays on one fresh database and one data directory (identity secret, attachments). */
async function pair({ args = [] } = {}) {
  const store = createDatabase(server);
  const data = tempDir('parley-scale-out-');
  const start = async (port) => {
    const r = await startRelay({ port, data, args: ['--store', store, '--agent-token', AGENT, ...args] });
    running.push(r);
    return r;
  };
  const a = await start();
  const b = await start();
  return { a, b, store, data, start };
}

async function conversationOn(relay, visitor) {
  const r = await visitor.call('POST', '/api/v1/conversations', { channel: 'webchat', locale: 'en', session_context: {} });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// A visitor's token works on both instances (one database): the same client, another base URL.
const on = (relay, visitor) => api(relay.url, visitor.token);

/** Post until the relay answers 201 or 200 (a duplicate): a client retrying with its key. */
async function postSurely(call, path, body, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await call('POST', path, body);
      if (r.status === 201 || r.status === 200) return r;
    } catch { /* connection refused or reset: retry */ }
    if (Date.now() > end) throw new Error(`no answer for ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const messageEvents = (stream) => stream.events.filter((e) => e.event === 'message');

function assertInOrderOnce(events, expectedIds) {
  const seqs = events.map((e) => Number(e.id));
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `event ids rise: ${seqs[i - 1]} then ${seqs[i]}`);
  const ids = events.map((e) => e.data.id);
  assert.equal(new Set(ids).size, ids.length, 'no message twice');
  assert.deepEqual([...ids].sort(), [...expectedIds].sort(), 'every message once');
}

describe('two relays on one database', () => {
  test('a message written on A reaches streams on B and A, in order, exactly once', async () => {
    const { a, b } = await pair();
    const onB = await openStream(`${b.url}/api/v1/events?token=${AGENT}`);
    const onA = await openStream(`${a.url}/api/v1/events?token=${AGENT}`);
    const visitors = await Promise.all([0, 1, 2].map(() => newVisitor(a.url)));
    const convs = await Promise.all(visitors.map((v) => conversationOn(a, v)));
    // Three writers at once, each alternating between the instances.
    const posted = (await Promise.all(visitors.map(async (v, k) => {
      const out = [];
      for (let i = 0; i < 12; i++) {
        const relay = i % 2 ? b : a;
        const r = await on(relay, v)('POST', `/api/v1/conversations/${convs[k].id}/messages`, { idempotency_key: `k${k}-${i}`, text: `writer ${k} message ${i}` });
        assert.equal(r.status, 201, r.text);
        out.push(r.json.id);
      }
      return out;
    }))).flat();
    for (const s of [onA, onB]) await eventually(() => messageEvents(s).length >= posted.length);
    await new Promise((r) => setTimeout(r, 700));  // past the feed's poll: nothing more arrives
    assertInOrderOnce(messageEvents(onB), posted);
    assertInOrderOnce(messageEvents(onA), posted);
    // Both instances publish the same log in the same order.
    assert.deepEqual(onA.events.filter((e) => e.id).map((e) => e.id), onB.events.filter((e) => e.id).map((e) => e.id));
    await onA.close();
    await onB.close();
  });

  test('Last-Event-ID from a stream on A resumes on B with exactly what followed', async () => {
    const { a, b } = await pair();
    const v = await newVisitor(a.url);
    const c = await conversationOn(a, v);
    const first = await openStream(`${a.url}/api/v1/events?token=${v.token}`);
    for (let i = 0; i < 3; i++) await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: `a${i}`, text: `before ${i}` });
    await eventually(() => messageEvents(first).length === 3);
    const last = first.events.at(-1).id;
    await first.close();
    const later = [];
    for (let i = 0; i < 4; i++) {
      const r = await on(i % 2 ? b : a, v)('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: `b${i}`, text: `after ${i}` });
      later.push(r.json.id);
    }
    const resumed = await openStream(`${b.url}/api/v1/events?token=${v.token}`, { lastEventId: last });
    await eventually(() => messageEvents(resumed).length >= 4);
    await new Promise((r) => setTimeout(r, 700));
    assertInOrderOnce(messageEvents(resumed), later);
    assert.ok(resumed.events.every((e) => !e.id || Number(e.id) > Number(last)));
    await resumed.close();
  });

  test('one idempotency key sent to both instances at once is stored once', async () => {
    const { a, b } = await pair();
    const v = await newVisitor(a.url);
    const c = await conversationOn(a, v);
    const path = `/api/v1/conversations/${c.id}/messages`;
    const body = { idempotency_key: 'same-key', text: 'Where is my parcel?' };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => on(i % 2 ? b : a, v)('POST', path, body)));
    assert.equal(answers.filter((r) => r.status === 201).length, 1, answers.map((r) => r.status).join(' '));
    assert.ok(answers.every((r) => r.status === 201 || (r.status === 200 && r.json.duplicate === true)));
    assert.equal(new Set(answers.map((r) => r.json.id)).size, 1);
    const list = await on(b, v)('GET', path);
    assert.deepEqual(list.json.messages.map((m) => m.text), ['Where is my parcel?']);
  });

  test('PostgreSQL restarted mid-run: the relays reconnect, clients resume, nothing is lost or doubled', async () => {
    const { a, b } = await pair();
    const v = await newVisitor(a.url);
    const c = await conversationOn(a, v);
    const path = `/api/v1/conversations/${c.id}/messages`;
    // A stream on B that reconnects with Last-Event-ID whenever it ends (the EventSource way).
    const seen = [];
    let stream = null;
    let stopped = false;
    const follow = (async () => {
      let last;
      while (!stopped) {
        try {
          stream = await openStream(`${b.url}/api/v1/events?token=${AGENT}`, { lastEventId: last });
          while (!stopped && !stream.ended) {
            const e = await stream.next(() => true, 500).catch(() => null);
            if (!e) continue;
            if (e.id) last = e.id;
            if (e.event === 'message') seen.push(e);
          }
        } catch { /* refused: reconnect */ }
        if (!stopped) await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await eventually(() => stream !== null);
    // Writers keep going through the restart, retrying with their keys, then ten messages more.
    let restarted = false;
    let retried = 0;
    const texts = [];
    const writing = (async () => {
      const ids = [];
      for (let i = 0, after = 0; after < 10; i++) {
        if (restarted) after++;
        const text = `through the restart ${i}`;
        texts.push(text);
        const call = on(i % 2 ? b : a, v);
        const counting = async (...args) => {
          const r = await call(...args).catch((e) => { retried++; throw e; });
          if (r.status >= 500) retried++;
          return r;
        };
        ids.push((await postSurely(counting, path, { idempotency_key: `r${i}`, text })).json.id);
      }
      return ids;
    })();
    await eventually(() => texts.length >= 5);
    await promisify(execFile)(SERVER, ['restart', serverDir]);
    restarted = true;
    const ids = await writing;
    assert.ok(retried > 0, 'some writes met the restart and were retried');
    const list = await on(a, v)('GET', `${path}?limit=500`);
    assert.deepEqual(list.json.messages.map((m) => m.text), texts, 'each message once, in order');
    assert.deepEqual(list.json.messages.map((m) => m.seq), texts.map((_, i) => i + 1));
    await eventually(() => seen.length >= texts.length, 20000);
    await new Promise((r) => setTimeout(r, 700));
    stopped = true;
    await stream.close();
    await follow;
    assertInOrderOnce(seen, ids);
  });

  test('an instance killed: its clients resume on the other and miss nothing', async () => {
    const { a, b } = await pair();
    const v = await newVisitor(a.url);
    const c = await conversationOn(a, v);
    const path = `/api/v1/conversations/${c.id}/messages`;
    const onA = await openStream(`${a.url}/api/v1/events?token=${v.token}`);
    await v.call('POST', path, { idempotency_key: 'k0', text: 'before the crash' });
    await eventually(() => messageEvents(onA).length === 1);
    const last = onA.events.filter((e) => e.id).at(-1).id;
    a.proc.kill('SIGKILL');
    await new Promise((r) => a.proc.exitCode !== null || a.proc.signalCode ? r() : a.proc.once('exit', r));
    await onA.close();
    const ids = [];
    for (let i = 1; i <= 5; i++) ids.push((await on(b, v)('POST', path, { idempotency_key: `k${i}`, text: `after the crash ${i}` })).json.id);
    const resumed = await openStream(`${b.url}/api/v1/events?token=${v.token}`, { lastEventId: last });
    await eventually(() => messageEvents(resumed).length >= 5);
    await new Promise((r) => setTimeout(r, 700));
    assertInOrderOnce(messageEvents(resumed), ids);
    await resumed.close();
  });

  test('an agent\'s replies on a provider channel are each sent once, whichever instance claims them', async (t) => {
    const sim = await providerSimulators();
    if (!sim) return t.skip('needs tests/sim startProviders()');
    const providers = await sim.startProviders();
    try {
      const port = await freePort();
      const ws = workspace({ port, apiBase: providers.url, smtpPort: providers.smtpPort, outbox: { retry_base_ms: 100 } });
      const file = join(tempDir('parley-ws-'), 'workspace.json');
      writeFileSync(file, JSON.stringify(ws));
      const store = createDatabase(server);
      const data = tempDir('parley-scale-out-');
      const start = async (p) => {
        const r = await startRelay({ port: p, data, args: ['--store', store, '--agent-token', AGENT, '--workspace', file] });
        running.push(r);
        return r;
      };
      const a = await start(port);
      const b = await start();
      providers.attach({ relayUrl: a.url, workspace: ws });
      const w = inboundText(ws, 'telegram', { text: 'Hello from Telegram' });
      assert.equal((await postWebhook(a, 'telegram', w)).status, 200);
      const agentA = api(a.url, AGENT);
      const agentB = api(b.url, AGENT);
      const conv = (await agentB('GET', '/api/v1/conversations?limit=50')).json.conversations.find((x) => x.contact?.id === w.from);
      assert.ok(conv, 'the conversation is in B\'s inbox');
      const texts = Array.from({ length: 12 }, (_, i) => `Reply ${i} across instances`);
      for (const [i, text] of texts.entries()) {
        const r = await (i % 2 ? agentB : agentA)('POST', `/api/v1/conversations/${conv.id}/messages`, { idempotency_key: `reply-${i}`, text });
        assert.equal(r.status, 201, r.text);
      }
      const sentTexts = async () => (await providers.received('telegram')).map((req) => JSON.stringify(req));
      await eventually(async () => (await sentTexts()).filter((s) => s.includes('across instances')).length >= texts.length, 20000);
      await new Promise((r) => setTimeout(r, 1500));  // both outboxes have looked again: nothing is sent twice
      const sent = await sentTexts();
      for (const text of texts) assert.equal(sent.filter((s) => s.includes(text)).length, 1, `${text}: sent once`);
      // In the order written (a conversation's replies wait for the earlier ones).
      const order = texts.map((text) => sent.findIndex((s) => s.includes(text)));
      assert.deepEqual(order, [...order].sort((x, y) => x - y));
      const messages = (await agentB('GET', `/api/v1/conversations/${conv.id}/messages?limit=50`)).json.messages.filter((m) => m.direction === 'outbound');
      await eventually(async () => (await agentB('GET', `/api/v1/conversations/${conv.id}/messages?limit=50`)).json.messages
        .filter((m) => m.direction === 'outbound').every((m) => ['sent', 'delivered', 'read'].includes(m.delivery_status)));
      assert.equal(messages.length, texts.length);
    } finally { await providers.stop(); }
  });
});

/** A relay (or several) on `store` with a workspace file `file`, sharing `data`. */
async function relayOn({ store, data, file, port }) {
  const r = await startRelay({ port, data, args: ['--store', store, '--agent-token', AGENT, '--workspace', file] });
  running.push(r);
  return r;
}

function workspaceFile(ws) {
  const file = join(tempDir('parley-ws-'), 'workspace.json');
  writeFileSync(file, JSON.stringify(ws));
  return file;
}

async function killed(relay) {
  relay.proc.kill('SIGKILL');
  await new Promise((r) => (relay.proc.exitCode !== null || relay.proc.signalCode ? r() : relay.proc.once('exit', r)));
}

describe('an outbox row left "sending" by an instance that died', () => {
  test('is recovered by the other instance\'s sweep after the lease: LINE resent once with its retry key, Telegram marked unknown', async (t) => {
    const sim = await providerSimulators();
    if (!sim) return t.skip('needs tests/sim startProviders()');
    const providers = await sim.startProviders();
    try {
      const lease = 8000;
      const port = await freePort();
      // A lease far shorter than the default two minutes (outbox.lease_ms), still above the request timeout.
      const ws = workspace({ port, apiBase: providers.url, smtpPort: providers.smtpPort,
        outbox: { retry_base_ms: 100, timeout_ms: 3000, lease_ms: lease } });
      const file = workspaceFile(ws);
      const store = createDatabase(server);
      const data = tempDir('parley-scale-out-');
      const a = await relayOn({ store, data, file, port });
      providers.attach({ relayUrl: a.url, workspace: ws });
      const agentA = api(a.url, AGENT);
      const conversationOf = async (channel) => {
        const w = inboundText(ws, channel, { text: `Hello from ${channel}` });
        assert.equal((await postWebhook(a, channel, w)).status, 200);
        return (await agentA('GET', '/api/v1/conversations?limit=50')).json.conversations.find((x) => x.contact?.id === w.from);
      };
      const line = await conversationOf('line');
      const telegram = await conversationOf('telegram');
      const reply = async (agent, conv, key, text) => {
        const r = await agent('POST', `/api/v1/conversations/${conv.id}/messages`, { idempotency_key: key, text });
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const status = async (agent, conv, id) =>
        (await agent('GET', `/api/v1/conversations/${conv.id}/messages?limit=50`)).json.messages.find((m) => m.id === id)?.delivery_status;
      // LINE's first reply spends the webhook's reply token (the reply API has no retry key); the
      // next one is a push with X-Line-Retry-Key, which LINE honours on a resend.
      const first = await reply(agentA, line, 'line-0', 'First LINE reply');
      await eventually(async () => (await status(agentA, line, first.id)) === 'sent', 10000);

      // The providers take the next send of each and answer far too late: A is mid-send when it dies.
      providers.fail('line', { delayMs: 15000 });
      providers.fail('telegram', { delayMs: 15000 });
      const requests = async (channel, text) => (await providers.received(channel)).filter((r) => JSON.stringify(r.body).includes(text));
      const held = { line: await reply(agentA, line, 'line-1', 'Held LINE reply'), telegram: await reply(agentA, telegram, 'tg-1', 'Held Telegram reply') };
      await eventually(async () => (await requests('line', 'Held LINE reply')).length === 1 && (await requests('telegram', 'Held Telegram reply')).length === 1, 10000);
      const claimedAt = Date.now();
      await killed(a);

      // B starts on the same store: the rows are another instance's until the lease runs out, so
      // neither its start nor its first sweeps touch them.
      const b = await relayOn({ store, data, file });
      providers.attach({ relayUrl: b.url, workspace: ws });
      const agentB = api(b.url, AGENT);
      await new Promise((r) => setTimeout(r, 1500));
      if (Date.now() - claimedAt < lease - 1500) {
        assert.equal(await status(agentB, line, held.line.id), 'pending', 'within the lease the row is left alone');
        assert.equal(await status(agentB, telegram, held.telegram.id), 'pending');
        assert.equal((await requests('line', 'Held LINE reply')).length, 1, 'nothing resent within the lease');
      }

      // After it: LINE is resent with the same retry key (the provider answers 409 with the
      // accepted request: one message for the customer) and counts as sent; Telegram has no safe
      // resend, so the agent is told the outcome is unknown and nothing goes out again.
      await eventually(async () => (await status(agentB, line, held.line.id)) === 'sent', lease + 15000);
      await eventually(async () => (await status(agentB, telegram, held.telegram.id)) === 'unknown', 10000);
      const lineSends = await requests('line', 'Held LINE reply');
      assert.equal(lineSends.length, 2, 'the held send and one resend');
      assert.equal(lineSends[0].path, '/v2/bot/message/push');
      assert.ok(lineSends[0].headers['x-line-retry-key'], 'a push carries a retry key');
      assert.equal(lineSends[1].headers['x-line-retry-key'], lineSends[0].headers['x-line-retry-key'], 'the resend reuses it');
      assert.match(b.log(), /outbox: \d+ send\(s\) interrupted/, 'B\'s sweep recovered them');
      await new Promise((r) => setTimeout(r, 2500));  // more sweeps: each row is recovered once
      assert.equal((await requests('line', 'Held LINE reply')).length, 2);
      assert.equal((await requests('telegram', 'Held Telegram reply')).length, 1, 'an ambiguous Telegram send is never repeated');
      const unknown = (await agentB('GET', `/api/v1/conversations/${telegram.id}/messages?limit=50`)).json.messages.find((m) => m.id === held.telegram.id);
      assert.ok(unknown.delivery_error?.message, 'the agent is told why');
    } finally { await providers.stop(); }
  });
});

test('outbox.lease_ms no longer than outbox.timeout_ms is refused at start (a live send could be taken over)', async () => {
  const file = workspaceFile({ outbox: { timeout_ms: 3000, lease_ms: 3000 } });
  await assert.rejects(startRelay({ args: ['--store', createDatabase(server), '--workspace', file] }), /outbox\.lease_ms must be longer than outbox\.timeout_ms/);
});

describe('self-service on two instances', () => {
  test('the same customer message decided by both: the second decision is dropped (DecidedElsewhere), one reply', async () => {
    // The shop connector holds every call until the test lets it answer, so both instances are
    // mid-decision at once and the test picks who records first.
    const calls = [];
    const connector = createServer((req, res) => {
      const answer = () => { res.writeHead(503, { 'content-type': 'application/json' }); res.end('{"error":"unavailable"}'); };
      calls.push({ path: req.url, answer });
      if (calls.length > 2) answer();  // only each instance's first call is held
    });
    await new Promise((r) => connector.listen(0, '127.0.0.1', r));
    try {
      const file = workspaceFile({ automation: { enabled: true, connector_base: `http://127.0.0.1:${connector.address().port}` } });
      const store = createDatabase(server);
      const data = tempDir('parley-scale-out-');
      const a = await relayOn({ store, data, file });
      const v = await newVisitor(a.url);
      const c = await conversationOn(a, v);
      const posted = await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'q1', text: 'Where is my order PD-204816?' });
      assert.equal(posted.status, 201, posted.text);
      await eventually(() => calls.length === 1, 15000);  // A's bot asks the shop
      // B starts: its recovery finds the same message undecided and asks the shop too.
      const b = await relayOn({ store, data, file });
      await eventually(() => calls.length === 2, 15000);
      calls[1].answer();  // B decides first …
      const agent = api(b.url, AGENT);
      const decided = async () => (await agent('GET', `/api/v1/conversations/${c.id}`)).json.automation;
      await eventually(async () => Boolean(await decided()), 15000);
      const botMessages = async () => (await agent('GET', `/api/v1/conversations/${c.id}/messages?limit=50`)).json.messages.filter((m) => m.author.type !== 'visitor');
      const afterB = await botMessages();
      calls[0].answer();  // … then A, from the state it read before B's decision
      await new Promise((r) => setTimeout(r, 2000));
      assert.deepEqual((await botMessages()).map((m) => m.id), afterB.map((m) => m.id), 'A\'s decision added no reply');
      assert.ok(afterB.length <= 1);
      const log = await openStream(`${b.url}/api/v1/events?token=${AGENT}`, { lastEventId: 0 });
      await eventually(() => log.events.some((e) => e.event === 'message'));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(log.events.filter((e) => e.event === 'automation' && e.data.conversation_id === c.id).length, 1, 'one decision in the log');
      await log.close();
    } finally { connector.close(); }
  });
});
