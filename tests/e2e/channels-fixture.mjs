// What the channel tests share: a workspace with an account per channel (secrets made up for the
// test, base URLs on loopback), a relay started on it, and signed webhook requests.
//
// The signatures follow the relay's contract (docs/relay.md, "Provider channels"); the payloads
// are the smallest each provider's webhook reference allows. When tests/sim's builders (the
// channels-sim branch: payloads checked against ../shared/specs/) are in the tree, `webhook()`
// uses them instead; the hand-made payloads below remain only for what they do not build.
import { createHmac, createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRelay, ROOT } from './browser.mjs';

export const AGENT = 'channels-agent-token';

/** A workspace for `port` with every channel pointed at `apiBase` (and SMTP at `smtpPort`). */
export function workspace({ port, apiBase = 'http://127.0.0.1:9', smtpPort = 9, omit = [], outbox } = {}) {
  const channels = {
    whatsapp: { app_secret: 'wa-app-secret', verify_token: 'wa-verify', access_token: 'wa-access', phone_number_id: '106540352242922',
      api_base: apiBase, api_version: 'v23.0', templates: { follow_up: { language: 'en', body_parameters: 1 } } },
    messenger: { app_secret: 'fb-app-secret', verify_token: 'fb-verify', page_access_token: 'fb-page-token', page_id: '1122334455', api_base: apiBase, api_version: 'v23.0' },
    instagram: { app_secret: 'ig-app-secret', verify_token: 'ig-verify', page_access_token: 'ig-page-token', ig_user_id: '17841400000000', api_base: apiBase, api_version: 'v23.0' },
    line: { channel_secret: 'line-channel-secret', channel_access_token: 'line-access', api_base: apiBase },
    telegram: { secret_token: 'tg-secret-token', bot_token: '123456:ABC-test', api_base: apiBase },
    sms: { auth_token: 'twilio-auth-token', account_sid: 'AC00000000000000000000000000000000', from: '+15005550006', api_base: apiBase },
    wechat: { token: 'wx-token', app_id: 'wx0000000000000000', access_token: 'wx-access', api_base: apiBase },
    email: { inbound_secret: 'email-inbound-secret', from: 'support@shop.example', smtp: { host: '127.0.0.1', port: smtpPort } },
  };
  for (const c of omit) delete channels[c];
  const w = { public_url: `http://127.0.0.1:${port}`, channels };
  if (outbox) w.outbox = outbox;
  return w;
}

/** A relay on a workspace from `workspace(options)`; resolves to the relay plus that workspace. */
export async function startChannelRelay(options = {}) {
  const port = options.port || (await freePort());
  const ws = workspace({ ...options, port });
  const file = join(mkdtempSync(join(tmpdir(), 'parley-ws-')), 'workspace.json');
  writeFileSync(file, JSON.stringify(ws));
  const relay = await startRelay({ port, data: options.data, args: ['--agent-token', AGENT, '--workspace', file] });
  return { relay, ws, file };
}

const hmacHex = (key, body) => createHmac('sha256', key).update(body).digest('hex');
const hmacB64 = (key, body) => createHmac('sha256', key).update(body).digest('base64');

