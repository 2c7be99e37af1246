// The provider simulators themselves: spec-valid sends are accepted and answered as the vendors
// answer, crafted invalid ones are caught with the specific reason, the SMTP dialogue, LINE's retry
// key, fault injection and signed status callbacks (signatures verified here with node:crypto).
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startProviders } from './index.mjs';
import { inboundText, statusCallback, wechatQuery } from './webhooks.mjs';
import { workspace } from './workspace.mjs';
import { spec, specErrors, telegramTypeErrors } from './specs.mjs';
import { parseMarkdownV2 } from './markdownv2.mjs';

const WS = workspace({ port: 9 });
const A = WS.channels;
const JSON_TYPE = { 'content-type': 'application/json' };
const basic = `Basic ${Buffer.from(`${A.sms.account_sid}:${A.sms.auth_token}`).toString('base64')}`;

// One spec-valid send per channel: [path, headers, body].
const VALID = {
  whatsapp: () => [`/v23.0/${A.whatsapp.phone_number_id}/messages`, { ...JSON_TYPE, authorization: `Bearer ${A.whatsapp.access_token}` },
    { messaging_product: 'whatsapp', recipient_type: 'individual', to: '5511987654321', type: 'text', text: { body: 'Your order shipped.' } }],
  messenger: () => [`/v23.0/${A.messenger.page_id}/messages`, { ...JSON_TYPE, authorization: `Bearer ${A.messenger.page_access_token}` },
    { recipient: { id: '6543210000000001' }, messaging_type: 'RESPONSE', message: { text: 'Your order shipped.' } }],
  instagram: () => [`/v23.0/${A.instagram.ig_user_id}/messages`, { ...JSON_TYPE, authorization: `Bearer ${A.instagram.page_access_token}` },
    { recipient: { id: '1789000000000001' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Your order shipped.' } }],
  line: () => ['/v2/bot/message/push', { ...JSON_TYPE, authorization: `Bearer ${A.line.channel_access_token}`, 'x-line-retry-key': randomUUID() },
    { to: 'U4af4980629a0b2c7f6d1b2e3c0000001', messages: [{ type: 'text', text: 'Your order shipped.' }] }],
  telegram: () => [`/bot${A.telegram.bot_token}/sendMessage`, JSON_TYPE,
    { chat_id: 777000001, text: 'Your order *PD\\-104233* shipped\\.', parse_mode: 'MarkdownV2' }],
  sms: () => [`/2010-04-01/Accounts/${A.sms.account_sid}/Messages.json`, { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    new URLSearchParams({ To: '+14155550100', From: A.sms.from, Body: 'Your order shipped.', StatusCallback: `${WS.public_url}/webhooks/sms` }).toString()],
  wechat: () => [`/cgi-bin/message/custom/send?access_token=${A.wechat.access_token}`, JSON_TYPE,
    { touser: 'oXyZ_openid_1', msgtype: 'text', text: { content: 'Your order shipped.' } }],
};

let providers;
before(async () => { providers = await startProviders(); });
after(async () => { await providers.stop(); });
beforeEach(() => providers.reset());

async function post(path, headers, body, { signal } = {}) {
  const res = await fetch(providers.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body), signal });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, headers: res.headers };
}
const sendValid = (channel, edit = (x) => x) => post(...edit(VALID[channel]()));
const lastErrors = (channel) => providers.received(channel).at(-1).errors;

describe('a spec-valid send per channel', () => {
  test('is accepted with no errors and answered in the vendor\'s shape', async () => {
    const wa = await sendValid('whatsapp');
    assert.equal(wa.status, 200);
    assert.deepEqual(lastErrors('whatsapp'), []);
    assert.equal(wa.json.messaging_product, 'whatsapp');
    assert.deepEqual(wa.json.contacts, [{ input: '5511987654321', wa_id: '5511987654321' }]);
    assert.match(wa.json.messages[0].id, /^wamid\./);
    for (const c of ['messenger', 'instagram']) {
      const r = await sendValid(c);
      assert.equal(r.status, 200, c);
      assert.deepEqual(lastErrors(c), [], c);
      assert.deepEqual(Object.keys(r.json).sort(), ['message_id', 'recipient_id'], c);
    }
    const line = await sendValid('line');
    assert.equal(line.status, 200);
    assert.deepEqual(lastErrors('line'), []);
    const lineSpec = spec('line').doc.components.schemas;
    assert.deepEqual(specErrors('line', lineSpec.PushMessageResponse, line.json), []);
    assert.ok(line.headers.get('x-line-request-id'));
    const tg = await sendValid('telegram');
    assert.equal(tg.status, 200);
    assert.deepEqual(lastErrors('telegram'), []);
    assert.equal(tg.json.ok, true);
    assert.equal(tg.json.result.text, 'Your order PD-104233 shipped.', 'the text after entity parsing');
    assert.deepEqual(telegramTypeErrors('Message', tg.json.result), []);
    const sms = await sendValid('sms');
    assert.equal(sms.status, 201);
    assert.deepEqual(lastErrors('sms'), []);
    assert.match(sms.json.sid, /^SM[0-9a-f]{32}$/);
    assert.equal(sms.json.status, 'queued');
    assert.deepEqual(spec('twilio').validate(sms.json, spec('twilio').doc.components.schemas['api.v2010.account.message']), []);
    const wx = await sendValid('wechat');
    assert.deepEqual([wx.status, wx.json], [200, { errcode: 0, errmsg: 'ok' }]);
    assert.deepEqual(lastErrors('wechat'), []);
    const received = providers.received('sms')[0];
    assert.deepEqual(Object.keys(received).sort(), ['answer', 'body', 'errors', 'headers', 'method', 'path', 'query', 'raw'].sort());
    assert.equal(received.body.Body, 'Your order shipped.');
  });

  test('a WhatsApp template send as Meta\'s spec has it is valid', async () => {
    const r = await sendValid('whatsapp', ([p, h, b]) => [p, h, { messaging_product: 'whatsapp', recipient_type: 'individual', to: b.to, type: 'template',
      template: { name: 'follow_up', language: { policy: 'deterministic', code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'PD-104233' }] }] } }]);
    assert.equal(r.status, 200);
    assert.deepEqual(lastErrors('whatsapp'), []);
  });

  test('a LINE reply with five messages is valid; Telegram takes a form too', async () => {
    const r = await post('/v2/bot/message/reply', { ...JSON_TYPE, authorization: `Bearer ${A.line.channel_access_token}` },
      { replyToken: 'rt1', messages: Array.from({ length: 5 }, (_, i) => ({ type: 'text', text: `part ${i}` })) });
    assert.equal(r.status, 200);
    assert.deepEqual(lastErrors('line'), []);
    assert.equal(r.json.sentMessages.length, 5);
    const f = await post(`/bot${A.telegram.bot_token}/sendMessage`, { 'content-type': 'application/x-www-form-urlencoded' }, 'chat_id=5&text=plain');
    assert.equal(f.status, 200, 'a form carries strings: chat_id "5" is a String, which api.json allows');
    assert.deepEqual(lastErrors('telegram'), []);
  });
});

