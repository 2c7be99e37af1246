// What each provider checks in a send request, as {errors, auth}: errors lists every way the
// request departs from the vendor's spec (../shared/specs; Messenger/Instagram and WeChat, which
// publish none, against the fields docs/relay.md (Provider channels) and ../shared/CHANNELS.md document); auth
// says the credentials were wrong (the vendor answers 401, WeChat errcode 40001).
import { validator } from '../contract/schema.mjs';
import { parseMarkdownV2 } from './markdownv2.mjs';
import { requestSchema, specErrors, telegramMethodErrors } from './specs.mjs';

const codePoints = (s) => [...s].length;
const utf16 = (s) => s.length;
const utf8 = (s) => Buffer.byteLength(s);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const E164 = /^\+[1-9]\d{1,14}$/;

function mediaType(headers, want, errors) {
  const got = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (got !== want) errors.push(`Content-Type: expected ${want}, got ${got || 'none'}`);
}

function bearer(headers, token, errors) {
  const got = headers.authorization;
  if (!got) { errors.push('Authorization: missing'); return false; }
  if (got !== `Bearer ${token}`) { errors.push('Authorization: not Bearer with the account\'s access token'); return false; }
  return true;
}

const tooLong = (path, text, max, unit, measure, errors) => {
  if (typeof text === 'string' && measure(text) > max) errors.push(`${path}: ${measure(text)} ${unit}, over the limit of ${max}`);
};

/** WhatsApp Cloud API POST /{version}/{phone_number_id}/messages. */
export function whatsapp({ headers, body, params }, account) {
  const errors = [];
  mediaType(headers, 'application/json', errors);
  const auth = bearer(headers, account.access_token, errors);
  if (params.version !== account.api_version) errors.push(`path: version ${params.version}, the account uses ${account.api_version}`);
  if (body === undefined) return { errors: [...errors, 'body: not JSON'], auth };
  errors.push(...specErrors('whatsapp', requestSchema('whatsapp', '/{Version}/{Phone-Number-ID}/messages'), body));
  if (body?.messaging_product !== 'whatsapp') errors.push('/messaging_product: must be "whatsapp"');
  tooLong('/text/body', body?.text?.body, 4096, 'characters', codePoints, errors);
  if (body?.type === 'text' && !body.text?.body) errors.push('/text/body: required');
  return { errors, auth };
}

