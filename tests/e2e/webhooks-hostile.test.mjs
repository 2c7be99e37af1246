// Bad input for the provider webhooks (issue 13): forged, missing and replayed signatures, wrong
// secrets, malformed bodies, oversized bodies, unknown channels and events, statuses for messages
// that do not exist. Each case gets its clear answer; afterwards every message stored before is
// still there, unchanged, and nothing else was stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect } from 'node:net';
import { api } from './relay-client.mjs';
import { AGENT, inboundText, postWebhook, signatureHeaders, startChannelRelay, supportedChannels, wechatQuery } from './channels-fixture.mjs';

let relay;
let ws;
let agent;
let supported = [];
let baseline;  // every conversation and message before the hostile cases

async function snapshot() {
  const { conversations } = (await agent('GET', '/api/v1/conversations?limit=500')).json;
  const out = {};
  for (const c of conversations) out[c.id] = { channel: c.channel, contact: c.contact, messages: (await agent('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages };
  return out;
}

before(async () => {
  ({ relay, ws } = await startChannelRelay({ omit: ['instagram'] }));
  agent = api(relay.url, AGENT);
  supported = await supportedChannels(relay, ws);
  // What must survive: one stored message per channel the core reads.
  for (const c of supported) {
    const w = inboundText(ws, c, { text: `kept on ${c}` });
    const r = await postWebhook(relay, c, w);
    assert.equal(r.status, 200, `${c}: ${r.text}`);
  }
  baseline = await snapshot();
  assert.ok(Object.keys(baseline).length >= 1);
});
after(async () => {
  // Nothing stored was lost or changed, and nothing new was stored by any case above.
  if (baseline) assert.deepEqual(await snapshot(), baseline);
  await relay?.stop();
});

/** Send `w` to `channel` and check the answer's status and error code. */
async function expectError(channel, w, status, code) {
  const r = await postWebhook(relay, channel, w);
  assert.equal(r.status, status, r.text);
  if (code) assert.equal(r.json?.error?.code, code, r.text);
  if (status >= 400) assert.ok(r.json?.error?.message, 'the error says why');
  return r;
}

function withHeader(w, name, value) {
  const headers = { ...w.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...w, headers };
}

/** A request with only a header (Content-Length far beyond the limit), over raw TCP: the answer comes before the body. */
function headerOnly(path, length, type = 'application/json') {
  return new Promise((resolve, reject) => {
    const s = connect(relay.port, '127.0.0.1');
    let buf = '';
    s.on('data', (d) => { buf += d; });
    s.on('error', reject);
    s.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(buf);
      resolve({ status: m ? Number(m[1]) : 0, body: buf.slice(buf.indexOf('\r\n\r\n') + 4) });
    });
    s.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`);
    s.write('{"object":"');
    setTimeout(() => s.end(), 300);
  });
}

describe('signatures', () => {
  test('1 WhatsApp: a forged signature is 401 invalid_signature', async () => {
    const w = inboundText(ws, 'whatsapp');
    await expectError('whatsapp', withHeader(w, 'x-hub-signature-256', `sha256=${'ab'.repeat(32)}`), 401, 'invalid_signature');
  });
  test('2 WhatsApp: no signature is 401 missing_signature', async () => {
    await expectError('whatsapp', withHeader(inboundText(ws, 'whatsapp'), 'x-hub-signature-256'), 401, 'missing_signature');
  });
  test('3 WhatsApp: signed with another secret is 401', async () => {
    const w = inboundText(ws, 'whatsapp');
    await expectError('whatsapp', { ...w, headers: signatureHeaders(ws, 'whatsapp', w.body, { secret: 'not-the-app-secret' }) }, 401, 'invalid_signature');
  });
  test('4 WhatsApp: the right HMAC without its sha256= prefix is 401', async () => {
    const w = inboundText(ws, 'whatsapp');
    await expectError('whatsapp', withHeader(w, 'x-hub-signature-256', w.headers['x-hub-signature-256'].slice(7)), 401, 'invalid_signature');
  });
  test('5 Messenger: a replayed signature on a changed body is 401', async () => {
    const original = inboundText(ws, 'messenger', { text: 'refund 10' });
    const tampered = original.body.replace('refund 10', 'refund 99');
    await expectError('messenger', { ...original, body: tampered }, 401, 'invalid_signature');
  });
  test('6 Messenger: WhatsApp\'s app secret does not sign Messenger', async () => {
    const w = inboundText(ws, 'messenger');
    await expectError('messenger', { ...w, headers: signatureHeaders(ws, 'messenger', w.body, { secret: ws.channels.whatsapp.app_secret }) }, 401, 'invalid_signature');
  });
  test('7 LINE: a forged X-Line-Signature is 401', async () => {
    await expectError('line', withHeader(inboundText(ws, 'line'), 'x-line-signature', Buffer.alloc(32, 7).toString('base64')), 401, 'invalid_signature');
  });
  test('8 LINE: no X-Line-Signature is 401 missing_signature', async () => {
    await expectError('line', withHeader(inboundText(ws, 'line'), 'x-line-signature'), 401, 'missing_signature');
  });
  test('9 Telegram: a wrong secret token is 401', async () => {
    await expectError('telegram', withHeader(inboundText(ws, 'telegram'), 'x-telegram-bot-api-secret-token', 'guess'), 401, 'invalid_signature');
  });
  test('10 Telegram: no secret token is 401 missing_signature', async () => {
    await expectError('telegram', withHeader(inboundText(ws, 'telegram'), 'x-telegram-bot-api-secret-token'), 401, 'missing_signature');
  });
  test('11 Twilio: a signature over another URL is 401', async () => {
    const w = inboundText(ws, 'sms');
    await expectError('sms', { ...w, headers: signatureHeaders(ws, 'sms', w.body, { url: 'https://attacker.example/webhooks/sms' }) }, 401, 'invalid_signature');
  });
  test('12 Twilio: a field added after signing is 401', async () => {
    const w = inboundText(ws, 'sms');
    await expectError('sms', { ...w, body: `${w.body}&Body2=extra` }, 401, 'invalid_signature');
  });
  test('13 Twilio: no X-Twilio-Signature is 401 missing_signature', async () => {
    await expectError('sms', withHeader(inboundText(ws, 'sms'), 'x-twilio-signature'), 401, 'missing_signature');
  });
  test('14 a forged signature on malformed JSON is still 401 (the signature comes first)', async () => {
    const w = inboundText(ws, 'line');
    await expectError('line', { ...w, body: '{"events": [', headers: { ...w.headers } }, 401, 'invalid_signature');
  });
  test('15 WeChat: a GET handshake with a wrong signature is 401; a right one echoes', async () => {
    let r = await fetch(`${relay.url}/webhooks/wechat?${wechatQuery(ws, { token: 'wrong' })}&echostr=E123`);
    assert.equal(r.status, 401);
    assert.equal((await r.json()).error.code, 'invalid_signature');
    r = await fetch(`${relay.url}/webhooks/wechat?${wechatQuery(ws)}&echostr=E123`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'E123');
  });
  test('16 WeChat and e-mail: a forged signature is 401 (or 501 while the core cannot read them; never stored)', async () => {
    for (const c of ['wechat', 'email']) {
      const w = inboundText(ws, c);
      const forged = c === 'wechat' ? { ...w, query: wechatQuery(ws, { token: 'forged' }) } : withHeader(w, 'x-parley-signature', `sha256=${'00'.repeat(32)}`);
      const r = await postWebhook(relay, c, forged);
      if (supported.includes(c)) assert.equal(r.status, 401, r.text);
      else assert.deepEqual([r.status, r.json.error.code], [501, 'channel_not_supported']);
    }
  });
});

describe('bodies', () => {
  test('17 signed but not JSON: 400 invalid_json naming where', async () => {
    const body = '{"object": "whatsapp_business_account", "entry": [';
    await expectError('whatsapp', { body, headers: signatureHeaders(ws, 'whatsapp', body) }, 400, 'invalid_json');
  });
  test('18 signed JSON that is not an object: 400 invalid_payload', async () => {
    const body = '[1,2,3]';
    await expectError('telegram', { body, headers: signatureHeaders(ws, 'telegram', body) }, 400, 'invalid_payload');
  });
  test('19 signed body with invalid UTF-8: 400 invalid_utf8', async () => {
    const body = Buffer.concat([Buffer.from('{"update_id": 5, "message": {"text": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    await expectError('telegram', { body, headers: signatureHeaders(ws, 'telegram', body) }, 400, 'invalid_utf8');
  });
  test('20 signed Meta JSON of the wrong object type: 400 invalid_payload', async () => {
    const body = JSON.stringify({ object: 'page', entry: [] });
    await expectError('whatsapp', { body, headers: signatureHeaders(ws, 'whatsapp', body) }, 400, 'invalid_payload');
  });
  test('21 signed LINE event without webhookEventId: 400 invalid_payload with its path', async () => {
    const body = JSON.stringify({ destination: 'U', events: [{ type: 'message', timestamp: Date.now(), source: { userId: 'U1' }, message: { id: '1', type: 'text', text: 'x' } }] });
    const r = await expectError('line', { body, headers: signatureHeaders(ws, 'line', body) }, 400, 'invalid_payload');
    assert.equal(r.json.error.path, '/body/events/0/webhookEventId');
  });
  test('22 signed, but with a media type the provider never sends: 415', async () => {
    const w = inboundText(ws, 'line');
    await expectError('line', withHeader(w, 'content-type', 'text/plain'), 415, 'unsupported_media_type');
  });
  test('23 a 10 MB webhook: 413 from Content-Length, before the body', async () => {
    const r = await headerOnly('/webhooks/whatsapp', 10 * 1000 * 1000);
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.body).error.code, 'body_too_large');
  });
  test('24 a 2 MB LINE webhook is 413; e-mail takes up to 25 MiB, 26 MB is 413', async () => {
    assert.equal((await headerOnly('/webhooks/line', 2 * 1000 * 1000)).status, 413);
    assert.equal((await headerOnly('/webhooks/email', 26 * 1000 * 1000, 'message/rfc822')).status, 413);
  });
  test('25 a Telegram body with a NUL byte: 400', async () => {
    const body = '{"update_id": 9, "message": {"text": "a\u0000b"}}'.replace('\\u0000', '\u0000');
    const r = await postWebhook(relay, 'telegram', { body, headers: signatureHeaders(ws, 'telegram', body) });
    assert.equal(r.status, 400, r.text);
  });
});

describe('routing', () => {
  test('26 an unknown channel is 404 unknown_channel', async () => {
    await expectError('kakaotalk', { body: '{}', headers: { 'content-type': 'application/json' } }, 404, 'unknown_channel');
  });
  test('27 a channel without an account is 404 channel_not_configured, even correctly signed', async () => {
    const body = inboundText(ws, 'messenger').body.replace('"page"', '"instagram"');
    await expectError('instagram', { body, headers: signatureHeaders(ws, 'instagram', body, { secret: 'ig-app-secret' }) }, 404, 'channel_not_configured');
  });
  test('28 Meta handshake: a wrong verify token is 403, a missing challenge 400, the right one echoes', async () => {
    let r = await fetch(`${relay.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`);
    assert.equal(r.status, 403);
    r = await fetch(`${relay.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=fb-verify`);
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.path, '/query/hub.challenge');
    r = await fetch(`${relay.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=fb-verify&hub.challenge=1158201444`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '1158201444');
  });
  test('29 GET on a channel without a handshake is 405', async () => {
    const r = await fetch(`${relay.url}/webhooks/line`);
    assert.equal(r.status, 405);
  });
});

describe('events that change nothing', () => {
  test('30 a redelivered LINE event: 200, counted as a duplicate, stored once', async () => {
    const w = inboundText(ws, 'line', { text: 'once only' });
    const first = await postWebhook(relay, 'line', w);
    assert.deepEqual(first.json, { received: 1, duplicates: 0 });
    const redelivered = JSON.parse(w.body);
    redelivered.events[0].deliveryContext.isRedelivery = true;
    const body = JSON.stringify(redelivered);
    const again = await postWebhook(relay, 'line', { body, headers: signatureHeaders(ws, 'line', body) });
    assert.deepEqual(again.json, { received: 0, duplicates: 1 });
    // This one was stored by this case: take it into the baseline the end compares with.
    baseline = await snapshot();
    const texts = Object.values(baseline).flatMap((c) => c.messages.map((m) => m.text));
    assert.equal(texts.filter((t) => t === 'once only').length, 1);
  });
  test('31 an event type the relay does not know: 200, no message', async () => {
    const body = JSON.stringify({ destination: 'U', events: [{ type: 'membersJoined', webhookEventId: '01HUNKNOWNTYPE', timestamp: Date.now(),
      deliveryContext: { isRedelivery: false }, source: { type: 'group', groupId: 'C1' }, joined: { members: [] } }] });
    const r = await postWebhook(relay, 'line', { body, headers: signatureHeaders(ws, 'line', body) });
    assert.deepEqual([r.status, r.json.received], [200, 1]);
  });
  test('32 statuses for messages that do not exist, out of order: 200, nothing changes', async () => {
    for (const status of ['read', 'delivered', 'sent', 'failed']) {
      const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { phone_number_id: ws.channels.whatsapp.phone_number_id },
        statuses: [{ id: 'wamid.NO_SUCH_MESSAGE', status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '1' }] } }] }] });
      const r = await postWebhook(relay, 'whatsapp', { body, headers: signatureHeaders(ws, 'whatsapp', body) });
      assert.equal(r.status, 200, r.text);
    }
  });
  test('33 a Telegram update with no message (an edited poll answer): 200, no message', async () => {
    const body = JSON.stringify({ update_id: 555001, poll_answer: { poll_id: '1', option_ids: [0] } });
    const r = await postWebhook(relay, 'telegram', { body, headers: signatureHeaders(ws, 'telegram', body) });
    assert.deepEqual([r.status, r.json.received, r.json.duplicates], [200, 1, 0]);
  });
  test('34 the relay still answers after all of it', async () => {
    assert.equal((await fetch(`${relay.url}/healthz`)).status, 200);
  });
});