describe('a crafted invalid send per channel gets the specific error', () => {
  const cases = [
    ['whatsapp', ([p, h, b]) => [p, h, { ...b, text: { body: 42 } }], '/text/body: expected string, got integer'],
    ['whatsapp', ([p, h, b]) => [p, h, { ...b, text: { body: 'x'.repeat(4097) } }], '/text/body: 4097 characters, over the limit of 4096'],
    ['whatsapp', ([p, h, b]) => [p, h, { ...b, colour: 'red' }], '/colour: not in the spec'],
    ['whatsapp', ([p, h, b]) => [p, { ...h, authorization: 'Bearer wrong' }, b], 'Authorization: not Bearer with the account\'s access token', 401],
    ['whatsapp', ([p, h, b]) => [p, h, { ...b, type: 'template', template: { name: 'follow_up', language: { code: 'en' } } }], '/template/language/policy: required'],
    ['messenger', ([p, h, b]) => [p, h, { ...b, messaging_type: 'MESSAGE_TAG' }], '/tag: required with messaging_type MESSAGE_TAG'],
    ['messenger', ([p, h, b]) => [p, h, { ...b, message: { text: 'é'.repeat(2001) } }], '/message/text: 2001 characters, over the limit of 2000'],
    ['messenger', ([p, h, b]) => [p, { ...h, 'content-type': 'text/plain' }, b], 'Content-Type: expected application/json, got text/plain'],
    ['instagram', ([p, h, b]) => [p, h, { ...b, tag: 'POST_PURCHASE_UPDATE' }], '/tag: POST_PURCHASE_UPDATE is not available on Instagram (HUMAN_AGENT only)'],
    ['instagram', ([p, h, b]) => [p, h, { ...b, message: { text: 'é'.repeat(501) } }], '/message/text: 1002 UTF-8 bytes, over the limit of 1000'],
    ['line', ([p, h, b]) => [p, { ...h, 'x-line-retry-key': 'not-a-uuid' }, b], 'X-Line-Retry-Key: not a UUID: not-a-uuid'],
    ['line', ([p, h, b]) => [p, h, { ...b, messages: Array.from({ length: 6 }, () => ({ type: 'text', text: 'x' })) }], '/messages: more than 5 items'],
    ['line', ([p, h, b]) => [p, h, { ...b, messages: [{ type: 'text', text: '🍎'.repeat(2501) }] }], '/messages/0/text: 5002 UTF-16 units, over the limit of 5000'],
    ['line', ([p, h, b]) => [p, h, { messages: b.messages }], '/to: required'],
    ['line', ([, h, b]) => ['/v2/bot/message/reply', h, { replyToken: 'rt1', messages: b.messages }], 'X-Line-Retry-Key: the reply API takes no retry key'],
    ['line', ([p, h, b]) => [p, { ...h, authorization: 'Bearer wa-access' }, b], 'Authorization: not Bearer with the account\'s access token', 401],
    ['telegram', ([p, h, b]) => [p, h, { ...b, text: 'Order 1.2 shipped!' }], '/text: MarkdownV2: character \'.\' at 7 is reserved and must be escaped with \'\\\''],
    ['telegram', ([p, h, b]) => [p, h, { ...b, chat: 5 }], '/chat: not a field of sendMessage'],
    ['telegram', ([p, h, b]) => [p.replace(A.telegram.bot_token, '1:wrong'), h, b], 'path: the bot token is not the account\'s', 401],
    ['sms', ([p, h, b]) => [p, h, b.replace('Body=', `Body=${'x'.repeat(1590)}`)], '/Body: 1609 characters, over the limit of 1600'],
    ['sms', ([p, h, b]) => [p, h, b.replace('To=%2B14155550100', 'To=4155550100')], '/To: not an E.164 number: 4155550100'],
    ['sms', ([p, h, b]) => [p, { ...h, authorization: `Basic ${Buffer.from(`${A.sms.account_sid}:nope`).toString('base64')}` }, b],
      'Authorization: not Basic account_sid:auth_token of the account', 401],
    ['sms', ([p, h, b]) => [p, { ...h, 'content-type': 'application/json' }, b], 'Content-Type: expected application/x-www-form-urlencoded, got application/json'],
    ['sms', ([p, h, b]) => [p, h, `${b}&Colour=red`], '/Colour: not in the spec'],
    ['wechat', ([p, h, b]) => [p, h, { ...b, text: {} }], '/text/content: required'],
    ['wechat', ([p, h, b]) => [p.replace(A.wechat.access_token, 'stale'), h, b], 'access_token: not the account\'s'],
  ];
  for (const [channel, edit, error, status] of cases) {
    test(`${channel}: ${error}`, async () => {
      const r = await sendValid(channel, edit);
      assert.ok(lastErrors(channel).includes(error), lastErrors(channel).join('\n'));
      if (channel === 'wechat') assert.deepEqual([r.status, typeof r.json.errcode], [200, 'number']), assert.notEqual(r.json.errcode, 0);
      else assert.equal(r.status, status ?? 400);
    });
  }

  test('vendor error shapes: Meta, LINE, Telegram, Twilio', async () => {
    const wa = await sendValid('whatsapp', ([p, h, b]) => [p, h, { ...b, text: { body: 1 } }]);
    assert.deepEqual(Object.keys(wa.json.error).sort(), ['code', 'fbtrace_id', 'message', 'type']);
    const line = await sendValid('line', ([p, h, b]) => [p, h, { ...b, messages: [] }]);
    assert.equal(typeof line.json.message, 'string');
    const tg = await sendValid('telegram', ([p, h, b]) => [p, h, { ...b, text: 'a.b' }]);
    assert.deepEqual([tg.json.ok, tg.json.error_code], [false, 400]);
    assert.match(tg.json.description, /^Bad Request: /);
    const sms = await sendValid('sms', ([p, h, b]) => [p, { ...h, authorization: 'Basic eA==' }, b]);
    assert.deepEqual([sms.json.code, sms.json.status], [20003, 401]);
  });

  test('unknown routes answer 404 in the vendor\'s error shape', async () => {
    assert.deepEqual((await post(`/bot${A.telegram.bot_token}/sendPhotoo`, JSON_TYPE, {})).status, 400, 'a Telegram method the simulator does not answer');
    const tg = await post('/botX', JSON_TYPE, {});
    assert.deepEqual([tg.status, tg.json.ok, tg.json.error_code], [404, false, 404]);
    const line = await post('/v2/bot/message/narrowcastt', JSON_TYPE, {});
    assert.deepEqual([line.status, typeof line.json.message], [404, 'string']);
    const tw = await post('/2010-04-01/Accounts/AC1/Calls.json', JSON_TYPE, {});
    assert.deepEqual([tw.status, tw.json.code, tw.json.status], [404, 20404, 404]);
    const meta = await post('/v23.0/999/messages', JSON_TYPE, {});
    assert.equal(meta.status, 400);
    assert.match(meta.json.error.message, /Object with ID '999' does not exist/);
    const wx = await post('/cgi-bin/nothing', JSON_TYPE, {});
    assert.deepEqual([wx.status, typeof wx.json.errcode], [404, 'number']);
    assert.equal(providers.received('unknown').length, 5);
  });
});

