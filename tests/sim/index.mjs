// Provider simulators on loopback for the relay's outbox (docs/relay.md (Provider channels), "Provider send APIs"):
// one HTTP server answering every provider's send API by path, and a real SMTP server. Each
// request is checked against the vendor's spec (checks.mjs) and kept with what is wrong with it;
// an accepted send is answered as the vendor answers it and, once `attach()` has named the relay,
// followed by the vendor's signed delivery-status callbacks. `fail()` injects faults.
import { createServer } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import * as check from './checks.mjs';
import { startSmtp, checkMessage } from './smtp.mjs';
import { statusCallback } from './webhooks.mjs';
import { workspace as testWorkspace } from './workspace.mjs';

const hex = (n) => randomBytes(n).toString('hex');
const digits = (n) => Array.from(randomBytes(n), (b) => b % 10).join('');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CALLBACK_GAP_MS = 25;

// The vendors' error bodies, by status (and the message to carry).
const ERROR_BODY = {
  meta: (status, message) => ({ error: { message, type: status === 401 ? 'OAuthException' : 'GraphMethodException',
    code: status === 401 ? 190 : status === 429 ? 4 : status >= 500 ? 2 : 100, fbtrace_id: hex(8) } }),
  line: (status, message) => ({ message }),
  telegram: (status, message) => ({ ok: false, error_code: status, description: message,
    ...(status === 429 ? { parameters: { retry_after: 1 } } : {}) }),
  sms: (status, message) => ({ code: status === 401 ? 20003 : status === 404 ? 20404 : status === 429 ? 20429 : status >= 500 ? 20500 : 21211,
    message, more_info: 'https://www.twilio.com/docs/errors', status }),
  wechat: (status, message) => ({ errcode: status === 401 ? 40001 : status >= 500 ? -1 : 40003, errmsg: message }),
};
const FAMILY = { whatsapp: 'meta', messenger: 'meta', instagram: 'meta', line: 'line', telegram: 'telegram', sms: 'sms', wechat: 'wechat' };
const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };
const WECHAT_ERRMSG = { '-1': 'system error', 40001: 'invalid credential, access_token is invalid or not latest', 45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit' };

// Which provider a path belongs to, and the parts it names.
function route(path, ws) {
  let m;
  if ((m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path))) return { channel: 'telegram', params: { token: m[1], method: m[2] } };
  if ((m = /^\/v2\/bot\/message\/(reply|push)$/.exec(path))) return { channel: 'line', params: { kind: m[1] } };
  if ((m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path))) return { channel: 'sms', params: { sid: m[1] } };
  if (path === '/cgi-bin/message/custom/send') return { channel: 'wechat', params: {} };
  if ((m = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path))) {
    const c = ws.channels;
    const channel = m[2] === c.whatsapp?.phone_number_id ? 'whatsapp' : m[2] === c.messenger?.page_id ? 'messenger'
      : m[2] === c.instagram?.ig_user_id ? 'instagram' : null;
    return { channel, family: 'meta', params: { version: m[1], id: m[2] } };
  }
  const family = path.startsWith('/bot') ? 'telegram' : path.startsWith('/v2/') ? 'line' : path.startsWith('/2010-04-01/') ? 'sms'
    : path.startsWith('/cgi-bin/') ? 'wechat' : 'meta';
  return { channel: null, family, params: {} };
}

function parseBody(headers, raw) {
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw));
  try { return JSON.parse(raw); } catch { return undefined; }
}

/**
 * Starts the simulators. `workspace` is whose accounts requests are checked against until
 * `attach()` (default: tests/sim/workspace.mjs's, the accounts the e2e tests use).
 */
