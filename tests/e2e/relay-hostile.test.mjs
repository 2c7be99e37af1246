// Hostile input against a real relay, over raw TCP on loopback: what one attacker can send must
// never take the relay down or tie it up (issue 24). Every case asserts the status, the JSON error
// where there is one, and that the relay still answers /healthz afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay, ROOT } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';

let relay;
let agent;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  relay = await startRelay({ args: ['--agent-token', 'hostile-agent-token'] });
  agent = api(relay.url, 'hostile-agent-token');
});
after(async () => { await relay?.stop(); });

// --- raw HTTP -----------------------------------------------------------------------------

/** Responses in `buf` (Content-Length or chunked bodies); a HEAD answer has no body. */
function parseResponses(buf, { head = false } = {}) {
  const out = [];
  let at = 0;
  while (at < buf.length) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const lines = buf.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.1 (\d{3}) /.exec(lines[0]);
    if (!m) break;
    const headers = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
    }
    const status = Number(m[1]);
    let p = end + 4;
    let body = Buffer.alloc(0);
    let complete = true;
    if (status === 100 || head) {
      // no body
    } else if (headers['transfer-encoding'] === 'chunked') {
      const parts = [];
      complete = false;
      for (;;) {
        const eol = buf.indexOf('\r\n', p);
        if (eol < 0) break;
        const size = parseInt(buf.subarray(p, eol).toString('latin1'), 16);
        if (Number.isNaN(size) || buf.length < eol + 2 + size + 2) break;
        parts.push(buf.subarray(eol + 2, eol + 2 + size));
        p = eol + 2 + size + 2;
        if (size === 0) { complete = true; break; }
      }
      body = Buffer.concat(parts);
    } else {
      const n = Number(headers['content-length'] ?? 0);
      if (buf.length < p + n) { complete = false; body = buf.subarray(p); p = buf.length; }
      else { body = buf.subarray(p, p + n); p += n; }
    }
    const text = body.toString('utf8');
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    out.push({ status, headers, body, text, json, complete });
    at = p;
    if (!complete) break;
  }
  return out;
}

/**
 * Send `parts` (strings/Buffers; a number pauses that many ms) on a fresh connection. Resolves when
 * `count` complete responses arrived, the relay closed, or after `wait` ms.
 */
function send(parts, { count = 1, wait = 4000, head = false, port = relay.port, stopWritingOnData = false } = {}) {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    const chunks = [];
    let closed = false, done = false, gotData = false;
    const t0 = Date.now();
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      sock.destroy();
      resolve({ data, closed, ms: Date.now() - t0, responses: parseResponses(data, { head }) });
    };
    const timer = setTimeout(finish, wait);
    sock.on('data', (d) => {
      gotData = true;
      chunks.push(d);
      const rs = parseResponses(Buffer.concat(chunks), { head }).filter((r) => r.status !== 100 && r.complete);
      if (count && rs.length >= count) finish();
    });
    sock.on('error', () => {});
    sock.on('close', () => { closed = true; finish(); });
    sock.on('connect', async () => {
      for (const p of parts) {
        if (done || (stopWritingOnData && gotData)) return;
        if (typeof p === 'number') { await sleep(p); continue; }
        if (typeof p === 'function') { await p(sock, () => gotData || done); continue; }
        if (!sock.write(p)) await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
      }
    });
  });
}

/** Like send() but also waits for the relay to close the connection (errors must close). */
async function sendExpectClose(parts, opts = {}) {
  return send(parts, { count: 0, wait: 4000, ...opts });
}

const GET = (path, extra = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;
function POST(path, body, { type = 'application/json', token, extra = '' } = {}) {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const auth = token ? `Authorization: Bearer ${token}\r\n` : '';
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\n${auth}Content-Length: ${b.length}\r\n${extra}\r\n`), b]);
}

async function healthy(r = relay) {
  assert.equal(r.proc.exitCode, null, `the relay is running: ${r.log()}`);
  const res = await fetch(`${r.url}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true });
}