describe('Telegram MarkdownV2', () => {
  test('entities, escapes, code, links and what is left unescaped', () => {
    assert.deepEqual(parseMarkdownV2('*bold* _it_ __u__ ~s~ ||sp|| `a.b` [x](http://e.com/a\\)b) 1\\.2'), { text: 'bold it u s sp a.b x 1.2', errors: [] });
    assert.deepEqual(parseMarkdownV2('a *b').errors, ['can\'t find end of the entity \'*\' opened at 2']);
    assert.deepEqual(parseMarkdownV2('x-y').errors, ['character \'-\' at 1 is reserved and must be escaped with \'\\\'']);
    assert.deepEqual(parseMarkdownV2('>quote\n**>expandable||').errors, []);
  });
});

// ---- SMTP --------------------------------------------------------------------------------------

function smtpSession(port) {
  const socket = connect(port, '127.0.0.1');
  let buf = '';
  const waiters = [];
  socket.setEncoding('utf8');
  socket.on('data', (d) => {
    buf += d;
    for (;;) {
      // A reply ends at a line "NNN text" (not "NNN-text").
      const m = /^(?:\d{3}-[^\r\n]*\r\n)*\d{3}(?: [^\r\n]*)?\r\n/.exec(buf);
      if (!m || !waiters.length) break;
      buf = buf.slice(m[0].length);
      waiters.shift()(m[0]);
    }
  });
  const reply = () => new Promise((r) => waiters.push(r));
  return {
    greeting: reply(),
    say: (line) => { socket.write(`${line}\r\n`); return reply(); },
    raw: (text) => { socket.write(text); return reply(); },
    close: () => socket.destroy(),
  };
}