export async function startProviders({ workspace: initial } = {}) {
  let ws = initial ?? testWorkspace({ port: 9 });
  let relayUrl = null;
  const received = {};
  const statuses = {};
  const faults = {};
  const lineKeys = new Map();   // X-Line-Retry-Key → {requestId, sentMessages}
  const pending = new Set();    // callback chains in flight
  let stopped = false;
  const list = (o, c) => (o[c] ??= []);

  function takeFault(channel) {
    const f = faults[channel]?.[0];
    if (!f) return null;
    if (--f.times <= 0) faults[channel].shift();
    return f;
  }

  function faultAnswer(channel, f) {
    if (channel === 'wechat' && f.errcode !== undefined) {
      return { status: f.status ?? 200, body: f.body ?? { errcode: f.errcode, errmsg: WECHAT_ERRMSG[f.errcode] ?? 'error' } };
    }
    const message = f.message ?? (f.status === 429 ? 'Too many requests' : STATUS_TEXT[f.status] ?? 'Error');
    return { status: f.status, body: f.body ?? ERROR_BODY[FAMILY[channel]](f.status, message) };
  }

  // The vendor's answer to an accepted send, and the delivery statuses to call back with.
  function accept(channel, req, result) {
    const b = req.body;
    switch (channel) {
      case 'whatsapp': {
        const id = `wamid.${randomBytes(24).toString('base64url')}`;
        return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: String(b.to).replace(/\D/g, '') }], messages: [{ id }] },
          callbacks: ['sent', 'delivered', 'read'].map((status) => ({ id, status, recipient: String(b.to).replace(/\D/g, '') })) };
      }
      case 'messenger': case 'instagram': {
        const id = `m_${randomBytes(32).toString('base64url')}`;
        const recipient = b.recipient.id;
        return { status: 200, body: { recipient_id: recipient, message_id: id },
          callbacks: [{ id, status: 'delivered', recipient }, { status: 'read', recipient }] };
      }
      case 'line': {
        const key = req.headers['x-line-retry-key'];
        const requestId = randomUUID();
        const sentMessages = b.messages.map(() => ({ id: digits(18), quoteToken: randomBytes(36).toString('base64url') }));
        if (key) lineKeys.set(key, { requestId, sentMessages });
        return { status: 200, headers: { 'x-line-request-id': requestId }, body: { sentMessages } };
      }
      case 'telegram': {
        const botId = Number(String(req.params.token).split(':')[0]) || 1;
        const chatId = /^-?\d+$/.test(String(b.chat_id)) ? Number(b.chat_id) : b.chat_id;
        const messageId = (list(received, 'telegram').length * 7) + 100;
        return { status: 200, body: { ok: true, result: { message_id: messageId, from: { id: botId, is_bot: true, first_name: 'Parley Simulator', username: 'parley_sim_bot' },
          chat: { id: chatId, type: 'private' }, date: Math.floor(Date.now() / 1000), text: result.text } } };
      }
      case 'sms': {
        const f = result.body;
        const sid = `SM${hex(16)}`;
        const now = new Date().toUTCString().replace('GMT', '+0000');
        const account = ws.channels.sms.account_sid;
        return { status: 201, body: { account_sid: account, api_version: '2010-04-01', body: f.Body ?? '', date_created: now, date_sent: null, date_updated: now,
          direction: 'outbound-api', error_code: null, error_message: null, from: f.From ?? null, messaging_service_sid: f.MessagingServiceSid ?? null,
          num_media: String([].concat(f.MediaUrl ?? []).length), num_segments: String(Math.max(1, Math.ceil([...(f.Body ?? '')].length / 153))), price: null,
          price_unit: 'USD', sid, status: 'queued', subresource_uris: { media: `/2010-04-01/Accounts/${account}/Messages/${sid}/Media.json` }, to: f.To,
          uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json` },
          callbacks: ['sent', 'delivered'].map((status) => ({ id: sid, status, to: f.To, from: f.From, url: f.StatusCallback })) };
      }
      case 'wechat':
        return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
      default:
        throw new Error(channel);
    }
  }

  // Delivered in order, one after the other, as the vendors do (after the send's answer).
  function callBack(channel, callbacks) {
    if (!relayUrl || !callbacks?.length) return;
    const target = relayUrl;
    const chain = (async () => {
      for (const cb of callbacks) {
        await sleep(CALLBACK_GAP_MS);
        if (stopped) return;
        const hook = statusCallback(ws, channel, cb);
        const entry = { channel, id: cb.id ?? null, status: cb.status, path: hook.path, body: hook.body, headers: hook.headers, answer: null };
        list(statuses, channel).push(entry);
        try {
          const res = await fetch(`${target}${hook.path}`, { method: 'POST', headers: hook.headers, body: hook.body });
          entry.answer = { status: res.status, body: await res.text() };
        } catch (e) {
          entry.answer = { status: 0, error: e.message };
        }
      }
    })();
    pending.add(chain);
    chain.finally(() => pending.delete(chain));
  }

  async function handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://sim');
    const { channel, family, params } = route(url.pathname, ws);
    const entry = { method: req.method, path: url.pathname, query: url.search, headers: req.headers, body: parseBody(req.headers, raw), raw, errors: [] };
    const send = (answer) => {
      entry.answer = { status: answer.status, body: answer.body };
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      res.end(JSON.stringify(answer.body));
    };
    if (!channel) {
      entry.errors.push(`no such route: ${req.method} ${url.pathname}`);
      list(received, 'unknown').push(entry);
      const message = family === 'meta' && params.id ? `Unsupported post request. Object with ID '${params.id}' does not exist` : `Not Found: ${url.pathname}`;
      return send({ status: family === 'meta' && params.id ? 400 : 404, body: ERROR_BODY[family](404, message) });
    }
    list(received, channel).push(entry);
    if (req.method !== 'POST') {
      entry.errors.push(`method ${req.method}: the send API takes POST`);
      return send({ status: 405, body: ERROR_BODY[FAMILY[channel]](405, `Method ${req.method} not allowed`) });
    }
    const account = ws.channels[channel] ?? {};
    const result = check[channel]({ ...entry, params, query: url.searchParams }, account);
    entry.errors.push(...result.errors);
    const key = channel === 'line' && params.kind === 'push' ? req.headers['x-line-retry-key'] : undefined;
    if (key && lineKeys.has(key) && result.auth) {
      const first = lineKeys.get(key);
      return send({ status: 409, headers: { 'x-line-accepted-request-id': first.requestId, 'x-line-request-id': randomUUID() },
        body: { message: 'The retry key is already accepted', sentMessages: first.sentMessages } });
    }
    const fault = takeFault(channel);
    if (fault?.status !== undefined || fault?.errcode !== undefined) {
      if (fault.delayMs) await sleep(fault.delayMs);
      return send(faultAnswer(channel, fault));
    }
    let answer;
    if (!result.auth) {
      answer = channel === 'wechat' ? { status: 200, body: { errcode: 40001, errmsg: WECHAT_ERRMSG[40001] } }
        : { status: 401, body: ERROR_BODY[FAMILY[channel]](401, channel === 'telegram' ? 'Unauthorized' : 'Authentication failed') };
    } else if (entry.errors.length) {
      answer = channel === 'wechat' ? { status: 200, body: { errcode: 40003, errmsg: `invalid request: ${entry.errors[0]}` } }
        : { status: 400, body: ERROR_BODY[FAMILY[channel]](400, channel === 'telegram' ? `Bad Request: ${entry.errors[0]}` : entry.errors[0]) };
    } else {
      answer = accept(channel, { ...entry, params }, result);
    }
    if (fault?.delayMs) await sleep(fault.delayMs);   // accepted, answered late: the client may time out
    send(answer);
    // fault.callbacks replaces the statuses called back (e.g. ['sent', 'failed'], out of order, none).
    const callbacks = fault?.callbacks && answer.callbacks?.length
      ? fault.callbacks.map((status) => ({ ...answer.callbacks[0], status })) : answer.callbacks;
    callBack(channel, callbacks);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((e) => { if (!res.headersSent) { res.writeHead(500); res.end(String(e?.stack ?? e)); } });
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));

  const smtp = await startSmtp(async (msg) => {
    const { headers, errors } = checkMessage(msg.data, { bareLf: msg.bareLf, smtputf8: /SMTPUTF8/i.test(msg.params) });
    const from = ws.channels.email?.from;
    if (from && msg.from !== from) errors.push(`MAIL FROM: <${msg.from}> is not the workspace's ${from}`);
    if (from && headers.from && !String(headers.from).includes(from)) errors.push(`from: ${headers.from} does not carry ${from}`);
    const entry = { method: 'SMTP', path: 'DATA', headers, body: { from: msg.from, to: msg.to, data: msg.data }, raw: msg.data, errors };
    list(received, 'email').push(entry);
    const fault = takeFault('email');
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status) return `${fault.status} ${fault.status >= 500 ? '5' : '4'}.3.0 ${fault.message ?? 'simulated failure'}`;
    return `250 2.0.0 OK queued as ${hex(6)}`;
  });

  return {
    url: `http://127.0.0.1:${http.address().port}`,
    smtpPort: smtp.port,
    /** The requests received for `channel` ('unknown' for unrouted ones), oldest first. */
    received: (channel) => [...(received[channel] ?? [])],
    /** The status callbacks sent for `channel` and the relay's answers. */
    statuses: (channel) => [...(statuses[channel] ?? [])],
    /** From now on accepted sends are followed by status callbacks to `relayUrl`, signed with `workspace`'s secrets. */
    attach({ relayUrl: url, workspace: w }) { relayUrl = url.replace(/\/$/, ''); if (w) ws = w; },
    /**
     * The next `times` sends on `channel` answer `status` (vendor error shape unless `body`), after
     * `delayMs`; WeChat: `errcode` with HTTP 200. Without status/errcode they are accepted (late, with
     * `delayMs`) and `callbacks` (e.g. ['sent', 'failed']) replaces the statuses called back.
     */
    fail(channel, { status, times = 1, body, delayMs, errcode, message, callbacks } = {}) {
      list(faults, channel).push({ status, times, body, delayMs, errcode, message, callbacks });
    },
    /** Forgets what was received, sent back and injected. */
    reset() { for (const o of [received, statuses, faults]) for (const k of Object.keys(o)) delete o[k]; lineKeys.clear(); },
    /** Waits for the callbacks in flight. */
    settle: () => Promise.all([...pending]),
    async stop() {
      stopped = true;
      await Promise.all([...pending]);
      http.closeAllConnections?.();
      await Promise.all([new Promise((r) => http.close(() => r())), smtp.close()]);
    },
  };
}