function assertError(res, status, code) {
  assert.ok(res, 'a response');
  assert.equal(res.status, status, res.text);
  if (code) {
    assert.equal(res.json?.error?.code, code, res.text);
    assert.equal(typeof res.json.error.message, 'string');
    assert.equal(res.json.error.path, res.json.error.path ?? '');
  }
}

/** One case: run, check, then the relay must still answer. */
function hostile(name, fn) {
  test(name, async () => {
    await fn();
    await healthy();
  });
}

/** A raw request that the relay must refuse with `status`/`code` and then close. */
function refused(name, parts, status, code) {
  hostile(name, async () => {
    const r = await sendExpectClose(Array.isArray(parts) ? parts : [parts]);
    assertError(r.responses[0], status, code);
    assert.equal(r.responses[0].headers.connection, 'close');
    assert.ok(r.closed, 'the relay closes the connection after refusing a request');
  });
}

const consoleSize = statSync(join(ROOT, 'site/console/index.html')).size;

// --- cases --------------------------------------------------------------------------------

describe('Range headers (once a crash)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => `${i}-${i}`).join(',');
  hostile('100 ranges on a static file: the whole file, 200', async () => {
    const [r] = (await send([GET('/console/index.html', `Range: bytes=${hundred}\r\n`)])).responses;
    assert.equal(r.status, 200);
    assert.equal(r.body.length, consoleSize);
  });
  hostile('one 448-character range on /healthz: 200', async () => {
    const range = `bytes=${'1'.repeat(220)}-${'2'.repeat(221)}`;
    assert.equal(`Range: ${range}`.length - 'Range: '.length, 448);
    const [r] = (await send([GET('/healthz', `Range: ${range}\r\n`)])).responses;
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { ok: true });
  });
  hostile('1000 ranges: still 200', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => `${i}-`).join(',');
    const [r] = (await send([GET('/console/index.html', `Range: bytes=${many}\r\n`)])).responses;
    assert.equal(r.status, 200);
  });
  hostile('an unsatisfiable range is ignored', async () => {
    const [r] = (await send([GET('/console/index.html', 'Range: bytes=99999999-\r\n')])).responses;
    assert.equal(r.status, 200);
    assert.equal(r.body.length, consoleSize);
  });
  hostile('a garbage Range is ignored', async () => {
    const [r] = (await send([GET('/healthz', 'Range: ((((((((((((((((((((\r\n')])).responses;
    assert.equal(r.status, 200);
  });
  hostile('a Range on an API route is ignored', async () => {
    const [r] = (await send([GET('/api/v1/workspace', 'Range: bytes=0-1\r\n')])).responses;
    assert.equal(r.status, 200);
    assert.ok(r.json.name);
  });
});

describe('header limits', () => {
  hostile('1,000,000 header lines: 431 and close, memory not taken', async () => {
    const block = Buffer.from('X-Flood: a\r\n'.repeat(10000));
    const parts = [Buffer.from('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'), ...Array(100).fill(block), Buffer.from('\r\n')];
    const r = await send(parts, { count: 1, stopWritingOnData: true, wait: 10000 });
    assertError(r.responses[0], 431, 'headers_too_large');
  });
  refused('101 header fields: 431', GET('/healthz', Array.from({ length: 101 }, (_, i) => `X-H${i}: v\r\n`).join('')), 431, 'too_many_headers');
  refused('one 20 KiB header value: 431', GET('/healthz', `X-Big: ${'a'.repeat(20 * 1024)}\r\n`), 431, 'headers_too_large');
  refused('a 10 KiB request target: 414', GET(`/healthz?${'a'.repeat(10 * 1024)}`), 414, 'uri_too_long');
  refused('a 40 KiB request line without an end: 414', `GET /${'a'.repeat(40 * 1024)}`, 414, 'uri_too_long');
  hostile('100 header fields are fine', async () => {
    const [r] = (await send([GET('/healthz', Array.from({ length: 98 }, (_, i) => `X-H${i}: v\r\n`).join(''))])).responses;
    assert.equal(r.status, 200);
  });
});

