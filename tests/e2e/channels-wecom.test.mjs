// WeCom 微信客服 through the real relay against tests/sim/wecom.mjs (issue 13): the simulator
// plays the WeCom server — URL verification, encrypted kf_msg_or_event callbacks (node's AES, not
// the core's), gettoken, kf/sync_msg with cursor paging, kf/send_msg — and the relay must verify,
// acknowledge at once, pull in the background, store each message once and reply on the
// customer's KF account, fetching a new token when WeCom says the old one expired, and never send
// outside WeCom's window (48 hours and 5 replies per customer message: 409 window_closed_or_used),
// showing a reply WeCom refused anyway (45015 / 45047) as failed, not retried. A customer's image
// or voice is fetched with media/get into the message's attachments once its bytes prove to be a
// JPEG, PNG, GIF or AMR file; otherwise the message says why (channel_data.media_error).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from './relay-client.mjs';
import { eventually, freePort, launchBrowser, startRelay, consoleSignIn } from './browser.mjs';
import { MESSAGES_PER_CUSTOMER_MESSAGE, SAMPLE_MEDIA, WINDOW_SECONDS, startWeCom } from '../sim/wecom.mjs';

const AGENT = 'wecom-agent-token';
const KF = 'wkTestKfAccount01';
const MEDIA_RETRY_MS = 400;  // the pause before the second round of media/get (workspace media_retry)
// WeCom's documented example EncodingAESKey shape: 43 Base64 characters.
const ACCOUNT = { token: 'wecom-callback-token', encoding_aes_key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corp_id: 'ww0123456789abcdef',
  secret: 'wecom-app-secret' };

let wecom;
let relay;
let agent;
let serial = 0;
const customer = () => `wmCustomer${Date.now().toString(36)}${++serial}`;

async function startWeComRelay({ port, data } = {}) {
  port ??= await freePort();
  const file = join(mkdtempSync(join(tmpdir(), 'parley-ws-')), 'workspace.json');
  writeFileSync(file, JSON.stringify({ public_url: `http://127.0.0.1:${port}`, channels: { wecom: { ...ACCOUNT, api_base: wecom.url } },
    outbox: { retry_base_ms: 100, timeout_ms: 2000 }, media_retry: { base_ms: MEDIA_RETRY_MS, max_attempts: 2 } }));
  return startRelay({ port, data, args: ['--agent-token', AGENT, '--workspace', file] });
}

before(async () => {
  wecom = await startWeCom({ account: ACCOUNT, kfids: [KF], pageSize: 2 });
  relay = await startWeComRelay();
  agent = api(relay.url, AGENT);
});
after(async () => { await relay?.stop(); await wecom?.stop(); });

const conversations = async () => (await agent('GET', '/api/v1/conversations?limit=500')).json.conversations.filter((c) => c.channel === 'wecom');
const conversationOf = async (user) => (await conversations()).find((c) => c.contact?.id === user);
const messagesOf = async (id) => (await agent('GET', `/api/v1/conversations/${id}/messages`)).json.messages;
// The sync_msg requests of the pull(s) a callback asked for (they carry its sync Token).
const pullsFor = (syncToken) => wecom.received('sync_msg').filter((r) => r.body?.token === syncToken);
// Resolves when `times` pulls for that callback have reached the last page and the relay has
// stored every customer message those pages carried (WeCom's answer comes a moment before the write).
const pulled = async (syncToken, times = 1) => {
  await eventually(() => pullsFor(syncToken).filter((r) => r.answer?.errcode === 0 && r.answer.has_more === 0).length >= times);
  const carried = pullsFor(syncToken).flatMap((r) => r.answer?.msg_list ?? []).filter((m) => m.origin === 3);
  for (const m of carried) {
    await eventually(async () => {
      const c = await conversationOf(m.external_userid);
      return c && (await messagesOf(c.id)).some((x) => x.provider_message_id === m.msgid);
    });
  }
};