const GOOD_MAIL = [
  'From: Shop Support <support@shop.example>', 'To: customer@example.org', 'Subject: Re: Order question',
  'Date: Thu, 03 Dec 2026 17:00:00 +0000', 'Message-ID: <reply-1@shop.example>', 'In-Reply-To: <q1@example.org>',
  'References: <q0@example.org> <q1@example.org>', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b1"', '',
  '--b1', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '',
  'Your order shipped =E2=9C=93', '.a line that starts with a dot', '', '--b1', 'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable', '', '<p>Your order shipped =E2=9C=93</p>', '--b1--', ''].join('\r\n');

describe('SMTP', () => {
  test('the dialogue: greeting, EHLO lines, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT', async () => {
    const s = smtpSession(providers.smtpPort);
    assert.match(await s.greeting, /^220 /);
    assert.match(await s.say('MAIL FROM:<support@shop.example>'), /^503 /, 'EHLO first');
    const ehlo = await s.say('EHLO relay.test');
    const lines = ehlo.trim().split('\r\n');
    assert.ok(lines.length > 1 && lines.slice(0, -1).every((l) => l.startsWith('250-')) && lines.at(-1).startsWith('250 '), ehlo);
    assert.ok(lines.some((l) => l.includes('8BITMIME')));
    assert.match(await s.say('NOOP'), /^250 /);
    assert.match(await s.say('DATA'), /^503 /, 'RCPT first');
    assert.match(await s.say('MAIL FROM:<support@shop.example>'), /^250 /);
    assert.match(await s.say('RSET'), /^250 /);
    assert.match(await s.say('RCPT TO:<customer@example.org>'), /^503 /, 'RSET forgot the sender');
    assert.match(await s.say('MAIL FROM:<support@shop.example>'), /^250 /);
    assert.match(await s.say('RCPT TO:<customer@example.org>'), /^250 /);
    assert.match(await s.say('RCPT TO:nobody'), /^501 /);
    assert.match(await s.say('DATA'), /^354 /);
    const stuffed = GOOD_MAIL.replace(/^\./gm, '..');
    assert.match(await s.raw(`${stuffed}.\r\n`), /^250 /);
    assert.match(await s.say('QUIT'), /^221 /);
    s.close();
    const [got] = providers.received('email');
    assert.deepEqual(got.errors, []);
    assert.equal(got.raw, GOOD_MAIL, 'dot-unstuffed');
    assert.deepEqual([got.body.from, got.body.to], ['support@shop.example', ['customer@example.org']]);
    assert.equal(got.headers['message-id'], '<reply-1@shop.example>');
    assert.match(await smtpOnce(providers.smtpPort, 'HELO x'), /^250 /);
  });

  test('pipelined: a client that writes the whole transaction at once gets every reply in order', async () => {
    const s = smtpSession(providers.smtpPort);
    await s.greeting;
    const replies = [s.say('EHLO relay.test')];
    for (const l of ['MAIL FROM:<support@shop.example>', 'RCPT TO:<customer@example.org>', 'DATA']) replies.push(s.say(l));
    replies.push(s.raw(`${GOOD_MAIL.replace(/^\./gm, '..')}.\r\n`));
    replies.push(s.say('QUIT'));
    const got = (await Promise.all(replies)).map((r) => r.slice(0, 3));
    s.close();
    assert.deepEqual(got, ['250', '250', '250', '354', '250', '221']);
    assert.deepEqual(providers.received('email')[0].errors, []);
  });

  test('a broken message: every way it departs from RFC 5322 / MIME is listed', async () => {
    const broken = ['From: support@shop.example', 'To: customer@example.org', 'Subject: Ré: order', 'Date: yesterday',
      'In-Reply-To: q1@example.org', 'References: <q0@example.org> junk', 'Content-Type: multipart/alternative; boundary=b2', '',
      '--b2', 'Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable', '', `${'y'.repeat(1000)}`, 'bad =ZZ', ''].join('\r\n') + 'bare\nLF\r\n';
    await deliver(providers.smtpPort, broken);
    const errors = providers.received('email')[0].errors;
    for (const e of ['message-id: required', 'mime-version: required for a MIME message', 'date: not an RFC 5322 date-time: yesterday',
      'in-reply-to: not a list of msg-ids: q1@example.org', 'references: not a list of msg-ids: <q0@example.org> junk', 'line 13: over 998 octets',
      'subject: non-ASCII header text must be RFC 2047 encoded', 'body: no closing --b2-- delimiter', 'bare LF: lines must end in CRLF',
      'part 1: body line 1: quoted-printable line over 76 characters', 'part 1: body line 2: bad quoted-printable escape',
      'body: multipart/alternative with fewer than 2 parts']) {
      assert.ok(errors.includes(e), `${e}\n--- got:\n${errors.join('\n')}`);
    }
  });
});