describe('framing (RFC 9112)', () => {
  const post = (headers, body = '') => `POST /api/v1/visitors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${headers}\r\n${body}`;
  refused('Content-Length: abc', post('Content-Length: abc\r\n', '{}'), 400, 'bad_content_length');
  refused('Content-Length: -1', post('Content-Length: -1\r\n', '{}'), 400, 'bad_content_length');
  refused('Content-Length: +2', post('Content-Length: +2\r\n', '{}'), 400, 'bad_content_length');
  refused('Content-Length: 1e3', post('Content-Length: 1e3\r\n', '{}'), 400, 'bad_content_length');
  refused('Content-Length: 2, 2', post('Content-Length: 2, 2\r\n', '{}'), 400, 'bad_content_length');
  refused('Content-Length twice, same value', post('Content-Length: 2\r\nContent-Length: 2\r\n', '{}'), 400, 'bad_content_length');
  refused('Content-Length twice, different values', post('Content-Length: 2\r\nContent-Length: 3\r\n', '{} '), 400, 'bad_content_length');
  refused('Content-Length and Transfer-Encoding', post('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n', '2\r\n{}\r\n0\r\n\r\n'), 400, 'bad_transfer_encoding');
  refused('Transfer-Encoding then Content-Length', post('Transfer-Encoding: chunked\r\nContent-Length: 2\r\n', '2\r\n{}\r\n0\r\n\r\n'), 400, 'bad_content_length');
  refused('Transfer-Encoding: gzip', post('Transfer-Encoding: gzip\r\n', '{}'), 400, 'bad_transfer_encoding');
  refused('Transfer-Encoding: gzip, chunked', post('Transfer-Encoding: gzip, chunked\r\n', '2\r\n{}\r\n0\r\n\r\n'), 400, 'bad_transfer_encoding');
  refused('Transfer-Encoding: chunked, chunked', post('Transfer-Encoding: chunked, chunked\r\n', '2\r\n{}\r\n0\r\n\r\n'), 400, 'bad_transfer_encoding');
  refused('Transfer-Encoding twice', post('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', '2\r\n{}\r\n0\r\n\r\n'), 400, 'bad_transfer_encoding');
  refused('Transfer-Encoding: xchunked', post('Transfer-Encoding: xchunked\r\n', '2\r\n{}\r\n0\r\n\r\n'), 400, 'bad_transfer_encoding');
  refused('a bad chunk size', post('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n'), 400, 'bad_chunk');
  refused('a Content-Length beyond the body limit: 413 before the body', post('Content-Length: 99999999999\r\n'), 413, 'body_too_large');
  refused('HTTP/1.1 without Host', 'GET /healthz HTTP/1.1\r\n\r\n', 400, 'bad_host');
  refused('two Host headers', 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400, 'bad_host');
  refused('HTTP/2.0 in the request line', 'GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n', 400);
  refused('bare LF line endings', 'GET /healthz HTTP/1.1\nHost: a\n\n', 400, 'bad_request');
  refused('a space before the colon', 'GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n', 400, 'bad_request');
  refused('a NUL in a header value', 'GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: a\0b\r\n\r\n', 400);
  refused('a bad method token', 'G@T /healthz HTTP/1.1\r\nHost: a\r\n\r\n', 400, 'bad_request');
  refused('an absolute-form target', 'GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: a\r\n\r\n', 400, 'bad_target');
  refused('the asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n', 400, 'bad_target');
  hostile('a chunked body is read correctly', async () => {
    const [r] = (await send([post('Transfer-Encoding: chunked\r\n', '1\r\n{\r\n1\r\n}\r\n0\r\n\r\n')])).responses;
    assert.equal(r.status, 201, r.text);
    assert.ok(r.json.token);
  });
  hostile('HTTP/1.0 without Host is served and closed', async () => {
    const r = await sendExpectClose(['GET /healthz HTTP/1.0\r\n\r\n']);
    assert.equal(r.responses[0].status, 200);
    assert.ok(r.closed);
  });
  hostile('Expect: 100-continue gets 100 then the answer', async () => {
    const r = await send(['POST /api/v1/visitors HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n', 300, '{}']);
    assert.equal(r.data.toString('latin1').startsWith('HTTP/1.1 100 Continue\r\n\r\n'), true);
    assert.equal(r.responses.find((x) => x.status !== 100).status, 201);
  });
  hostile('an unknown method is a JSON 404', async () => {
    const [r] = (await send(['BREW /healthz HTTP/1.1\r\nHost: a\r\n\r\n'])).responses;
    assertError(r, 404, 'not_found');
  });
  hostile('HEAD has the length and no body', async () => {
    const r = await send(['HEAD /console/index.html HTTP/1.1\r\nHost: a\r\n\r\n', ...[GET('/healthz')]], { count: 2, head: false });
    const head = parseResponses(r.data, { head: true })[0];
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers['content-length']), consoleSize);
    assert.match(r.data.toString('latin1'), /\r\n\r\nHTTP\/1\.1 200 OK/);
  });
});