// A customer writes `text` (options: customerSays's {sendTime}); resolves once their conversation is stored.
async function conversationWith(text, options) {
  const user = customer();
  wecom.customerSays(user, text, KF, options);
  await pulled((await wecom.callback(relay.url)).syncToken);
  let c;
  await eventually(async () => (c = await conversationOf(user)));  // WeCom has answered the pull; the relay stores a moment later
  return { user, c };
}
const reply = (id, text) => agent('POST', `/api/v1/conversations/${id}/messages`, { idempotency_key: crypto.randomUUID(), text });

describe('WeCom callback URL and signatures', () => {
  test('URL verification answers the decrypted echostr; a wrong signature is 401', async () => {
    const ok = await wecom.verify(relay.url);
    assert.deepEqual([ok.status, ok.text], [200, ok.echo]);
    const bad = await wecom.verify(relay.url, { token: 'not-the-token' });
    assert.equal(bad.status, 401);
    assert.equal(JSON.parse(bad.text).error.code, 'invalid_signature');
  });

  test('a callback with a bad msg_signature is 401, pulls nothing and stores nothing', async () => {
    const user = customer();
    wecom.customerSays(user, 'forged?');
    const before = wecom.received('sync_msg').length;
    const r = await wecom.callback(relay.url, { token: 'not-the-token' });
    assert.equal(r.status, 401);
    assert.equal(JSON.parse(r.text).error.code, 'invalid_signature');
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(wecom.received('sync_msg').length, before, 'no pull after a forged callback');
    assert.equal(await conversationOf(user), undefined);
    // The real callback then fetches it (the forged one moved nothing).
    const good = await wecom.callback(relay.url);
    assert.equal(good.status, 200);
    await pulled(good.syncToken);
    assert.ok(await conversationOf(user));
  });
});

describe('WeCom inbound: callback → kf/sync_msg → conversation', () => {
  test('acknowledged before the pull answers; stored once though the callback is redelivered', async () => {
    const user = customer();
    wecom.customerSays(user, '你好，我的订单在哪里？');
    const mark = wecom.received('sync_msg').length;
    wecom.hold();
    const first = await wecom.callback(relay.url);
    // The answer came while sync_msg was still unanswered: the pull is off the acknowledging path.
    assert.deepEqual([first.status, first.text], [200, '']);
    assert.ok(wecom.received('sync_msg').slice(mark).every((r) => r.answer === null), 'no sync_msg was answered before the ack');
    await eventually(() => wecom.held() === 1);
    wecom.release();
    await pulled(first.syncToken);
    const c = await conversationOf(user);
    assert.equal(c.thread_key, `${KF}/${user}`);
    // WeCom redelivers the same callback (same sync Token): acknowledged, nothing stored twice.
    const again = await wecom.callback(relay.url, { syncToken: first.syncToken });
    assert.equal(again.status, 200);
    await pulled(first.syncToken, 2);
    const messages = await messagesOf(c.id);
    assert.deepEqual(messages.map((m) => [m.text, m.direction]), [['你好，我的订单在哪里？', 'inbound']]);
    for (const r of wecom.received('sync_msg')) assert.deepEqual(r.errors, [], 'each sync_msg is a valid request');
  });

  test('the cursor advances: pages follow has_more, and the next callback fetches only what is new', async () => {
    const user = customer();
    const texts = ['one', 'two', 'three'];
    for (const t of texts) wecom.customerSays(user, t);
    const cb = await wecom.callback(relay.url);
    await pulled(cb.syncToken);
    const pulls = pullsFor(cb.syncToken);
    assert.equal(pulls.length, 2, 'three messages at two a page: two pulls');
    assert.equal(pulls[0].answer.has_more, 1);
    assert.equal(pulls[1].body.cursor, pulls[0].answer.next_cursor, 'the second page asks from the first page\'s cursor');
    assert.equal(pulls[1].answer.has_more, 0);

    wecom.customerSays(user, 'four');
    const cb2 = await wecom.callback(relay.url);
    await pulled(cb2.syncToken);
    const c = await conversationOf(user);
    const next = pullsFor(cb2.syncToken);
    assert.equal(next.length, 1);
    assert.equal(next[0].body.cursor, pulls[1].answer.next_cursor, 'the saved cursor, not the start');
    assert.deepEqual(next[0].answer.msg_list.map((m) => m.text.content), ['four']);
    assert.deepEqual((await messagesOf(c.id)).map((m) => m.text), [...texts, 'four']);
  });

  test('an expired token (42001) on sync_msg: a new one is fetched and the pull completes', async () => {
    const user = customer();
    wecom.customerSays(user, 'token test');
    const tokens = wecom.received('gettoken').length;
    wecom.expireToken();
    const cb = await wecom.callback(relay.url);
    await pulled(cb.syncToken);
    assert.ok(await conversationOf(user));
    assert.equal(wecom.received('gettoken').length, tokens + 1, 'one new gettoken');
    assert.deepEqual(pullsFor(cb.syncToken).map((r) => r.answer.errcode), [42001, 0]);
  });
});

