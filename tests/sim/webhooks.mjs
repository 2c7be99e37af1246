// Signed provider webhooks for the relay's endpoints (docs/relay.md (Provider channels), "Relay webhook
// endpoints"): inbound text per channel and the delivery-status callbacks WhatsApp,
// Messenger/Instagram and Twilio send. Payloads are the smallest each provider's webhook reference
// allows (tests/sim/sim.test.mjs checks them against ../shared/specs where a spec exists).
import { createHash, createHmac } from 'node:crypto';

const hmacHex = (key, body) => createHmac('sha256', key).update(body).digest('hex');
const hmacB64 = (key, body) => createHmac('sha256', key).update(body).digest('base64');

/** Twilio's X-Twilio-Signature: Base64 HMAC-SHA1 over the URL and every field sorted by name as name+value. */
export function twilioSignature(authToken, url, form) {
  const pairs = [...new URLSearchParams(form)].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return createHmac('sha1', authToken).update(url + pairs.map(([k, v]) => k + v).join('')).digest('base64');
}

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
    case 'sms':
      return { 'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(secret ?? a.auth_token, url ?? `${ws.public_url}/webhooks/sms`, form ?? body) };
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

let serial = 0;
const next = () => `${Date.now().toString(36)}${(++serial).toString(36)}`;
const seconds = (ms = Date.now()) => Math.floor(ms / 1000);
const LINE_BOT = `Uf00d${'0'.repeat(28)}`;   // the bot's user id (webhook.yml: ^U[0-9a-f]{32}$)
const metaObject = (channel) => (channel === 'messenger' ? 'page' : 'instagram');
const metaPage = (ws, channel) => (channel === 'messenger' ? ws.channels.messenger?.page_id ?? '1122334455' : ws.channels.instagram?.ig_user_id ?? '17841400000000');
const waValue = (ws, rest) => ({ messaging_product: 'whatsapp',
  metadata: { display_phone_number: '15550001111', phone_number_id: ws.channels.whatsapp.phone_number_id }, ...rest });
const waBody = (value) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'messages', value }] }] });
const metaBody = (ws, channel, event) => {
  const page = metaPage(ws, channel);
  return JSON.stringify({ object: metaObject(channel), entry: [{ id: page, time: Date.now(), messaging: [{ recipient: { id: page }, timestamp: Date.now(), ...event }] }] });
};

/** An inbound text message webhook for `channel` from customer `from`; returns {body, headers, query, from, id}. */
export function inboundText(ws, channel, { from, text = 'Hello, where is my order?', name = 'Test Customer', id = next(), at = Date.now(), headers: extra = {} } = {}) {
  let body;
  let query = '';
  switch (channel) {
    case 'whatsapp':
      from ??= `55119${String(1000000 + serial).slice(-7)}`;
      body = waBody(waValue(ws, { contacts: [{ wa_id: from, profile: { name } }],
        messages: [{ id: `wamid.${id}`, from, timestamp: String(seconds(at)), type: 'text', text: { body: text } }] }));
      break;
    case 'messenger': case 'instagram':
      from ??= `${channel === 'messenger' ? '654321' : '178900'}${String(1e10 + serial).slice(-10)}`;
      body = metaBody(ws, channel, { sender: { id: from }, timestamp: at, message: { mid: `m_${id}`, text } });
      break;
    case 'line':
      from ??= `U4af4980629a0b2c7f6d1b2e3c${String(1000000 + serial).slice(-7)}`;   // U + 32 hex, as LINE's user ids
      body = JSON.stringify({ destination: LINE_BOT, events: [{ type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: `01H${id}`,
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

const TWILIO_ERRORS = { failed: ['30008', 'Unknown error'], undelivered: ['30003', 'Unreachable destination handset'] };

/**
 * A delivery-status callback as the provider sends it, signed; returns {path, body, headers, url?}.
 * whatsapp: {id (wamid), status: sent|delivered|read|failed, recipient}; messenger/instagram:
 * {status: delivered (mids: [id]) | read (watermark), recipient, watermark?}; sms: {id (SM…),
 * status: queued|sent|delivered|undelivered|failed, to, from?, url? (the StatusCallback signed)}.
 */
export function statusCallback(ws, channel, { id, status, recipient, to, from, watermark = Date.now(), at = Date.now(), url } = {}) {
  let body;
  switch (channel) {
    case 'whatsapp': {
      const s = { id, status, timestamp: String(seconds(at)), recipient_id: recipient };
      if (status !== 'read') s.conversation = { id: `conv_${id}`, origin: { type: 'service' } };
      if (status === 'failed') s.errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message undeliverable' } }];
      body = waBody(waValue(ws, { statuses: [s] }));
      break;
    }
    case 'messenger': case 'instagram':
      body = metaBody(ws, channel, { sender: { id: recipient }, timestamp: at,
        ...(status === 'read' ? { read: { watermark } } : { delivery: { mids: [].concat(id), watermark } }) });
      break;
    case 'sms': {
      const a = ws.channels.sms;
      const form = { SmsSid: id, SmsStatus: status, MessageStatus: status, To: to ?? recipient, MessageSid: id, AccountSid: a.account_sid,
        From: from ?? a.from, ApiVersion: '2010-04-01' };
      if (TWILIO_ERRORS[status]) [form.ErrorCode, form.ErrorMessage] = TWILIO_ERRORS[status];
      body = new URLSearchParams(form).toString();
      const signed = url ?? `${ws.public_url}/webhooks/sms`;
      const u = new URL(signed);
      return { path: u.pathname + u.search, body, url: signed, headers: signatureHeaders(ws, 'sms', body, { url: signed }) };
    }
    default:
      throw new Error(`${channel} sends no delivery statuses`);
  }
  return { path: `/webhooks/${channel}`, body, headers: signatureHeaders(ws, channel, body) };
}