describe('paths', () => {
  refused('%00 before a static file', GET('/%00index.html'), 400, 'bad_path');
  refused('%00 after a folder', GET('/console/%00'), 400, 'bad_path');
  refused('%00 in an API path', GET('/api/v1/conversations/%00'), 400, 'bad_path');
  refused('a bad escape %zz', GET('/%zz'), 400, 'bad_path');
  refused('a truncated escape', GET('/console/index.html%2'), 400, 'bad_path');
  refused('an encoded .. climb', GET('/%2e%2e/%2e%2e/etc/passwd'), 400, 'bad_path');
  refused('a raw .. climb', GET('/../../etc/passwd'), 400, 'bad_path');
  refused('.. inside a mount, encoded slashes', GET('/console/..%2f..%2fREADME.md'), 400, 'bad_path');
  refused('a newline escape in the path', GET('/console/%0aindex.html'), 400, 'bad_path');
  refused('%00 in the query', GET('/api/v1/events?token=%00'), 400, 'bad_query');
  refused('a bad escape in the query', GET('/api/v1/events?token=%g0'), 400, 'bad_query');
  hostile('a file outside the mounts is not found', async () => {
    const [r] = (await send([GET('/README.md')])).responses;
    assertError(r, 404, 'not_found');
  });
  hostile('static files keep their type and CSP', async () => {
    const [r] = (await send([GET('/wasm-js/parley-core.js')])).responses;
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/javascript');
    assert.match(r.headers['content-security-policy'], /frame-ancestors 'self'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  });
});

describe('pipelining', () => {
  hostile('two pipelined requests get two answers, in order', async () => {
    const r = await send([GET('/healthz') + GET('/api/v1/workspace')], { count: 2 });
    assert.deepEqual(r.responses.map((x) => x.status), [200, 200]);
    assert.deepEqual(r.responses[0].json, { ok: true });
    assert.ok(r.responses[1].json.business_hours);
  });
  hostile('three, the middle one a 404', async () => {
    const r = await send([GET('/healthz') + GET('/nope.html') + GET('/healthz')], { count: 3 });
    assert.deepEqual(r.responses.map((x) => x.status), [200, 404, 200]);
  });
  hostile('a POST with a body, then a GET', async () => {
    const r = await send([Buffer.concat([POST('/api/v1/visitors', '{}'), Buffer.from(GET('/healthz'))])], { count: 2 });
    assert.deepEqual(r.responses.map((x) => x.status), [201, 200]);
  });
  hostile('20 pipelined requests in one write', async () => {
    const r = await send([Array.from({ length: 20 }, () => GET('/healthz')).join('')], { count: 20 });
    assert.equal(r.responses.length, 20);
    assert.ok(r.responses.every((x) => x.status === 200));
  });
  hostile('a good request, then a malformed one: answer, 400, close', async () => {
    const r = await sendExpectClose([GET('/healthz') + 'GET /healthz HTTP/1.1\r\nContent-Length: x\r\nHost: a\r\n\r\n']);
    assert.deepEqual(r.responses.map((x) => x.status), [200, 400]);
    assert.ok(r.closed);
  });
  hostile('Connection: close is honoured', async () => {
    const r = await sendExpectClose([GET('/healthz', 'Connection: close\r\n') + GET('/healthz')]);
    assert.equal(r.responses.length, 1);
    assert.ok(r.closed);
  });
});

describe('bodies and JSON', () => {
  let v;
  let conv;
  before(async () => {
    v = await newVisitor(relay.url);
    conv = (await v.call('POST', '/api/v1/conversations', { session_context: { page_url: 'https://shop.example/' } })).json;
  });
  const post = async (body, opts = {}) => (await send([POST(`/api/v1/conversations/${conv.id}/messages`, body, { token: v.token, ...opts })])).responses[0];

  hostile('a NUL byte in JSON, then more: 400 invalid_json', async () => {
    assertError(await post(Buffer.from('{"idempotency_key":"n1","text":"a"}\0{"text":"b"}')), 400, 'invalid_json');
  });
  hostile('a NUL byte inside a string: 400 invalid_json', async () => {
    assertError(await post(Buffer.from('{"idempotency_key":"n2","text":"a\0b"}')), 400, 'invalid_json');
  });
  hostile('a duplicate key: 400 duplicate_key with its path', async () => {
    const r = await post('{"idempotency_key":"d1","text":"a","text":"b"}');
    assertError(r, 400, 'duplicate_key');
    assert.equal(r.json.error.path, '/text');
  });
  hostile('a duplicate key in a nested object', async () => {
    const r = await post('{"idempotency_key":"d2","text":"a","masked":[{"type":"email","replacement":"x","type":"phone"}]}');
    assertError(r, 400, 'duplicate_key');
    assert.equal(r.json.error.path, '/masked/0/type');
  });
  hostile('a duplicate key in the visitor body', async () => {
    const [r] = (await send([POST('/api/v1/visitors', '{"name":"a","name":"b"}')])).responses;
    assertError(r, 400, 'duplicate_key');
  });
  hostile('bytes after the JSON value', async () => {
    assertError(await post('{"idempotency_key":"t1","text":"a"} trailing'), 400, 'invalid_json');
  });
  hostile('two JSON values', async () => {
    assertError(await post('{"idempotency_key":"t2","text":"a"}{"idempotency_key":"t3","text":"b"}'), 400, 'invalid_json');
  });
  hostile('whitespace after the value is fine', async () => {
    const r = await post('{"idempotency_key":"w1","text":"a"}\r\n  \n');
    assert.equal(r.status, 201, r.text);
  });
  hostile('deeply nested arrays: a 400, no crash', async () => {
    const r = await post(`{"idempotency_key":"deep","text":"a","masked":${'['.repeat(30000)}${']'.repeat(30000)}}`);
    assert.equal(r.status, 400, r.text);
  });
  hostile('a huge exponent', async () => {
    assertError(await post('{"idempotency_key":"e1","text":1e999999}'), 400);
  });
  hostile('invalid UTF-8 in a key', async () => {
    assertError(await post(Buffer.concat([Buffer.from('{"idempotency_key":"u1","te'), Buffer.from([0xff]), Buffer.from('xt":"a"}')])), 400, 'invalid_utf8');
  });
  hostile('a JSON body over 64 KiB: 413', async () => {
    assertError(await post(JSON.stringify({ idempotency_key: 'big', text: 'x'.repeat(70000) })), 413, 'body_too_large');
  });
  hostile('a body over 10 MiB: 413 and close', async () => {
    const head = `POST /api/v1/attachments HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${v.token}\r\nContent-Type: text/plain\r\nContent-Length: ${12 * 1024 * 1024}\r\n\r\n`;
    const r = await send([head, Buffer.alloc(1024 * 1024, 97)], { count: 1, stopWritingOnData: true });
    assertError(r.responses[0], 413, 'body_too_large');
  });
  hostile('a body shorter than its Content-Length: closed when it stops arriving (10 s)', async () => {
    const head = `POST /api/v1/visitors HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`;
    const r = await sendExpectClose([head], { wait: 15000 });
    assert.equal(r.responses.length, 0, 'nothing was answered or stored');
    assert.ok(r.closed && r.ms < 11000, `closed after ${r.ms} ms`);
  });
});

describe('idempotency per author', () => {
  hostile('an agent reusing the visitor\'s key sends a new message', async () => {
    const v = await newVisitor(relay.url);
    const c = (await v.call('POST', '/api/v1/conversations', {})).json;
    assert.equal((await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'same', text: 'hi' })).status, 201);
    const reply = await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'same', text: 'hello!' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.json.author.type, 'agent');
    const list = (await v.call('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages;
    assert.deepEqual(list.map((m) => m.text), ['hi', 'hello!']);
  });
  hostile('the visitor repeating their own key is a duplicate', async () => {
    const v = await newVisitor(relay.url);
    const c = (await v.call('POST', '/api/v1/conversations', {})).json;
    const first = await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'k', text: 'one' });
    const again = await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'k', text: 'one' });
    assert.equal(again.status, 200);
    assert.equal(again.json.duplicate, true);
    assert.equal(again.json.id, first.json.id);
  });
  hostile('the same key in two conversations is two messages', async () => {
    const v = await newVisitor(relay.url);
    const a = (await v.call('POST', '/api/v1/conversations', {})).json;
    const b = (await v.call('POST', '/api/v1/conversations', {})).json;
    assert.equal((await v.call('POST', `/api/v1/conversations/${a.id}/messages`, { idempotency_key: 'x', text: '1' })).status, 201);
    assert.equal((await v.call('POST', `/api/v1/conversations/${b.id}/messages`, { idempotency_key: 'x', text: '2' })).status, 201);
  });
  hostile('the agent repeating its own key is a duplicate', async () => {
    const v = await newVisitor(relay.url);
    const c = (await v.call('POST', '/api/v1/conversations', {})).json;
    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'v', text: 'q' });
    assert.equal((await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'a', text: 'r' })).status, 201);
    const again = await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'a', text: 'r' });
    assert.equal(again.status, 200);
    assert.equal(again.json.duplicate, true);
  });
});