/** The signature headers a provider sends for `body` ({secret} overrides the account's). */
export function signatureHeaders(ws, channel, body, { secret, url, form } = {}) {
  const a = ws.channels[channel] || {};
  switch (channel) {
    case 'whatsapp': case 'messenger': case 'instagram':
      return { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${hmacHex(secret ?? a.app_secret, body)}` };
    case 'line':
      return { 'content-type': 'application/json', 'x-line-signature': hmacB64(secret ?? a.channel_secret, body) };
    case 'telegram':
      return { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret ?? a.secret_token };
    case 'sms': {
      const pairs = [...new URLSearchParams(form ?? body)].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      const data = (url ?? `${ws.public_url}/webhooks/sms`) + pairs.map(([k, v]) => k + v).join('');
      return { 'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': createHmac('sha1', secret ?? a.auth_token).update(data).digest('base64') };
    }
    case 'email':
      return { 'content-type': 'message/rfc822', 'x-parley-signature': `sha256=${hmacHex(secret ?? a.inbound_secret, body)}` };
    default:
      return {};
  }
}

/** WeChat signs the query: signature = hex SHA-1 of the sorted token, timestamp and nonce. */
export function wechatQuery(ws, { token, timestamp = String(Math.floor(Date.now() / 1000)), nonce = 'n0nce' } = {}) {
  const signature = createHash('sha1').update([token ?? ws.channels.wechat.token, timestamp, nonce].sort().join('')).digest('hex');
  return `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
}

// ---- payloads (the fields the normalisers read) --------------------------------------------------

let serial = 0;
const next = () => `${Date.now().toString(36)}${(++serial).toString(36)}`;
const seconds = (ms = Date.now()) => Math.floor(ms / 1000);

/** An inbound text message webhook for `channel` from customer `from`; returns {body, headers, id, query?}. */
export function inboundText(ws, channel, { from, text = 'Hello, where is my order?', name = 'Test Customer', id = next(), at = Date.now(), headers: extra = {} } = {}) {
  let body;
  let query = '';
  switch (channel) {
    case 'whatsapp':
      from ??= `55119${String(1000000 + serial).slice(-7)}`;
      body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: ws.channels.whatsapp.phone_number_id },
        contacts: [{ wa_id: from, profile: { name } }],
        messages: [{ id: `wamid.${id}`, from, timestamp: String(seconds(at)), type: 'text', text: { body: text } }] } }] }] });
      break;
    case 'messenger': case 'instagram': {
      from ??= `${channel === 'messenger' ? '654321' : '178900'}${String(1e10 + serial).slice(-10)}`;
      const page = channel === 'messenger' ? ws.channels.messenger?.page_id ?? '1122334455' : ws.channels.instagram?.ig_user_id ?? '17841400000000';
      body = JSON.stringify({ object: channel === 'messenger' ? 'page' : 'instagram', entry: [{ id: page, time: Date.now(), messaging: [{
        sender: { id: from }, recipient: { id: page }, timestamp: at, message: { mid: `m_${id}`, text } }] }] });
      break;
    }
    case 'line':
      from ??= `U4af4980629a0b2c7f6d1b2e3c${String(100000 + serial).slice(-6)}`;
      body = JSON.stringify({ destination: 'Ubot', events: [{ type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: `01H${id}`,
        deliveryContext: { isRedelivery: false }, source: { type: 'user', userId: from }, replyToken: `rt${id}`,
        message: { id: `4${serial}${Date.now() % 100000}`, type: 'text', text, quoteToken: 'q' } }] });
      break;
    case 'telegram':
      from ??= String(777000000 + serial);
      body = JSON.stringify({ update_id: 100000 + (++serial) + (Date.now() % 100000) * 10,
        message: { message_id: serial, date: seconds(), chat: { id: Number(from), type: 'private' }, from: { id: Number(from), is_bot: false, first_name: name }, text } });
      break;
    case 'sms':
      from ??= `+1415555${String(10000 + serial).slice(-4)}`;
      body = new URLSearchParams({ ToCountry: 'US', SmsMessageSid: `SM${id}`, NumMedia: '0', SmsSid: `SM${id}`, SmsStatus: 'received',
        Body: text, To: ws.channels.sms.from, NumSegments: '1', MessageSid: `SM${id}`, AccountSid: ws.channels.sms.account_sid, From: from,
        ApiVersion: '2010-04-01' }).toString();
      break;
    case 'wechat':
      from ??= `oXyZ_openid_${serial}`;
      body = `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${seconds()}</CreateTime>` +
        `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${Date.now()}${serial}</MsgId></xml>`;
      query = wechatQuery(ws);
      break;
    case 'email':
      from ??= `customer${serial}@example.org`;
      body = [`From: ${name} <${from}>`, 'To: support@shop.example', `Subject: ${extra.subject ?? `Order question ${id}`}`, `Message-ID: <${id}@example.org>`,
        ...Object.entries(extra).filter(([k]) => k !== 'subject').map(([k, v]) => `${k}: ${v}`),
        `Date: ${new Date(at).toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
      break;
    default:
      throw new Error(`no payload for ${channel}`);
  }
  const headers = channel === 'wechat' ? { 'content-type': 'text/xml' } : signatureHeaders(ws, channel, body);
  return { body, headers, query, from, id };
}

/** POST a webhook; resolves to {status, json, text}. */
export async function postWebhook(relay, channel, { body, headers, query = '' }) {
  const res = await fetch(`${relay.url}/webhooks/${channel}${query ? `?${query}` : ''}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* text answers: WeChat's success */ }
  return { status: res.status, json, text, headers: res.headers };
}

export const CHANNELS = ['whatsapp', 'messenger', 'instagram', 'line', 'telegram', 'sms', 'wechat', 'email'];

/** Channels this build's core can read: a probe webhook answers 501 channel_not_supported otherwise. */
export async function supportedChannels(relay, ws) {
  const out = [];
  for (const c of CHANNELS.filter((x) => ws.channels[x])) {
    const probe = inboundText(ws, c, { text: 'probe' });
    // A wrong signature: a supported channel says 401 and stores nothing; an unsupported one 501.
    const headers = { ...probe.headers };
    for (const k of Object.keys(headers)) if (k.includes('signature') || k.includes('secret')) headers[k] = 'x';
    const query = c === 'wechat' ? wechatQuery(ws, { token: 'wrong' }) : '';
    const r = await postWebhook(relay, c, { body: probe.body, headers, query });
    if (r.status === 401) out.push(c);
  }
  return out;
}

/** tests/sim's simulators when that branch has landed; null otherwise. */
export async function providerSimulators() {
  const file = join(ROOT, 'tests', 'sim', 'index.mjs');
  if (!existsSync(file)) return null;
  const sim = await import(file);
  return typeof sim.startProviders === 'function' ? sim : null;
}
