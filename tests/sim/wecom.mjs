// WeCom 微信客服 on loopback, playing the WeCom server (../shared/CHANNELS.md §8; WeCom's
// callback encryption, developer.work.weixin.qq.com/document/path/91144, and 微信客服 sync_msg /
// send_msg, document/path/94670): it verifies the callback URL and sends encrypted
// kf_msg_or_event callbacks to the relay's /webhooks/wecom, then serves the pull the callback asks
// for (/cgi-bin/gettoken, /cgi-bin/kf/sync_msg with cursor and has_more paging) and the replies
// (/cgi-bin/kf/send_msg) under WeCom's rule for them: within 48 hours of the customer's last
// message and at most 5 per customer message, else errcode 45015 (too late) or 45047 (too many)
// and nothing is delivered (../shared/CHANNELS.md §8, the WeChat 客服消息 quotas of §7). A
// customer's image, voice, video or file arrives as a media_id that /cgi-bin/media/get serves as
// bytes (errcode 40007 once it is unknown or expired, as WeCom's media are kept 3 days). The AES here is node's crypto: an implementation independent of the
// core's hand-written one, so a callback the relay reads proves the two agree.
import { createServer } from 'node:http';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = () => Math.floor(Date.now() / 1000);
const ERRMSG = { 0: 'ok', 40001: 'invalid secret', 40013: 'invalid corpid', 40014: 'invalid access_token', 42001: 'access_token expired',
  40058: 'invalid parameter', 95000: 'invalid cursor or sync token', 95016: 'open_kfid not found', 44004: 'empty content',
  45015: 'response out of time limit or subscription is canceled', 45047: 'out of response count limit', 40007: 'invalid media_id' };
export const WINDOW_SECONDS = 48 * 3600;    // send_msg within 48 h of the customer's last message …
export const MESSAGES_PER_CUSTOMER_MESSAGE = 5;  // … and at most 5 of them

/**
 * Small files of the kinds WeCom sends a customer's media as: a 1×1 PNG and GIF, a JPEG (SOI,
 * JFIF APP0, EOI), AMR-NB voice (RFC 4867 storage format: "#!AMR\n", then 12.2 kbit/s frames of
 * 32 bytes with the 0x3C header), the head of an MP4, a tiny PDF and the head of a .docx (ZIP).
 */
export const SAMPLE_MEDIA = {
  png: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
  gif: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]), Buffer.from([0xff, 0xd9])]),
  amr: Buffer.concat([Buffer.from('#!AMR\n'), ...Array.from({ length: 5 }, (_, i) => Buffer.concat([Buffer.from([0x3c]), Buffer.alloc(31, i)]))]),
  // An MP4's first box: size 24, 'ftyp', major brand isom, minor 0x200, compatible isom/iso2 (ISO/IEC 14496-12 §4.3).
  mp4: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'),
    Buffer.from([0, 0, 0, 8]), Buffer.from('free')]),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  // An empty ZIP archive's local-file header start, as a .docx begins (Office Open XML is a ZIP).
  docx: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from([20, 0, 0, 0, 8, 0]), Buffer.alloc(20)]),
};

/** WeCom's AES key: Base64-decode the 43-character EncodingAESKey with "=" appended (32 bytes); the IV is its first 16. */
export function aesKey(encodingAesKey) {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error('encoding_aes_key must be 43 Base64 characters (32 bytes)');
  return key;
}