describe('event streams', () => {
  hostile('HEAD of the event stream: the header only, then the next request', async () => {
    const r = await send(['HEAD /api/v1/events?token=hostile-agent-token HTTP/1.1\r\nHost: a\r\n\r\n', GET('/healthz')], { count: 2, head: false, wait: 3000 });
    const text = r.data.toString('latin1');
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n[^]*Content-Type: text\/event-stream[^]*\r\n\r\nHTTP\/1\.1 200 OK/);
  });
  hostile('a bad Last-Event-ID: 400 invalid_value', async () => {
    const [r] = (await send([GET('/api/v1/events?token=hostile-agent-token', 'Last-Event-ID: abc\r\n')])).responses;
    assertError(r, 400, 'invalid_value');
  });
  hostile('Last-Event-ID over raw TCP replays what came after it', async () => {
    const v = await newVisitor(relay.url);
    const c = (await v.call('POST', '/api/v1/conversations', {})).json;
    for (const k of ['r1', 'r2', 'r3']) await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: k, text: k });
    const all = await send([GET(`/api/v1/events?token=${v.token}&last_event_id=0`)], { count: 0, wait: 800 });
    const ids = [...all.data.toString().matchAll(/id: (\d+)\nevent: message\ndata: .*"text":"(r\d)"/g)].map((m) => [Number(m[1]), m[2]]);
    assert.deepEqual(ids.map((x) => x[1]), ['r1', 'r2', 'r3']);
    const after1 = await send([GET(`/api/v1/events?token=${v.token}`, `Last-Event-ID: ${ids[0][0]}\r\n`)], { count: 0, wait: 800 });
    const texts = [...after1.data.toString().matchAll(/event: message\ndata: .*"text":"(r\d)"/g)].map((m) => m[1]);
    assert.deepEqual(texts, ['r2', 'r3']);
    assert.match(after1.data.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n[^]*Transfer-Encoding: chunked/);
  });
  hostile('a stream whose client hangs up is freed at once (agents_online drops)', async () => {
    const online = async () => (await api(relay.url)('GET', '/api/v1/workspace')).json.agents_online;
    const before = await online();
    const sock = connect(relay.port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    sock.write(GET('/api/v1/events?token=hostile-agent-token'));
    await new Promise((r) => sock.once('data', r));
    assert.equal(await online(), before + 1);
    sock.destroy();
    let now = before + 1;
    for (let i = 0; i < 20 && now > before; i++) { await sleep(50); now = await online(); }
    assert.equal(now, before, 'freed within a second, not at the next keep-alive');
  });
  hostile('an event stream of another visitor\'s conversation: 404', async () => {
    const a = await newVisitor(relay.url);
    const b = await newVisitor(relay.url);
    const c = (await a.call('POST', '/api/v1/conversations', {})).json;
    const [r] = (await send([GET(`/api/v1/events?token=${b.token}&conversation=${c.id}`)])).responses;
    assertError(r, 404, 'not_found');
  });
});