async function smtpOnce(port, line) {
  const s = smtpSession(port);
  await s.greeting;
  const r = await s.say(line);
  await s.say('QUIT');
  s.close();
  return r;
}

async function deliver(port, message, { from = 'support@shop.example' } = {}) {
  const s = smtpSession(port);
  await s.greeting;
  await s.say('EHLO relay.test');
  await s.say(`MAIL FROM:<${from}>`);
  await s.say('RCPT TO:<customer@example.org>');
  await s.say('DATA');
  const r = await s.raw(`${message.replace(/^\./gm, '..')}.\r\n`);
  await s.say('QUIT');
  s.close();
  return r;
}

// ---- LINE retry key, faults ----------------------------------------------------------------------

describe('LINE X-Line-Retry-Key', () => {
  test('the same key again is 409 with x-line-accepted-request-id and the first send\'s messages', async () => {
    const [p, h, b] = VALID.line();
    const first = await post(p, h, b);
    assert.equal(first.status, 200);
    const again = await post(p, h, b);
    assert.equal(again.status, 409);
    assert.equal(again.headers.get('x-line-accepted-request-id'), first.headers.get('x-line-request-id'));
    assert.deepEqual(again.json.sentMessages, first.json.sentMessages);
    assert.equal((await post(p, { ...h, 'x-line-retry-key': randomUUID() }, b)).status, 200, 'a new key is a new send');
  });

  test('a send that failed with 500 did not take its key: the resend is accepted', async () => {
    providers.fail('line', { status: 500 });
    const [p, h, b] = VALID.line();
    assert.equal((await post(p, h, b)).status, 500);
    assert.equal((await post(p, h, b)).status, 200);
  });
});