/** Encrypt = Base64(AES-256-CBC(random16 ‖ uint32be(len) ‖ msg ‖ receiveid, PKCS#7 to 32 bytes)). */
export function seal(encodingAesKey, message, receiveId, random = randomBytes(16)) {
  const key = aesKey(encodingAesKey);
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const plain = Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** The inverse of seal(): {message, receiveId}. */
export function open(encodingAesKey, encrypt) {
  const key = aesKey(encodingAesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const pad = plain[plain.length - 1];
  const body = plain.subarray(0, plain.length - pad);
  const len = body.readUInt32BE(16);
  return { message: body.subarray(20, 20 + len).toString('utf8'), receiveId: body.subarray(20 + len).toString('utf8') };
}

/** msg_signature = hex SHA-1 of the sorted token, timestamp, nonce and Encrypt, concatenated. */
export const msgSignature = (token, timestamp, nonce, encrypt) =>
  createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');

const cdata = (s) => `<![CDATA[${s}]]>`;

/**
 * Starts the simulated WeCom server for `account` ({token, encoding_aes_key, corp_id, secret}),
 * with KF accounts `kfids`. `pageSize` caps sync_msg pages below the request's limit, so a
 * backlog takes several pages (has_more).
 */
export async function startWeCom({ account, kfids = ['wkTestKfAccount01'], pageSize = 1000 }) {
  const tokens = new Map();       // access_token → {expired}
  const syncTokens = new Map();   // callback Token → open_kfid
  const logs = new Map(kfids.map((k) => [k, []]));   // open_kfid → messages, oldest first
  const received = { gettoken: [], sync_msg: [], send_msg: [], media_get: [], unknown: [] };
  const media = new Map();        // media_id → {bytes, contentType, filename, failures: answers of HTTP 503 still to give}
  const holds = [];               // pending sync_msg answers held by hold()
  let holding = false;
  let expireNext = false;         // true, or the API ('sync_msg', 'send_msg', 'media_get') whose next call it applies to
  let serial = 0;
  let skew = 0;                   // seconds the simulated WeCom's clock runs ahead of ours (advance())
  const now = () => seconds() + skew;
  const spent = new Map();        // "<open_kfid>/<touser>" → {msgid of the customer message, sends since}
  const latestFrom = (kf, user) => logs.get(kf).filter((m) => m.external_userid === user).reduce((a, m) => (!a || m.send_time >= a.send_time ? m : a), null);
  const sendsSince = (kf, user, last) => (spent.get(`${kf}/${user}`)?.msgid === last.msgid ? spent.get(`${kf}/${user}`).n : 0);

  // The cursor is opaque to the client: here the position in the KF account's log.
  const cursorOf = (kf, n) => Buffer.from(`${kf}:${n}`).toString('base64url');
  const positionOf = (kf, cursor) => {
    if (!cursor) return 0;
    const [k, n] = Buffer.from(cursor, 'base64url').toString().split(':');
    return k === kf && /^\d+$/.test(n) ? Number(n) : -1;
  };

  function checkToken(entry, q, api) {
    const t = q.get('access_token');
    if (!t || !tokens.has(t)) return 40014;
    if (expireNext === true || expireNext === api || tokens.get(t).expired) {   // WeCom: this token is no longer valid, fetch another
      expireNext = false;
      tokens.get(t).expired = true;
      return 42001;
    }
    return 0;
  }

  function unknownFields(body, allowed) {
    return Object.keys(body).filter((k) => !allowed.includes(k)).map((k) => `${k}: not a field of this request`);
  }

  async function handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://wecom');
    const q = url.searchParams;
    const entry = { method: req.method, path: url.pathname, query: url.search, headers: req.headers, raw, body: null, errors: [], answer: null };
    const answer = async (body) => {
      entry.answer = body;
      if (!res.destroyed) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      }
    };
    const fail = (errcode, detail) => answer({ errcode, errmsg: detail ? `${ERRMSG[errcode]}: ${detail}` : ERRMSG[errcode] });
    const json = () => {
      if (!/^application\/json/i.test(req.headers['content-type'] ?? '')) entry.errors.push(`Content-Type ${req.headers['content-type']}: WeCom takes JSON`);
      try { entry.body = JSON.parse(raw); } catch { entry.errors.push('body is not JSON'); entry.body = {}; }
      return entry.body;
    };

    if (url.pathname === '/cgi-bin/gettoken') {
      received.gettoken.push(entry);
      if (req.method !== 'GET') entry.errors.push(`method ${req.method}: gettoken is GET`);
      if (q.get('corpid') !== account.corp_id) return fail(40013);
      if (q.get('corpsecret') !== account.secret) return fail(40001);
      const t = `at_${randomBytes(24).toString('base64url')}`;
      tokens.set(t, { expired: false });
      return answer({ errcode: 0, errmsg: 'ok', access_token: t, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/kf/sync_msg') {
      received.sync_msg.push(entry);
      const b = json();
      entry.errors.push(...unknownFields(b, ['cursor', 'token', 'limit', 'voice_format', 'open_kfid']));
      if (req.method !== 'POST') entry.errors.push(`method ${req.method}: sync_msg is POST`);
      const bad = checkToken(entry, q, 'sync_msg');
      if (bad) return fail(bad);
      if (!logs.has(b.open_kfid)) return fail(95016, String(b.open_kfid));
      if (b.limit !== undefined && (!Number.isInteger(b.limit) || b.limit < 1 || b.limit > 1000)) entry.errors.push('limit must be 1..1000');
      if (b.token !== undefined && syncTokens.get(b.token) !== b.open_kfid) return fail(95000, 'token');
      const from = positionOf(b.open_kfid, b.cursor);
      if (from < 0) return fail(95000, 'cursor');
      if (entry.errors.length) return fail(40058, entry.errors[0]);
      if (holding) await new Promise((r) => holds.push(r));
      const log = logs.get(b.open_kfid);
      const page = log.slice(from, from + Math.min(b.limit ?? 1000, pageSize));
      const to = from + page.length;
      return answer({ errcode: 0, errmsg: 'ok', next_cursor: cursorOf(b.open_kfid, to), has_more: to < log.length ? 1 : 0, msg_list: page });
    }
    if (url.pathname === '/cgi-bin/media/get') {
      received.media_get.push(entry);
      if (req.method !== 'GET') entry.errors.push(`method ${req.method}: media/get is GET`);
      const bad = checkToken(entry, q, 'media_get');
      if (bad) return fail(bad);
      const m = media.get(q.get('media_id') ?? '');
      if (!m) return fail(40007);
      if (m.failures > 0) {  // a passing outage of WeCom's media servers
        m.failures -= 1;
        entry.answer = { status: 503 };
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html><body>503 Service Temporarily Unavailable</body></html>');
        return;
      }
      entry.answer = { bytes: m.bytes.length };
      res.writeHead(200, { 'content-type': m.contentType, 'content-length': m.bytes.length,
        'content-disposition': `attachment; filename="${m.filename}"` });
      res.end(m.bytes);
      return;
    }
    if (url.pathname === '/cgi-bin/kf/send_msg') {
      received.send_msg.push(entry);
      const b = json();
      entry.errors.push(...unknownFields(b, ['touser', 'open_kfid', 'msgid', 'msgtype', 'text']));
      const bad = checkToken(entry, q, 'send_msg');
      if (bad) return fail(bad);
      if (!logs.has(b.open_kfid)) return fail(95016, String(b.open_kfid));
      if (!logs.get(b.open_kfid).some((m) => m.external_userid === b.touser)) entry.errors.push(`touser ${b.touser} has not written to ${b.open_kfid}`);
      if (b.msgid !== undefined && !/^[0-9a-zA-Z_-]{1,32}$/.test(b.msgid)) entry.errors.push('msgid: at most 32 of [0-9a-zA-Z_-]');
      if (b.msgtype !== 'text') entry.errors.push(`msgtype ${b.msgtype}: this simulator takes text`);
      const content = b.text?.content;
      if (typeof content !== 'string' || content === '') entry.errors.push('text.content is required');
      else if (Buffer.byteLength(content) > 2048) entry.errors.push('text.content is longer than 2048 bytes');
      if (entry.errors.length) return fail(40058, entry.errors[0]);
      // The window: the customer's latest message opens 48 h and 5 messages; a new one starts again.
      const last = latestFrom(b.open_kfid, b.touser);
      if (now() - last.send_time > WINDOW_SECONDS) return fail(45015);
      const used = sendsSince(b.open_kfid, b.touser, last);
      if (used >= MESSAGES_PER_CUSTOMER_MESSAGE) return fail(45047);
      spent.set(`${b.open_kfid}/${b.touser}`, { msgid: last.msgid, n: used + 1 });
      return answer({ errcode: 0, errmsg: 'ok', msgid: b.msgid ?? `msg${++serial}` });
    }
    received.unknown.push(entry);
    entry.errors.push(`no such route: ${req.method} ${url.pathname}`);
    res.writeHead(404);
    res.end();
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((e) => { if (!res.headersSent) { res.writeHead(500); res.end(String(e?.stack ?? e)); } });
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));

  // A signed query and encrypted body for `inner` (XML), as WeCom posts a callback.
  function envelope(inner, { token = account.token, timestamp = String(seconds()), nonce = randomBytes(6).toString('hex') } = {}) {
    const encrypt = seal(account.encoding_aes_key, inner, account.corp_id);
    const sig = msgSignature(token, timestamp, nonce, encrypt);
    return { query: `msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`, encrypt,
      body: `<xml><ToUserName>${cdata(account.corp_id)}</ToUserName><AgentID>${cdata('')}</AgentID><Encrypt>${cdata(encrypt)}</Encrypt></xml>` };
  }

  return {
    url: `http://127.0.0.1:${http.address().port}`,
    received: (api) => [...received[api]],
    /**
     * The customer `external_userid` writes `text` to `open_kfid` (at `sendTime`, Unix seconds, the
     * simulated clock's now unless given): kept until a sync_msg fetches it; returns the message.
     */
    customerSays(external_userid, text, open_kfid = kfids[0], { sendTime = now() } = {}) {
      const m = { msgid: `m${Date.now().toString(36)}${++serial}`, open_kfid, external_userid, send_time: sendTime, origin: 3, msgtype: 'text', text: { content: text } };
      logs.get(open_kfid).push(m);
      return m;
    },
    /**
     * The customer sends media (`msgtype` image, voice, video or file) of `bytes`, which media/get
     * then serves with `contentType` (not checked against the bytes: the relay must check them)
     * after answering HTTP 503 `failures` times;
     * returns the message (its media_id in message[msgtype].media_id).
     */
    customerSendsMedia(external_userid, { msgtype, bytes, contentType, filename = `media.${msgtype}`, failures = 0 }, open_kfid = kfids[0]) {
      const media_id = `MEDIA_${randomBytes(12).toString('base64url')}`;
      media.set(media_id, { bytes: Buffer.from(bytes), contentType, filename, failures });
      const m = { msgid: `m${Date.now().toString(36)}${++serial}`, open_kfid, external_userid, send_time: now(), origin: 3, msgtype, [msgtype]: { media_id } };
      logs.get(open_kfid).push(m);
      return m;
    },
    /** The media is gone (expired after 3 days): media/get answers 40007. */
    expireMedia(media_id) { media.delete(media_id); },
    /** WeCom's URL verification: GET with the signed, encrypted echostr; resolves to {status, text, echo}. */
    async verify(relayUrl, { token } = {}) {
      const echo = `echo-${randomBytes(8).toString('hex')}`;
      const e = envelope(echo, { token });
      const res = await fetch(`${relayUrl}/webhooks/wecom?${e.query}&echostr=${encodeURIComponent(e.encrypt)}`);
      return { status: res.status, text: await res.text(), echo };
    },
    /**
     * The kf_msg_or_event callback for `open_kfid` (a fresh sync Token each time unless `syncToken`
     * repeats one, as a redelivery does); resolves to {status, text, syncToken}.
     */
    async callback(relayUrl, { open_kfid = kfids[0], syncToken, token } = {}) {
      const t = syncToken ?? `ENC${randomBytes(24).toString('base64url')}`;
      syncTokens.set(t, open_kfid);
      const inner = `<xml><ToUserName>${cdata(account.corp_id)}</ToUserName><CreateTime>${seconds()}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
        `<Event>${cdata('kf_msg_or_event')}</Event><Token>${cdata(t)}</Token><OpenKfId>${cdata(open_kfid)}</OpenKfId></xml>`;
      const e = envelope(inner, { token });
      const res = await fetch(`${relayUrl}/webhooks/wecom?${e.query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: e.body });
      return { status: res.status, text: await res.text(), syncToken: t };
    },
    /** The simulated WeCom's clock jumps `by` seconds ahead of ours (a window it sees closed, ours open). */
    advance(by) { skew += by; },
    /** `n` replies to the customer's latest message were sent by some other client of the same account. */
    spend(external_userid, n, open_kfid = kfids[0]) {
      const last = latestFrom(open_kfid, external_userid);
      spent.set(`${open_kfid}/${external_userid}`, { msgid: last.msgid, n: sendsSince(open_kfid, external_userid, last) + n });
    },
    /**
     * The next request carrying a valid access token (to `api` only, when given: 'sync_msg',
     * 'send_msg', 'media_get') is answered 42001 and the token stops working.
     */
    expireToken(api = true) { expireNext = api; },
    /** sync_msg answers wait until release(). */
    hold() { holding = true; },
    release() { holding = false; for (const r of holds.splice(0)) r(); },
    held: () => holds.length,
    async stop() {
      this.release();
      await sleep(0);
      http.closeAllConnections?.();
      await new Promise((r) => http.close(() => r()));
    },
  };
}