describe('slow and idle clients', () => {
  hostile('slowloris (one header line every 2 s), an idle connection and a stalled request line: all closed within 10 s', async () => {
    const drip = ['GET /healthz HTTP/1.1\r\n', ...Array.from({ length: 10 }, (_, i) => [2000, `X-Drip-${i}: a\r\n`]).flat()];
    const [loris, idle, stalled] = await Promise.all([
      sendExpectClose(drip, { wait: 15000 }),
      sendExpectClose([], { wait: 15000 }),
      sendExpectClose(['GET /heal'], { wait: 15000 }),
    ]);
    for (const [name, r] of [['slowloris', loris], ['idle', idle], ['stalled', stalled]]) {
      assert.ok(r.closed, `${name} closed`);
      assert.ok(r.ms <= 10500, `${name} closed after ${r.ms} ms`);
    }
    for (const r of [loris, idle, stalled]) assert.equal(r.data.length, 0, 'closed without an answer');
  });
  hostile('300 idle connections cost no threads', async () => {
    const socks = await Promise.all(Array.from({ length: 300 }, () => new Promise((resolve) => {
      const s = connect(relay.port, '127.0.0.1', () => resolve(s));
      s.on('error', () => resolve(s));
    })));
    await sleep(300);
    const threads = readdirSync(`/proc/${relay.proc.pid}/task`).length;
    for (const s of socks) s.destroy();
    assert.ok(threads <= 16, `${threads} threads with 300 connections open`);
  });
});