describe('WeCom outbound: kf/send_msg', () => {
  const sendsWith = (text) => wecom.received('send_msg').filter((r) => r.body?.text?.content === text);

  test('an agent reply goes to the customer on the KF account they wrote to, and is sent', async () => {
    const { user, c } = await conversationWith('can I change my address?');
    const r = await reply(c.id, 'Yes — send us the new one.');
    assert.equal(r.status, 201, r.text);
    await eventually(() => sendsWith('Yes — send us the new one.').some((x) => x.answer?.errcode === 0));
    const [req] = sendsWith('Yes — send us the new one.');
    assert.deepEqual(req.errors, []);
    assert.deepEqual([req.body.touser, req.body.open_kfid, req.body.msgtype], [user, KF, 'text']);
    await eventually(async () => (await messagesOf(c.id)).at(-1).delivery_status === 'sent');
  });

  test('42001 on send_msg: the relay fetches a new token and the retry is sent', async () => {
    const { c } = await conversationWith('still there?');
    const tokens = wecom.received('gettoken').length;
    wecom.expireToken();
    assert.equal((await reply(c.id, 'Yes, here.')).status, 201);
    await eventually(() => sendsWith('Yes, here.').some((x) => x.answer?.errcode === 0));
    const tries = sendsWith('Yes, here.');
    assert.equal(tries[0].answer.errcode, 42001);
    assert.notEqual(new URLSearchParams(tries.at(-1).query).get('access_token'), new URLSearchParams(tries[0].query).get('access_token'));
    assert.equal(wecom.received('gettoken').length, tokens + 1);
    await eventually(async () => (await messagesOf(c.id)).at(-1).delivery_status === 'sent');
  });
});