const META_SEND = validator({
  type: 'object', required: ['recipient', 'messaging_type', 'message'], additionalProperties: false,
  properties: {
    recipient: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', pattern: '^[0-9]+$' } } },
    messaging_type: { enum: ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'] },
    tag: { enum: ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE', 'HUMAN_AGENT'] },
    notification_type: { enum: ['REGULAR', 'SILENT_PUSH', 'NO_PUSH'] },
    persona_id: { type: 'string' },
    message: { type: 'object', additionalProperties: false, properties: {
      text: { type: 'string', minLength: 1 }, attachment: { type: 'object' }, quick_replies: { type: 'array', maxItems: 13 }, metadata: { type: 'string', maxLength: 1000 } } },
  },
});

// Messenger / Instagram Send API POST /{version}/{page_id | ig_user_id}/messages.
function meta(channel) {
  return ({ headers, body, params }, account) => {
    const errors = [];
    mediaType(headers, 'application/json', errors);
    const auth = bearer(headers, account.page_access_token, errors);
    if (params.version !== account.api_version) errors.push(`path: version ${params.version}, the account uses ${account.api_version}`);
    if (body === undefined) return { errors: [...errors, 'body: not JSON'], auth };
    errors.push(...META_SEND(body));
    const m = body?.message ?? {};
    if (m.text === undefined && m.attachment === undefined) errors.push('/message: needs text or attachment');
    if (body?.messaging_type === 'MESSAGE_TAG' && !body.tag) errors.push('/tag: required with messaging_type MESSAGE_TAG');
    if (body?.tag && body.messaging_type !== 'MESSAGE_TAG') errors.push('/tag: only with messaging_type MESSAGE_TAG');
    if (channel === 'instagram') {
      if (body?.tag && body.tag !== 'HUMAN_AGENT') errors.push(`/tag: ${body.tag} is not available on Instagram (HUMAN_AGENT only)`);
      tooLong('/message/text', m.text, 1000, 'UTF-8 bytes', utf8, errors);
    } else {
      tooLong('/message/text', m.text, 2000, 'characters', codePoints, errors);
    }
    return { errors, auth };
  };
}

/** LINE Messaging API POST /v2/bot/message/reply | push. */
export function line({ headers, body, params }, account) {
  const errors = [];
  mediaType(headers, 'application/json', errors);
  const auth = bearer(headers, account.channel_access_token, errors);
  const key = headers['x-line-retry-key'];
  if (key !== undefined && !UUID.test(key)) errors.push(`X-Line-Retry-Key: not a UUID: ${key}`);
  // developers.line.biz/ja/docs/messaging-api/retrying-api-request: only push, multicast,
  // narrowcast and broadcast take a retry key; any other API refuses it with 400.
  if (key !== undefined && params.kind === 'reply') errors.push('X-Line-Retry-Key: the reply API takes no retry key');
  if (body === undefined) return { errors: [...errors, 'body: not JSON'], auth };
  const schema = requestSchema('line', `/v2/bot/message/${params.kind}`);
  errors.push(...specErrors('line', schema, body));
  (Array.isArray(body?.messages) ? body.messages : []).forEach((m, i) => tooLong(`/messages/${i}/text`, m?.text, 5000, 'UTF-16 units', utf16, errors));
  return { errors, auth };
}

/** Telegram Bot API POST /bot{token}/sendMessage (JSON or form). */
export function telegram({ headers, body, params }, account) {
  const errors = [];
  const auth = params.token === account.bot_token;
  if (!auth) errors.push('path: the bot token is not the account\'s');
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!['application/json', 'application/x-www-form-urlencoded'].includes(type)) errors.push(`Content-Type: expected application/json, got ${type || 'none'}`);
  if (params.method !== 'sendMessage') return { errors: [...errors, `method ${params.method}: the simulator answers sendMessage only`], auth };
  if (body === undefined) return { errors: [...errors, 'body: not JSON'], auth };
  errors.push(...telegramMethodErrors('sendMessage', body));
  if (body?.parse_mode !== undefined && !['MarkdownV2', 'HTML', 'Markdown'].includes(body.parse_mode)) errors.push(`/parse_mode: unsupported parse mode ${body.parse_mode}`);
  let text = typeof body?.text === 'string' ? body.text : '';
  if (body?.parse_mode === 'MarkdownV2') {
    const parsed = parseMarkdownV2(text);
    errors.push(...parsed.errors.map((e) => `/text: MarkdownV2: ${e}`));
    text = parsed.text;
  }
  if (typeof body?.text === 'string' && !text.trim()) errors.push('/text: empty after entities parsing');
  tooLong('/text', text, 4096, 'UTF-16 units after entities parsing', utf16, errors);
  return { errors, auth, text };
}

const TWILIO_PATH = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const FORM = 'application/x-www-form-urlencoded';

// A form's values are strings: read them as the schema's types before validating.
function typedForm(form) {
  const schema = requestSchema('twilio', TWILIO_PATH, FORM);
  const out = {};
  for (const [k, v] of form) {
    const t = schema.properties[k]?.type;
    const x = t === 'boolean' ? (v === 'true' ? true : v === 'false' ? false : v)
      : (t === 'integer' || t === 'number') && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
    if (t === 'array') (out[k] ??= []).push(x);
    else if (k in out) out[k] = [].concat(out[k], x);
    else out[k] = x;
  }
  return out;
}

/** Twilio POST /2010-04-01/Accounts/{sid}/Messages.json (form, Basic auth). */
export function sms({ headers, raw, params }, account) {
  const errors = [];
  mediaType(headers, FORM, errors);
  const expected = `Basic ${Buffer.from(`${account.account_sid}:${account.auth_token}`).toString('base64')}`;
  let auth = headers.authorization === expected;
  if (!headers.authorization) errors.push('Authorization: missing (Basic account_sid:auth_token)');
  else if (!auth) errors.push('Authorization: not Basic account_sid:auth_token of the account');
  if (params.sid !== account.account_sid) { errors.push(`path: account ${params.sid} is not the workspace's`); auth = false; }
  const body = typedForm(new URLSearchParams(raw));
  errors.push(...specErrors('twilio', requestSchema('twilio', TWILIO_PATH, FORM), body));
  for (const [k, v] of Object.entries(body)) if (Array.isArray(v) && requestSchema('twilio', TWILIO_PATH, FORM).properties[k]?.type !== 'array') errors.push(`/${k}: given more than once`);
  if (!body.From && !body.MessagingServiceSid) errors.push('/From: required (or MessagingServiceSid)');
  if (body.Body === undefined && !body.MediaUrl && !body.ContentSid) errors.push('/Body: required (or MediaUrl or ContentSid)');
  if (typeof body.To === 'string' && !E164.test(body.To)) errors.push(`/To: not an E.164 number: ${body.To}`);
  if (typeof body.From === 'string' && body.From !== account.from) errors.push(`/From: ${body.From} is not the account's number ${account.from}`);
  if (typeof body.StatusCallback === 'string' && !/^https?:\/\/[^\s/]+/.test(body.StatusCallback)) errors.push('/StatusCallback: not an absolute http(s) URL');
  tooLong('/Body', body.Body, 1600, 'characters', codePoints, errors);
  return { errors, auth, body };
}

/** Messenger Send API POST /{version}/{page_id}/messages. */
export const messenger = meta('messenger');
/** Instagram Messaging POST /{version}/{ig_user_id}/messages. */
export const instagram = meta('instagram');

const WECHAT_SEND = validator({
  type: 'object', required: ['touser', 'msgtype'], additionalProperties: false,
  properties: {
    touser: { type: 'string', minLength: 1 },
    msgtype: { enum: ['text', 'image', 'voice', 'video', 'music', 'news', 'mpnews', 'mpnewsarticle', 'msgmenu', 'wxcard', 'miniprogrampage'] },
    text: { type: 'object', required: ['content'], additionalProperties: false, properties: { content: { type: 'string', minLength: 1 } } },
    customservice: { type: 'object', required: ['kf_account'], additionalProperties: false, properties: { kf_account: { type: 'string' } } },
  },
});

/** WeChat Official Account POST /cgi-bin/message/custom/send?access_token=…. */
export function wechat({ headers, body, query }, account) {
  const errors = [];
  mediaType(headers, 'application/json', errors);
  const auth = query.get('access_token') === account.access_token;
  if (!auth) errors.push(query.has('access_token') ? 'access_token: not the account\'s' : 'access_token: missing from the query');
  if (body === undefined) return { errors: [...errors, 'body: not JSON'], auth };
  errors.push(...WECHAT_SEND(body));
  if (body?.msgtype === 'text' && !body.text) errors.push('/text: required with msgtype text');
  tooLong('/text/content', body?.text?.content, 2048, 'UTF-8 bytes', utf8, errors);
  return { errors, auth };
}