describe('limits per client', () => {
  let limited;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-hostile-'));
    const file = join(dir, 'workspace.json');
    writeFileSync(file, JSON.stringify({
      rate_limits: { visitors: { per_minute: 6, burst: 3 }, messages: { per_minute: 6, burst: 3 }, uploads: { per_minute: 6, burst: 2 } },
    }));
    limited = await startRelay({ args: ['--workspace', file, '--agent-token', 'hostile-agent-token', '--max-connections-per-address', '8'] });
  });
  after(async () => { await limited?.stop(); });

  test('visitor creation: 429 with Retry-After past the burst', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await api(limited.url)('POST', '/api/v1/visitors', {}));
    assert.deepEqual(results.map((r) => r.status), [201, 201, 201, 429, 429]);
    assert.equal(results[3].json.error.code, 'rate_limited');
    assert.ok(Number(results[3].headers.get('retry-after')) >= 1);
    await healthy(limited);
  });
  test('messages: 429 per visitor; the agent is not limited', async () => {
    await sleep(10500);  // the visitor bucket refills one every 10 s
    const v = await newVisitor(limited.url);
    const c = (await v.call('POST', '/api/v1/conversations', {})).json;
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: `m${i}`, text: 'x' })).status);
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    const staff = api(limited.url, 'hostile-agent-token');
    for (let i = 0; i < 6; i++) assert.equal((await staff('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: `a${i}`, text: 'y' })).status, 201);
    const up = [];
    for (let i = 0; i < 3; i++) up.push((await v.call('POST', '/api/v1/attachments', undefined, { raw: 'hello', headers: { 'Content-Type': 'text/plain' } })).status);
    assert.deepEqual(up, [201, 201, 429]);
    await healthy(limited);
  });
  test('connections per address: past the cap, 503 and close; a freed slot is usable again', async () => {
    // fetch() above may still hold keep-alive connections: open until the relay refuses one.
    const held = [];
    let over;
    for (let i = 0; i < 12 && !over; i++) {
      const s = await new Promise((resolve) => { const c = connect(limited.port, '127.0.0.1', () => resolve(c)); });
      const data = await new Promise((resolve) => { s.once('data', resolve); setTimeout(() => resolve(null), 300); });
      if (data) over = data.toString();
      else held.push(s);
    }
    assert.ok(over, 'the cap was reached');
    const [r] = parseResponses(Buffer.from(over));
    assertError(r, 503, 'too_many_connections');
    assert.ok(r.headers['retry-after']);
    assert.ok(held.length <= 8);
    held.pop().destroy();
    await sleep(300);
    const ok = await send([GET('/healthz')], { port: limited.port });
    assert.equal(ok.responses[0].status, 200);
    for (const s of held) s.destroy();
    await sleep(300);
    await healthy(limited);
  });
});