describe('fault injection', () => {
  test('the next `times` sends answer the status in the vendor\'s shape, then sends are accepted again', async () => {
    providers.fail('whatsapp', { status: 500, times: 2 });
    const a = await sendValid('whatsapp');
    const b = await sendValid('whatsapp');
    assert.deepEqual([a.status, b.status], [500, 500]);
    assert.equal(typeof a.json.error.fbtrace_id, 'string');
    assert.equal((await sendValid('whatsapp')).status, 200);
    providers.fail('telegram', { status: 429 });
    const tg = await sendValid('telegram');
    assert.deepEqual([tg.status, tg.json.ok, tg.json.error_code, tg.json.parameters.retry_after], [429, false, 429, 1]);
    providers.fail('sms', { status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } });
    const sms = await sendValid('sms');
    assert.deepEqual([sms.status, sms.json.code], [400, 21610]);
  });

  test('a delay makes the client time out; the send was accepted all the same (LINE: the resend is 409)', async () => {
    providers.fail('line', { delayMs: 400 });
    const [p, h, b] = VALID.line();
    await assert.rejects(post(p, h, b, { signal: AbortSignal.timeout(100) }), /TimeoutError|aborted/i);
    const resend = await post(p, h, b);
    assert.equal(resend.status, 409);
    assert.ok(resend.headers.get('x-line-accepted-request-id'));
  });

  test('WeChat errcode faults are HTTP 200: -1 system busy, 45015 window expired', async () => {
    providers.fail('wechat', { errcode: -1 });
    providers.fail('wechat', { errcode: 45015 });
    const busy = await sendValid('wechat');
    const expired = await sendValid('wechat');
    assert.deepEqual([busy.status, busy.json.errcode, busy.json.errmsg], [200, -1, 'system error']);
    assert.deepEqual([expired.status, expired.json.errcode], [200, 45015]);
    assert.deepEqual((await sendValid('wechat')).json, { errcode: 0, errmsg: 'ok' });
  });

  test('SMTP: a 451 after DATA, then accepted', async () => {
    providers.fail('email', { status: 451 });
    assert.match(await deliver(providers.smtpPort, GOOD_MAIL), /^451 /);
    assert.match(await deliver(providers.smtpPort, GOOD_MAIL), /^250 /);
    assert.equal(providers.received('email').length, 2);
  });
});

// ---- status callbacks -----------------------------------------------------------------------------

