// The event stream as a WebSocket (RFC 6455) for hosts that want one: the handshake and its
// refusals, over raw TCP byte by byte; the frames (one text message per event, the same events
// and ids as SSE, replay after ?last_event_id=), visitor isolation, the client's close and broken
// frames; and Chromium's own WebSocket against the relay.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { launchBrowser, startRelay } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';

let relay;
let agent;
before(async () => {
  relay = await startRelay({ args: ['--agent-token', 'ws-agent-token'] });
  agent = api(relay.url, 'ws-agent-token');
});
after(async () => { await relay?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A raw WebSocket client: the handshake written by hand, frames parsed as they arrive. */
function rawSocket(path, { headers = {}, key = randomBytes(16).toString('base64') } = {}) {
  return new Promise((resolve, reject) => {
    const sock = connect(relay.port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let head = null;
    const frames = [];
    const waiters = [];
    let closed = false;
    const h = { Host: `127.0.0.1:${relay.port}`, Upgrade: 'websocket', Connection: 'Upgrade',
      'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13', ...headers };
    const lines = Object.entries(h).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`);
    sock.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    const parseFrames = () => {
      for (;;) {
        if (buf.length < 2) return;
        const fin = (buf[0] & 0x80) !== 0, opcode = buf[0] & 0x0f, masked = (buf[1] & 0x80) !== 0;
        let len = buf[1] & 0x7f, at = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); at = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); at = 10; }
        if (buf.length < at + len) return;
        frames.push({ fin, opcode, masked, payload: buf.subarray(at, at + len) });
        buf = buf.subarray(at + len);
        for (const w of [...waiters]) w();
      }
    };
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = buf.subarray(0, end).toString('latin1').split('\r\n');
        const hs = {};
        for (const l of text.slice(1)) { const i = l.indexOf(':'); hs[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
        head = { status: Number(text[0].split(' ')[1]), headers: hs };
        buf = buf.subarray(end + 4);
        const ws = {
          head, key, frames, sock,
          get closed() { return closed; },
          body: () => buf.toString('utf8'),
          /** the next frame matching `pred` */
          next(pred = () => true, ms = 5000) {
            return new Promise((res, rej) => {
              const t = setTimeout(() => rej(new Error('no matching frame in time')), ms);
              const check = () => {
                const i = frames.findIndex(pred);
                if (i < 0) return false;
                clearTimeout(t);
                waiters.splice(waiters.indexOf(check), 1);
                res(frames.splice(i, 1)[0]);
                return true;
              };
              waiters.push(check);
              check();
            });
          },
          /** a client frame, masked as RFC 6455 requires unless `unmasked` */
          send(opcode, payload = Buffer.alloc(0), { unmasked = false } = {}) {
            const mask = randomBytes(4);
            const body = Buffer.from(payload);
            const len = body.length < 126 ? Buffer.from([body.length | (unmasked ? 0 : 0x80)]) : null;
            const data = unmasked ? body : Buffer.from(body.map((b, i) => b ^ mask[i % 4]));
            sock.write(Buffer.concat([Buffer.from([0x80 | opcode]), len, unmasked ? Buffer.alloc(0) : mask, data]));
          },
          close: () => sock.destroy(),
        };
        resolve(ws);
      }
      if (head.status === 101) parseFrames();  // otherwise the bytes are an HTTP body
    });
    sock.on('close', () => { closed = true; for (const w of [...waiters]) w(); });
    sock.on('error', (e) => { if (!head) reject(e); });
  });
}

const json = (frame) => JSON.parse(frame.payload.toString('utf8'));
const isEvent = (type) => (f) => f.opcode === 1 && json(f).event === type;

async function conversation(v, text) {
  const c = await v.call('POST', '/api/v1/conversations', { channel: 'webchat', locale: 'en' });
  assert.equal(c.status, 201, c.text);
  if (text) {
    const m = await v.call('POST', `/api/v1/conversations/${c.json.id}/messages`, { idempotency_key: `k-${text}`, text });
    assert.equal(m.status, 201, m.text);
  }
  return c.json;
}

describe('handshake', () => {
  test('101 with the accept key RFC 6455 computes, no Content-Length, and the stream stays open', async () => {
    const ws = await rawSocket('/api/v1/events?token=ws-agent-token');
    assert.equal(ws.head.status, 101);
    assert.equal(ws.head.headers.upgrade.toLowerCase(), 'websocket');
    assert.equal(ws.head.headers.connection.toLowerCase(), 'upgrade');
    const expected = createHash('sha1').update(ws.key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    assert.equal(ws.head.headers['sec-websocket-accept'], expected);
    assert.equal(ws.head.headers['content-length'], undefined);
    assert.equal(ws.head.headers['transfer-encoding'], undefined);
    await sleep(300);
    assert.equal(ws.closed, false);
    ws.close();
  });

  // [headers to change, status, error code, path]
  const refusals = [
    [{ 'Sec-WebSocket-Version': '8' }, 426, 'unsupported_websocket_version', 'Sec-WebSocket-Version'],
    [{ 'Sec-WebSocket-Version': null }, 426, 'unsupported_websocket_version', 'Sec-WebSocket-Version'],
    [{ 'Sec-WebSocket-Key': null }, 400, 'invalid_upgrade', 'Sec-WebSocket-Key'],
    [{ 'Sec-WebSocket-Key': 'c2hvcnQ=' }, 400, 'invalid_upgrade', 'Sec-WebSocket-Key'],
    [{ 'Sec-WebSocket-Key': 'not base64 at all!!!!!!' }, 400, 'invalid_upgrade', 'Sec-WebSocket-Key'],
    [{ Connection: 'keep-alive' }, 400, 'invalid_upgrade', 'Connection'],
    [{ Upgrade: 'h2c' }, 400, 'invalid_upgrade', 'Upgrade'],
  ];
  for (const [headers, status, code, path] of refusals) {
    test(`${JSON.stringify(headers)} → ${status} ${code}`, async () => {
      const ws = await rawSocket('/api/v1/events?token=ws-agent-token', { headers });
      assert.equal(ws.head.status, status);
      const length = Number(ws.head.headers['content-length']);
      for (let i = 0; i < 50 && Buffer.byteLength(ws.body()) < length; i++) await sleep(20);
      const err = JSON.parse(ws.body()).error;
      assert.equal(err.code, code);
      assert.equal(err.path, path);
      if (status === 426) assert.equal(ws.head.headers['sec-websocket-version'] ?? err.supported, '13');
      assert.equal((await fetch(`${relay.url}/healthz`)).status, 200);
    });
  }

  test('without a token: 401, nothing upgraded', async () => {
    const ws = await rawSocket('/api/v1/events');
    assert.equal(ws.head.status, 401);
    assert.equal(ws.head.headers['sec-websocket-accept'], undefined);
  });

  test('keep-alive: Connection lists Upgrade among other tokens', async () => {
    const ws = await rawSocket('/api/v1/events?token=ws-agent-token', { headers: { Connection: 'keep-alive, Upgrade' } });
    assert.equal(ws.head.status, 101);
    ws.close();
  });
});

describe('frames', () => {
  test('one unmasked text message per event, with the same id and data as SSE', async () => {
    const ws = await rawSocket('/api/v1/events?token=ws-agent-token');
    const v = await newVisitor(relay.url);
    const c = await conversation(v, 'hello over a websocket <b>bold</b>');
    const f = await ws.next(isEvent('message'));
    assert.equal(f.fin, true);
    assert.equal(f.masked, false);
    const e = json(f);
    assert.ok(Number.isInteger(e.id) && e.id > 0);
    assert.equal(e.data.conversation_id, c.id);
    assert.equal(e.data.text, 'hello over a websocket <b>bold</b>');  // text, as stored
    ws.close();
  });

  test('a visitor sees only their own conversations', async () => {
    const a = await newVisitor(relay.url);
    const b = await newVisitor(relay.url);
    const ws = await rawSocket(`/api/v1/events?token=${b.token}`);
    assert.equal(ws.head.status, 101);
    await conversation(a, 'from a');
    const cb = await conversation(b, 'from b');
    const f = await ws.next(isEvent('message'));
    assert.equal(json(f).data.conversation_id, cb.id);
    await sleep(300);
    assert.ok(!ws.frames.some((x) => x.opcode === 1 && json(x).data?.text === 'from a'));
    ws.close();
  });

  test('?last_event_id= replays what was missed, in order, then goes live', async () => {
    const v = await newVisitor(relay.url);
    const c = await conversation(v, 'first');
    const list = await agent('GET', `/api/v1/conversations/${c.id}/messages`);
    assert.equal(list.status, 200);
    const first = await rawSocket('/api/v1/events?token=ws-agent-token&last_event_id=0');
    const ids = [];
    for (;;) {
      const f = await first.next((x) => x.opcode === 1);
      const e = json(f);
      if (e.id) ids.push(e.id);
      if (e.event === 'message' && e.data.text === 'first') break;
    }
    first.close();
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y));
    const last = ids.at(-1);
    for (const t of ['second', 'third'])
      await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: `k-${t}`, text: t });
    const resumed = await rawSocket(`/api/v1/events?token=ws-agent-token&last_event_id=${last}`);
    const texts = [];
    while (texts.length < 2) {
      const e = json(await resumed.next(isEvent('message')));
      assert.ok(e.id > last);
      texts.push(e.data.text);
    }
    assert.deepEqual(texts, ['second', 'third']);
    resumed.close();
  });

  test("the client's close ends the stream at once; pings and messages from the client are read and dropped", async () => {
    const ws = await rawSocket('/api/v1/events?token=ws-agent-token');
    const before = (await agent('GET', '/api/v1/metrics')).status;  // the relay answers throughout
    assert.equal(before, 200);
    ws.send(0x9, 'are you there');
    ws.send(0x1, 'a message the stream does not take');
    await sleep(200);
    assert.equal(ws.closed, false);
    ws.send(0x8, Buffer.from([0x03, 0xe8]));
    await new Promise((r) => (ws.closed ? r() : ws.sock.once('close', r)));
    assert.equal((await fetch(`${relay.url}/healthz`)).status, 200);
  });

  for (const [name, send] of [
    ['an unmasked client frame', (ws) => ws.send(0x1, 'x', { unmasked: true })],
    ['a reserved opcode', (ws) => ws.send(0x3, 'x')],
    ['a frame larger than 64 KiB', (ws) => ws.sock.write(Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4]))],
    ['a control frame longer than 125 bytes', (ws) => ws.sock.write(Buffer.from([0x89, 0xfe, 0x00, 0xc8, 1, 2, 3, 4]))],
    ['an extension bit nobody negotiated', (ws) => ws.sock.write(Buffer.from([0xc1, 0x80, 1, 2, 3, 4]))],
  ]) {
    test(`${name} closes the connection and the relay keeps answering`, async () => {
      const ws = await rawSocket('/api/v1/events?token=ws-agent-token');
      send(ws);
      await new Promise((r, j) => {
        if (ws.closed) return r();
        const t = setTimeout(() => j(new Error('still open')), 3000);
        ws.sock.once('close', () => { clearTimeout(t); r(); });
      });
      assert.equal((await fetch(`${relay.url}/healthz`)).status, 200);
    });
  }

  test('a stopping relay says "going away" (1001) before it closes', async () => {
    const own = await startRelay({ args: ['--agent-token', 'ws-agent-token'] });
    const saved = relay;
    relay = own;
    try {
      const ws = await rawSocket('/api/v1/events?token=ws-agent-token');
      assert.equal(ws.head.status, 101);
      const stopping = own.stop();
      const f = await ws.next((x) => x.opcode === 8, 8000);
      assert.equal(f.payload.readUInt16BE(0), 1001);
      await stopping;
    } finally {
      relay = saved;
    }
  });
});

describe('in Chromium', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test("the browser's WebSocket receives a message written through the API, and replays after reconnecting", async () => {
    const page = await browser.newPage();
    await page.goto(`${relay.url}/healthz`);
    const v = await newVisitor(relay.url);
    const url = `ws://127.0.0.1:${relay.port}/api/v1/events?token=${v.token}`;
    await page.evaluate((u) => new Promise((resolve, reject) => {
      window.received = [];
      const ws = new WebSocket(u);
      window.socket = ws;
      ws.onmessage = (m) => window.received.push(JSON.parse(m.data));
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error('websocket error'));
    }), url);
    const c = await conversation(v, 'hello from the API');
    await page.waitForFunction(() => window.received.some((e) => e.event === 'message'), null, { timeout: 5000 });
    const got = await page.evaluate(() => window.received.find((e) => e.event === 'message'));
    assert.equal(got.data.text, 'hello from the API');
    assert.equal(got.data.conversation_id, c.id);
    const last = await page.evaluate(() => { window.socket.close(1000); return Math.max(...window.received.filter((e) => e.id).map((e) => e.id)); });
    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'k-missed', text: 'sent while closed' });
    await page.evaluate((u) => new Promise((resolve) => {
      window.received = [];
      const ws = new WebSocket(u);
      ws.onmessage = (m) => { window.received.push(JSON.parse(m.data)); resolve(); };
    }), `${url}&last_event_id=${last}`);
    await page.waitForFunction(() => window.received.some((e) => e.data?.text === 'sent while closed'), null, { timeout: 5000 });
    await page.close();
  });
});