describe('WeCom window: 48 hours and 5 replies per customer message', () => {
  const seconds = () => Math.floor(Date.now() / 1000);
  const sendsTo = (user) => wecom.received('send_msg').filter((r) => r.body?.touser === user);
  const windowOf = async (id) => (await agent('GET', `/api/v1/conversations/${id}/channel`)).json.window;

  test('five replies go out; the sixth is refused 409 window_closed_or_used and never reaches WeCom; the customer writing again reopens it', async () => {
    const { user, c } = await conversationWith('我想退货');
    assert.equal((await windowOf(c.id)).messages_left, MESSAGES_PER_CUSTOMER_MESSAGE);
    for (let i = 1; i <= MESSAGES_PER_CUSTOMER_MESSAGE; i++) assert.equal((await reply(c.id, `step ${i}`)).status, 201, `reply ${i}`);
    const refused = await reply(c.id, 'one more');
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.error.code, 'window_closed_or_used');
    assert.equal(refused.json.error.messages_left, 0);
    assert.equal(refused.json.error.requires, 'customer_message');
    await eventually(() => sendsTo(user).filter((r) => r.answer?.errcode === 0).length === MESSAGES_PER_CUSTOMER_MESSAGE);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(sendsTo(user).map((r) => r.answer?.errcode), Array(MESSAGES_PER_CUSTOMER_MESSAGE).fill(0), 'only the five, each accepted');
    assert.ok(!(await messagesOf(c.id)).some((m) => m.text === 'one more'), 'the refused reply is stored nowhere');
    const closed = await windowOf(c.id);
    assert.deepEqual([closed.free_form, closed.messages_left], [false, 0]);

    // WeCom's send_time has whole seconds: a reply in the same second as the customer's next
    // message cannot be told to come before it, and the relay counts it against the new window
    // (the safe side). So the customer writes again in a later second.
    await new Promise((r) => setTimeout(r, 1010 - (Date.now() % 1000)));
    wecom.customerSays(user, '还在吗？');
    await pulled((await wecom.callback(relay.url)).syncToken);
    await eventually(async () => (await windowOf(c.id)).messages_left === MESSAGES_PER_CUSTOMER_MESSAGE);  // once the relay has stored it
    assert.equal((await reply(c.id, 'yes, here')).status, 201);
    await eventually(async () => (await messagesOf(c.id)).at(-1).delivery_status === 'sent');
  });

  test('a customer whose last message is older than 48 hours: 409 window_closed_or_used, nothing sent', async () => {
    const { user, c } = await conversationWith('old question', { sendTime: seconds() - WINDOW_SECONDS - 3600 });
    const r = await reply(c.id, 'sorry for the wait');
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'window_closed_or_used');
    assert.equal((await windowOf(c.id)).free_form, false);
    await new Promise((res) => setTimeout(res, 300));
    assert.deepEqual(sendsTo(user), []);
  });

  test('WeCom refuses what the relay let through (45047 replies spent elsewhere, 45015 its clock ahead): failed with the reason, sent once', async () => {
    const spent = await conversationWith('limit');
    wecom.spend(spent.user, MESSAGES_PER_CUSTOMER_MESSAGE);  // another client of the account used them up
    assert.equal((await reply(spent.c.id, 'from the relay')).status, 201);
    await eventually(async () => (await messagesOf(spent.c.id)).at(-1).delivery_status === 'failed');
    assert.equal((await messagesOf(spent.c.id)).at(-1).delivery_error.code, 'message_limit');

    const late = await conversationWith('late');
    wecom.advance(WINDOW_SECONDS + 60);
    try {
      assert.equal((await reply(late.c.id, 'in our time, not in theirs')).status, 201);
      await eventually(async () => (await messagesOf(late.c.id)).at(-1).delivery_status === 'failed');
    } finally { wecom.advance(-(WINDOW_SECONDS + 60)); }
    assert.equal((await messagesOf(late.c.id)).at(-1).delivery_error.code, 'outside_window');
    await new Promise((res) => setTimeout(res, 500));  // a retry would come after retry_base_ms (100 ms)
    assert.deepEqual(sendsTo(spent.user).map((r) => r.answer.errcode), [45047]);
    assert.deepEqual(sendsTo(late.user).map((r) => r.answer.errcode), [45015]);
  });
});