describe('status callbacks after attach()', () => {
  let relay;
  let hooks;
  before(async () => {
    hooks = [];
    relay = createServer(async (req, res) => {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      hooks.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, JSON_TYPE).end('{"received":0,"duplicates":0}');
    });
    await new Promise((r) => relay.listen(0, '127.0.0.1', r));
  });
  after(() => new Promise((r) => relay.close(r)));
  beforeEach(() => { hooks.length = 0; });
  const relayUrl = () => `http://127.0.0.1:${relay.address().port}`;
  const hubOk = (secret, h) => h.headers['x-hub-signature-256'] === `sha256=${createHmac('sha256', secret).update(h.body).digest('hex')}`;

  test('before attach: sends are answered, no callback is sent', async () => {
    const fresh = await startProviders();
    try {
      const r = await fetch(fresh.url + VALID.whatsapp()[0], { method: 'POST', headers: VALID.whatsapp()[1], body: JSON.stringify(VALID.whatsapp()[2]) });
      assert.equal(r.status, 200);
      await new Promise((res) => setTimeout(res, 150));
      assert.deepEqual(fresh.statuses('whatsapp'), []);
    } finally { await fresh.stop(); }
  });

  test('WhatsApp sent → delivered → read, X-Hub-Signature-256 with the app secret', async () => {
    providers.attach({ relayUrl: relayUrl(), workspace: WS });
    const r = await sendValid('whatsapp');
    await providers.settle();
    const id = r.json.messages[0].id;
    assert.deepEqual(hooks.map((h) => JSON.parse(h.body).entry[0].changes[0].value.statuses[0].status), ['sent', 'delivered', 'read']);
    for (const h of hooks) {
      assert.equal(h.path, '/webhooks/whatsapp');
      assert.ok(hubOk(A.whatsapp.app_secret, h), 'signed with app_secret');
      assert.equal(JSON.parse(h.body).entry[0].changes[0].value.statuses[0].id, id);
    }
    assert.deepEqual(providers.statuses('whatsapp').map((s) => [s.status, s.answer.status]), [['sent', 200], ['delivered', 200], ['read', 200]]);
  });

  test('Messenger and Instagram: delivery (mids) then read (watermark), each with its app secret', async () => {
    providers.attach({ relayUrl: relayUrl(), workspace: WS });
    for (const c of ['messenger', 'instagram']) {
      hooks.length = 0;
      const r = await sendValid(c);
      await providers.settle();
      const events = hooks.map((h) => JSON.parse(h.body).entry[0].messaging[0]);
      assert.deepEqual(events[0].delivery.mids, [r.json.message_id], c);
      assert.equal(typeof events[1].read.watermark, 'number', c);
      assert.equal(events[0].sender.id, r.json.recipient_id);
      assert.ok(hooks.every((h) => h.path === `/webhooks/${c}` && hubOk(A[c].app_secret, h)), c);
    }
  });

  test('Twilio sent → delivered, a form signed over the StatusCallback URL and the sorted fields', async () => {
    providers.attach({ relayUrl: relayUrl(), workspace: WS });
    const r = await sendValid('sms', ([p, h, b]) => [p, h, b.replace(/StatusCallback=[^&]*/, `StatusCallback=${encodeURIComponent(`${WS.public_url}/webhooks/sms?tenant=a`)}`)]);
    await providers.settle();
    assert.deepEqual(hooks.map((h) => new URLSearchParams(h.body).get('MessageStatus')), ['sent', 'delivered']);
    for (const h of hooks) {
      assert.equal(h.path, '/webhooks/sms?tenant=a');
      assert.equal(h.headers['content-type'], 'application/x-www-form-urlencoded');
      const form = new URLSearchParams(h.body);
      assert.equal(form.get('MessageSid'), r.json.sid);
      const data = `${WS.public_url}/webhooks/sms?tenant=a` + [...form].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => k + v).join('');
      assert.equal(h.headers['x-twilio-signature'], createHmac('sha1', A.sms.auth_token).update(data).digest('base64'));
    }
  });

  test('fail({callbacks}) replaces the statuses: WhatsApp sent → failed with the error, Twilio undelivered, none at all', async () => {
    providers.attach({ relayUrl: relayUrl(), workspace: WS });
    providers.fail('whatsapp', { callbacks: ['sent', 'failed'] });
    providers.fail('sms', { callbacks: ['undelivered'] });
    providers.fail('messenger', { callbacks: [] });
    await sendValid('whatsapp');
    await sendValid('sms');
    await sendValid('messenger');
    await providers.settle();
    const wa = hooks.filter((h) => h.path === '/webhooks/whatsapp').map((h) => JSON.parse(h.body).entry[0].changes[0].value.statuses[0]);
    assert.deepEqual(wa.map((x) => x.status), ['sent', 'failed']);
    assert.equal(wa[1].errors[0].code, 131026);
    const sms = hooks.filter((h) => h.path.startsWith('/webhooks/sms')).map((h) => new URLSearchParams(h.body));
    assert.deepEqual(sms.map((f) => [f.get('MessageStatus'), f.get('ErrorCode')]), [['undelivered', '30003']]);
    assert.equal(hooks.filter((h) => h.path === '/webhooks/messenger').length, 0);
    await sendValid('whatsapp');
    await providers.settle();
    assert.equal(hooks.filter((h) => h.path === '/webhooks/whatsapp').length, 5, 'the next send is back to sent, delivered, read');
  });

  test('LINE, Telegram, WeChat and e-mail send no statuses (2xx means sent)', async () => {
    providers.attach({ relayUrl: relayUrl(), workspace: WS });
    for (const c of ['line', 'telegram', 'wechat']) await sendValid(c);
    await providers.settle();
    assert.deepEqual(hooks, []);
  });
});

// ---- the webhook builders -------------------------------------------------------------------------