describe('a crash under load', () => {
  test('kill -9 while 8 clients send: after the restart every message is stored once, and a stream resumes without a gap', async () => {
    const own = await startRelay({ args: ['--agent-token', 'hostile-agent-token'] });
    let current = own;
    const clients = await Promise.all(Array.from({ length: 8 }, async () => {
      const v = await newVisitor(own.url);
      const c = (await v.call('POST', '/api/v1/conversations', {})).json;
      return { token: v.token, id: c.id };
    }));
    const PER = 25;
    // A client as the widget's outbox is: resend with the same key until acknowledged.
    const sendAll = ({ token, id }) => (async () => {
      for (let i = 0; i < PER; i++) {
        for (;;) {
          try {
            const r = await api(current.url, token)('POST', `/api/v1/conversations/${id}/messages`, { idempotency_key: `k${i}`, text: `m${i}` });
            if (r.status === 201 || r.status === 200) break;
          } catch { /* relay down: retry */ }
          await sleep(100);
        }
      }
    })();
    const senders = clients.map(sendAll);
    await sleep(400);
    own.proc.kill('SIGKILL');
    await new Promise((r) => own.proc.once('exit', r));
    current = await startRelay({ port: own.port, data: own.data, args: ['--agent-token', 'hostile-agent-token'] });
    try {
      await Promise.all(senders);
      for (const { token, id } of clients) {
        const msgs = (await api(current.url, token)('GET', `/api/v1/conversations/${id}/messages`)).json.messages;
        assert.deepEqual(msgs.map((m) => m.text), Array.from({ length: PER }, (_, i) => `m${i}`), 'nothing lost, nothing doubled');
        assert.deepEqual(msgs.map((m) => m.seq), Array.from({ length: PER }, (_, i) => i + 1));
      }
      const all = await send([GET('/api/v1/events?token=hostile-agent-token&last_event_id=0')], { count: 0, wait: 1000, port: current.port });
      const messages = [...all.data.toString().matchAll(/event: message\n/g)].length;
      assert.equal(messages, clients.length * PER, 'every message is in the replayable event log');
      await healthy(current);
    } finally {
      await current.stop();
    }
  });
});

test('the relay survived everything', async () => {
  await healthy();
  assert.equal(relay.proc.exitCode, null);
  assert.doesNotMatch(relay.log(), /internal error|Segmentation|terminate/);
  assert.ok(readFileSync(`/proc/${relay.proc.pid}/status`, 'utf8').includes('State:'));
});