describe('WeCom inbound media: media/get into attachments', () => {
  // The customer sends media; resolves to their conversation's message once its fetch has ended.
  async function mediaMessage(media) {
    const user = customer();
    const sent = wecom.customerSendsMedia(user, media);
    await pulled((await wecom.callback(relay.url)).syncToken);
    let c, m;
    await eventually(async () => (c = await conversationOf(user)));  // WeCom has answered; the relay stores a moment later
    await eventually(async () => {
      m = (await messagesOf(c.id)).find((x) => x.channel_data?.media?.media_id === sent[media.msgtype].media_id);
      return m && m.channel_data.media.state !== 'pending';
    });
    return { user, c, m, mediaId: sent[media.msgtype].media_id };
  }
  const download = async (a) => {
    const res = await fetch(`${relay.url}${a.url}`, { headers: { Authorization: `Bearer ${AGENT}` } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  test('JPEG, PNG and GIF images, AMR voice, MP4 video and PDF/Office/image files become the message\'s attachment, byte for byte', async () => {
    const cases = [
      { msgtype: 'image', bytes: SAMPLE_MEDIA.jpeg, contentType: 'image/jpeg', filename: 'IMG_0001.jpg', want: 'image/jpeg' },
      { msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png', filename: 'screenshot.png', want: 'image/png' },
      // WeCom's Content-Type is not what decides: the bytes are (a GIF sent as image/jpeg is a GIF).
      { msgtype: 'image', bytes: SAMPLE_MEDIA.gif, contentType: 'image/jpeg', filename: 'anim.gif', want: 'image/gif' },
      { msgtype: 'voice', bytes: SAMPLE_MEDIA.amr, contentType: 'voice/amr', filename: 'voice.amr', want: 'audio/amr' },
      { msgtype: 'video', bytes: SAMPLE_MEDIA.mp4, contentType: 'video/mp4', filename: 'unboxing.mp4', want: 'video/mp4' },
      { msgtype: 'file', bytes: SAMPLE_MEDIA.pdf, contentType: 'application/pdf', filename: 'invoice.pdf', want: 'application/pdf' },
      { msgtype: 'file', bytes: SAMPLE_MEDIA.docx, contentType: 'application/octet-stream', filename: 'complaint.docx', want: 'application/zip' },
      { msgtype: 'file', bytes: SAMPLE_MEDIA.jpeg, contentType: 'application/octet-stream', filename: 'receipt.jpg', want: 'image/jpeg' },
    ];
    for (const { want, ...media } of cases) {
      const { m, mediaId } = await mediaMessage(media);
      assert.equal(m.channel_data.media.state, 'stored', JSON.stringify(m.channel_data));
      assert.equal(m.channel_data.media_error, undefined);
      assert.equal(m.attachments.length, 1);
      const [a] = m.attachments;
      assert.deepEqual([a.content_type, a.size, a.filename], [want, media.bytes.length, media.filename]);
      const got = await download(a);
      assert.deepEqual([got.status, got.type], [200, want]);
      assert.ok(got.bytes.equals(media.bytes), `${media.filename}: the bytes WeCom served`);
      const reqs = wecom.received('media_get').filter((r) => new URLSearchParams(r.query).get('media_id') === mediaId);
      assert.equal(reqs.length, 1);
      assert.deepEqual(reqs[0].errors, []);
    }
    // A visitor's token does not open a WeCom customer's media.
    const { m } = await mediaMessage({ msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png' });
    assert.equal((await fetch(`${relay.url}${m.attachments[0].url}`)).status, 401);
  });

  test('a media_id WeCom no longer knows, bytes that are not what the message says, an empty file: media_error, no attachment', async () => {
    const expired = wecom.customerSendsMedia(customer(), { msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png' });
    wecom.expireMedia(expired.image.media_id);
    const cases = [
      [null, 'provider_error', expired],
      [{ msgtype: 'image', bytes: Buffer.from('<html><script>alert(1)</script></html>'), contentType: 'image/jpeg' }, 'content_mismatch'],
      [{ msgtype: 'voice', bytes: SAMPLE_MEDIA.png, contentType: 'voice/amr' }, 'content_mismatch'],
      [{ msgtype: 'image', bytes: Buffer.alloc(0), contentType: 'image/png' }, 'empty'],
      [{ msgtype: 'video', bytes: SAMPLE_MEDIA.png, contentType: 'video/mp4' }, 'content_mismatch'],
      [{ msgtype: 'file', bytes: Buffer.from('<!doctype html><title>x</title>'), contentType: 'application/pdf', filename: 'x.pdf' }, 'content_mismatch'],
    ];
    for (const [media, code, sent] of cases) {
      let m;
      if (sent) {
        await pulled((await wecom.callback(relay.url)).syncToken);
        let c;
        await eventually(async () => (c = await conversationOf(sent.external_userid)));
        await eventually(async () => {
          m = (await messagesOf(c.id)).find((x) => x.channel_data?.media?.media_id === sent.image.media_id);
          return m && m.channel_data.media.state !== 'pending';
        });
      } else {
        ({ m } = await mediaMessage(media));
      }
      assert.equal(m.channel_data.media.state, 'failed');
      assert.equal(m.channel_data.media_error.code, code, JSON.stringify(m.channel_data.media_error));
      assert.equal(typeof m.channel_data.media_error.message, 'string');
      assert.deepEqual(m.attachments, []);
      if (code === 'provider_error') assert.equal(m.channel_data.media_error.provider_code, 40007);
    }
  });

  test('42001 on media/get: a new token is fetched and the media is stored', async () => {
    const tokens = wecom.received('gettoken').length;
    wecom.expireToken('media_get');
    const { m, mediaId } = await mediaMessage({ msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png' });
    assert.equal(m.channel_data.media.state, 'stored');
    const tries = wecom.received('media_get').filter((r) => new URLSearchParams(r.query).get('media_id') === mediaId);
    assert.deepEqual(tries.map((r) => r.answer.errcode ?? 'bytes'), [42001, 'bytes']);
    assert.notEqual(new URLSearchParams(tries[1].query).get('access_token'), new URLSearchParams(tries[0].query).get('access_token'));
    assert.equal(wecom.received('gettoken').length, tokens + 1);
  });

  const tries = (id) => wecom.received('media_get').filter((r) => new URLSearchParams(r.query).get('media_id') === id).map((r) => r.answer.status ?? 200);

  test('a passing outage of media/get (HTTP 503) is tried again at once and the media stored', async () => {
    const brief = await mediaMessage({ msgtype: 'image', bytes: SAMPLE_MEDIA.jpeg, contentType: 'image/jpeg', failures: 2 });
    assert.equal(brief.m.channel_data.media.state, 'stored');
    assert.deepEqual(tries(brief.mediaId), [503, 503, 200]);
  });

  test('a longer outage: the media waits with its attempts and next_at stored, the sweep fetches it later; a lasting one fails after max_attempts rounds', async () => {
    // Four 503s: the first round (three tries) fails, the message stays pending with why.
    const user = customer();
    const sent = wecom.customerSendsMedia(user, { msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png', failures: 4 });
    const mediaId = sent.image.media_id;
    await pulled((await wecom.callback(relay.url)).syncToken);
    let c, m;
    await eventually(async () => (c = await conversationOf(user)));
    const find = async () => (await messagesOf(c.id)).find((x) => x.channel_data?.media?.media_id === mediaId);
    await eventually(async () => (m = await find())?.channel_data.media.attempts === 1);
    assert.equal(m.channel_data.media.state, 'pending');
    assert.equal(m.channel_data.media.last_error.code, 'provider_status');
    assert.ok(Number.isInteger(m.channel_data.media.next_at) && m.channel_data.media.next_at > sent.send_time * 1000, JSON.stringify(m.channel_data.media));
    assert.deepEqual(m.attachments, []);
    // The sweep's round: one more 503, then the bytes.
    await eventually(async () => (m = await find())?.channel_data.media.state === 'stored', 10000);
    assert.deepEqual(tries(mediaId), [503, 503, 503, 503, 200]);
    assert.equal(m.attachments.length, 1);
    assert.equal(m.channel_data.media_error, undefined);
    assert.equal(m.channel_data.media.attempts, undefined, 'a stored media keeps no retry state');

    // Always 503: two rounds (max_attempts 2), then the agent is told why, with the rounds tried.
    const lasting = wecom.customerSendsMedia(customer(), { msgtype: 'image', bytes: SAMPLE_MEDIA.jpeg, contentType: 'image/jpeg', failures: 100 });
    await pulled((await wecom.callback(relay.url)).syncToken);
    let lc;
    await eventually(async () => (lc = await conversationOf(lasting.external_userid)));
    let lm;
    await eventually(async () => (lm = (await messagesOf(lc.id)).find((x) => x.channel_data?.media?.media_id === lasting.image.media_id))
      ?.channel_data.media.state === 'failed', 15000);
    assert.equal(lm.channel_data.media_error.code, 'provider_status');
    assert.equal(lm.channel_data.media_error.attempts, 2);
    assert.deepEqual(tries(lasting.image.media_id), [503, 503, 503, 503, 503, 503], 'two rounds of three tries, then it says why');
  });

  test('a media that does not heal (40007, gone) is not retried later', async () => {
    const sent = wecom.customerSendsMedia(customer(), { msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png' });
    wecom.expireMedia(sent.image.media_id);
    await pulled((await wecom.callback(relay.url)).syncToken);
    let c, m;
    await eventually(async () => (c = await conversationOf(sent.external_userid)));
    await eventually(async () => (m = (await messagesOf(c.id)).find((x) => x.channel_data?.media?.media_id === sent.image.media_id))?.channel_data.media.state === 'failed');
    await new Promise((r) => setTimeout(r, MEDIA_RETRY_MS * 3));
    assert.equal(wecom.received('media_get').filter((r) => new URLSearchParams(r.query).get('media_id') === sent.image.media_id).length, 1);
  });

  test('the console shows a fetched image as its attachment, and a failed one with why, live', async () => {
    const browser = await launchBrowser();
    try {
      const { c } = await mediaMessage({ msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png', filename: 'photo.png' });
      const user = c.contact.id;
      const page = await browser.newPage();
      const problems = await consoleSignIn(page, relay.url, AGENT);
      await page.click(`.inbox-item[data-id="${c.id}"]`);
      const link = page.locator('#messages .attachment a', { hasText: 'photo.png' });
      await link.waitFor();
      assert.match(await link.getAttribute('href'), /^\/api\/v1\/attachments\/a_/);
      // Another one arrives while the agent looks, and WeCom no longer has it.
      const second = wecom.customerSendsMedia(user, { msgtype: 'image', bytes: SAMPLE_MEDIA.gif, contentType: 'image/gif' });
      wecom.expireMedia(second.image.media_id);
      assert.equal((await wecom.callback(relay.url)).status, 200);
      const failed = page.locator('#messages .media-error[data-code="provider_error"]');
      await failed.waitFor();
      assert.match(await failed.textContent(), /could not be fetched.*40007/);
      await eventually(async () => (await page.locator('#messages .attachment.pending').count()) === 0);
      // One more that WeCom's media servers fail for a while: "fetching" until the sweep's retry
      // brings it, then the image, without a reload.
      const third = wecom.customerSendsMedia(user, { msgtype: 'image', bytes: SAMPLE_MEDIA.jpeg, contentType: 'image/jpeg', filename: 'later.jpg', failures: 3 });
      assert.equal((await wecom.callback(relay.url)).status, 200);
      await page.locator('#messages .attachment.pending').waitFor();
      await eventually(() => tries(third.image.media_id).length === 3);
      assert.equal(await page.locator('#messages .attachment a', { hasText: 'later.jpg' }).count(), 0);
      await page.locator('#messages .attachment a', { hasText: 'later.jpg' }).waitFor({ timeout: 15000 });
      assert.deepEqual(tries(third.image.media_id), [503, 503, 503, 200]);
      assert.equal(await page.locator('#messages .attachment.pending').count(), 0);
      assert.deepEqual(problems, []);
    } finally { await browser.close(); }
  });
});

describe('WeCom: the pull survives a crash between the ack and the pull', () => {
  test('a relay killed (SIGKILL) after acknowledging pulls the messages when it starts again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-relay-'));
    const port = await freePort();
    let r = await startWeComRelay({ port, data });
    try {
      const user = customer();
      wecom.customerSays(user, 'did you get this?');
      wecom.hold();
      assert.equal((await wecom.callback(r.url)).status, 200);
      await eventually(() => wecom.held() === 1);   // the pull is in flight, nothing stored yet
      await new Promise((done) => { r.proc.once('exit', done); r.proc.kill('SIGKILL'); });
      wecom.release();   // the answer goes to a dead socket
      r = await startWeComRelay({ port, data });
      const a = api(r.url, AGENT);
      await eventually(async () => (await a('GET', '/api/v1/conversations?limit=500')).json.conversations.some((c) => c.contact?.id === user));
      const c = (await a('GET', '/api/v1/conversations?limit=500')).json.conversations.find((x) => x.contact?.id === user);
      assert.deepEqual((await a('GET', `/api/v1/conversations/${c.id}/messages`)).json.messages.map((m) => m.text), ['did you get this?']);
    } finally { wecom.release(); await r.stop(); }
  });
});