describe('webhook builders', () => {
  test('inbound LINE and Telegram payloads conform to the vendors\' webhook specs', () => {
    const line = JSON.parse(inboundText(WS, 'line').body);
    const hook = spec('lineWebhook');
    assert.deepEqual(hook.validate(line, hook.doc.components.schemas.CallbackRequest), []);
    assert.deepEqual(telegramTypeErrors('Update', JSON.parse(inboundText(WS, 'telegram').body)), []);
  });

  test('WhatsApp status callbacks conform to Meta\'s WebhookPayload, undeclared fields included', () => {
    const payload = spec('whatsapp').doc.components.schemas.WebhookPayload;
    for (const status of ['sent', 'delivered', 'read', 'failed']) {
      const body = JSON.parse(statusCallback(WS, 'whatsapp', { id: 'wamid.x', status, recipient: '5511987654321' }).body);
      assert.deepEqual(specErrors('whatsapp', payload, body), [], status);
    }
    const bad = JSON.parse(statusCallback(WS, 'whatsapp', { id: 'wamid.x', status: 'sent', recipient: '1' }).body);
    bad.entry[0].changes[0].value.statuses[0].status = 'lost';
    assert.notDeepEqual(specErrors('whatsapp', payload, bad), []);
  });

  test('signatures: Meta, LINE, Twilio, e-mail and the WeChat query', () => {
    const wa = inboundText(WS, 'whatsapp');
    assert.equal(wa.headers['x-hub-signature-256'], `sha256=${createHmac('sha256', A.whatsapp.app_secret).update(wa.body).digest('hex')}`);
    const line = inboundText(WS, 'line');
    assert.equal(line.headers['x-line-signature'], createHmac('sha256', A.line.channel_secret).update(line.body).digest('base64'));
    const mail = inboundText(WS, 'email');
    assert.equal(mail.headers['x-parley-signature'], `sha256=${createHmac('sha256', WS.channels.email.inbound_secret).update(mail.body).digest('hex')}`);
    const q = new URLSearchParams(wechatQuery(WS, { timestamp: '1700000000', nonce: 'abc' }));
    assert.equal(q.get('signature'), createHash('sha1').update([A.wechat.token, '1700000000', 'abc'].sort().join('')).digest('hex'));
    const st = statusCallback(WS, 'sms', { id: 'SM1', status: 'failed', to: '+14155550100' });
    const form = new URLSearchParams(st.body);
    assert.deepEqual([form.get('MessageStatus'), form.get('ErrorCode'), st.path], ['failed', '30008', '/webhooks/sms']);
  });
});

// ---- against the real relay (when a parley binary is built) ---------------------------------------

describe('the relay accepts the simulators\' callbacks', () => {
  test('each status callback verifies at the relay\'s webhook; the same signed with a wrong secret is 401', async (t) => {
    const { PARLEY } = await import('../e2e/browser.mjs').catch(() => ({}));
    const { existsSync } = await import('node:fs');
    if (!PARLEY || !existsSync(PARLEY)) return t.skip('no parley binary (build/native/parley or PARLEY_BIN)');
    const { startChannelRelay } = await import('../e2e/channels-fixture.mjs');
    const { relay, ws } = await startChannelRelay({ apiBase: providers.url, smtpPort: providers.smtpPort });
    try {
      const cases = [['whatsapp', { id: 'wamid.unknown1', status: 'delivered', recipient: '5511987654321' }],
        ['messenger', { id: 'm_unknown1', status: 'delivered', recipient: '6543210000000001' }],
        ['instagram', { status: 'read', recipient: '1789000000000001' }],
        ['sms', { id: `SM${'0'.repeat(32)}`, status: 'delivered', to: '+14155550100' }]];
      for (const [channel, cb] of cases) {
        const hook = statusCallback(ws, channel, cb);
        const ok = await fetch(relay.url + hook.path, { method: 'POST', headers: hook.headers, body: hook.body });
        const text = await ok.text();
        // A core that reads Twilio inbound but not yet its status callbacks (no Body) refuses the
        // payload after the signature passed: the signature is what this test is about.
        if (channel === 'sms' && ok.status === 400 && text.includes('invalid_payload')) t.diagnostic(`sms: the signature passed; this core does not read status callbacks yet: ${text}`);
        else assert.equal(ok.status, 200, `${channel}: ${text}`);
        const forged = statusCallback({ ...ws, channels: { ...ws.channels, [channel]: { ...ws.channels[channel], app_secret: 'x', auth_token: 'x' } } }, channel, cb);
        const bad = await fetch(relay.url + forged.path, { method: 'POST', headers: forged.headers, body: forged.body });
        assert.equal(bad.status, 401, channel);
      }
    } finally { await relay.stop(); }
  });
});
