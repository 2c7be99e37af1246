// The WeCom simulator itself (wecom.mjs): its node-crypto envelope agrees with the core's
// hand-written AES (channels.wecom_seal, byte for byte, for the same random prefix), and its API
// answers as WeCom does: gettoken credentials, 42001 once, sync_msg paging and bad cursors,
// send_msg checks, send_msg's window (45015 after 48 h, 45047 after 5 replies), and media/get.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MESSAGES_PER_CUSTOMER_MESSAGE, SAMPLE_MEDIA, WINDOW_SECONDS, msgSignature, open, seal, startWeCom } from './wecom.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const PARLEY = process.env.PARLEY_BIN || join(ROOT, 'build', 'native', 'parley');
const ACCOUNT = { token: 'tok', encoding_aes_key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corp_id: 'ww0123456789abcdef', secret: 's3cret' };
const core = (method, request) => JSON.parse(spawnSync(PARLEY, ['call', method], { input: JSON.stringify(request), encoding: 'utf8' }).stdout);

describe('the envelope', () => {
  test('node\'s AES-256-CBC and the core\'s agree byte for byte, and open() inverts seal()', (t) => {
    if (!existsSync(PARLEY)) return t.skip(`no ${PARLEY}: build the native target first`);
    for (const message of ['', 'x', '<xml><Content><![CDATA[你好]]></Content></xml>', 'a'.repeat(31), 'b'.repeat(32), 'é'.repeat(500)]) {
      const random = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
      const ours = seal(ACCOUNT.encoding_aes_key, message, ACCOUNT.corp_id, random);
      const theirs = core('channels.wecom_seal', { token: ACCOUNT.token, encoding_aes_key: ACCOUNT.encoding_aes_key, receive_id: ACCOUNT.corp_id,
        message, timestamp: '1700000000', nonce: 'n1', random_hex: random.toString('hex') });
      assert.equal(theirs.encrypt, ours, `Encrypt for ${JSON.stringify(message.slice(0, 20))}`);
      assert.equal(theirs.msg_signature, msgSignature(ACCOUNT.token, '1700000000', 'n1', ours));
      assert.equal(Buffer.from(ours, 'base64').length % 32, 0, 'PKCS#7 to a multiple of 32 bytes');
      assert.deepEqual(open(ACCOUNT.encoding_aes_key, ours), { message, receiveId: ACCOUNT.corp_id });
    }
  });
});

describe('the API', () => {
  let w;
  before(async () => { w = await startWeCom({ account: ACCOUNT, kfids: ['wkA'], pageSize: 2 }); });
  after(() => w.stop());
  const post = (path, body) => fetch(`${w.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const token = async () => (await (await fetch(`${w.url}/cgi-bin/gettoken?corpid=${ACCOUNT.corp_id}&corpsecret=${ACCOUNT.secret}`)).json()).access_token;

  test('gettoken checks corpid and corpsecret', async () => {
    assert.equal((await (await fetch(`${w.url}/cgi-bin/gettoken?corpid=${ACCOUNT.corp_id}&corpsecret=wrong`)).json()).errcode, 40001);
    assert.equal((await (await fetch(`${w.url}/cgi-bin/gettoken?corpid=nope&corpsecret=${ACCOUNT.secret}`)).json()).errcode, 40013);
    assert.match(await token(), /^at_/);
  });

  test('sync_msg pages by cursor with has_more; an unknown token, cursor or account is refused', async () => {
    const t = await token();
    for (const x of ['1', '2', '3']) w.customerSays('wmU', x, 'wkA');
    const a = await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { cursor: '', limit: 1000, open_kfid: 'wkA' });
    assert.deepEqual([a.errcode, a.has_more, a.msg_list.map((m) => m.text.content)], [0, 1, ['1', '2']]);
    const b = await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { cursor: a.next_cursor, open_kfid: 'wkA' });
    assert.deepEqual([b.has_more, b.msg_list.map((m) => m.text.content)], [0, ['3']]);
    assert.equal((await post('/cgi-bin/kf/sync_msg?access_token=bogus', { open_kfid: 'wkA' })).errcode, 40014);
    assert.equal((await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { cursor: 'garbage', open_kfid: 'wkA' })).errcode, 95000);
    assert.equal((await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { open_kfid: 'wkB' })).errcode, 95016);
    assert.equal((await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { open_kfid: 'wkA', token: 'never-called-back' })).errcode, 95000);
    assert.equal((await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { open_kfid: 'wkA', extra: 1 })).errcode, 40058);
  });

  test('expireToken(): the next call is 42001 and that token stays dead; a new one works', async () => {
    const t = await token();
    w.expireToken();
    assert.equal((await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { open_kfid: 'wkA' })).errcode, 42001);
    assert.equal((await post(`/cgi-bin/kf/sync_msg?access_token=${t}`, { open_kfid: 'wkA' })).errcode, 42001);
    assert.equal((await post(`/cgi-bin/kf/sync_msg?access_token=${await token()}`, { open_kfid: 'wkA' })).errcode, 0);
  });

  test('send_msg: a customer who wrote, text within 2048 bytes, a valid msgid', async () => {
    const t = await token();
    const ok = await post(`/cgi-bin/kf/send_msg?access_token=${t}`, { touser: 'wmU', open_kfid: 'wkA', msgid: 'abc_1', msgtype: 'text', text: { content: 'hi' } });
    assert.deepEqual([ok.errcode, ok.msgid], [0, 'abc_1']);
    const bad = [
      { touser: 'wmStranger', open_kfid: 'wkA', msgtype: 'text', text: { content: 'hi' } },
      { touser: 'wmU', open_kfid: 'wkA', msgtype: 'text', text: { content: 'x'.repeat(2049) } },
      { touser: 'wmU', open_kfid: 'wkA', msgid: 'has spaces', msgtype: 'text', text: { content: 'hi' } },
      { touser: 'wmU', open_kfid: 'wkA', msgtype: 'text', text: { content: '' } },
    ];
    for (const body of bad) assert.equal((await post(`/cgi-bin/kf/send_msg?access_token=${t}`, body)).errcode, 40058, JSON.stringify(body).slice(0, 60));
    assert.equal(w.received('send_msg').filter((r) => r.errors.length).length, bad.length);
  });

  test('send_msg window: 5 replies per customer message, then 45047; a new message starts again; none after 48 h (45015)', async () => {
    const t = await token();
    const send = (touser, content) => post(`/cgi-bin/kf/send_msg?access_token=${t}`, { touser, open_kfid: 'wkA', msgtype: 'text', text: { content } });
    assert.equal(MESSAGES_PER_CUSTOMER_MESSAGE, 5);
    w.customerSays('wmW', 'first', 'wkA');
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await send('wmW', `reply ${i}`)).errcode);
    assert.deepEqual(codes, [0, 0, 0, 0, 0, 45047, 45047]);
    assert.equal((await send('wmW', 'again')).errmsg, 'out of response count limit');
    w.customerSays('wmW', 'second', 'wkA');
    assert.equal((await send('wmW', 'after the new message')).errcode, 0);
    // Replies spent by another client of the account count too.
    w.spend('wmW', 4, 'wkA');
    assert.equal((await send('wmW', 'one too many')).errcode, 45047);

    // A customer whose last message is older than 48 h: 45015, however few replies went out.
    w.customerSays('wmOld', 'long ago', 'wkA', { sendTime: Math.floor(Date.now() / 1000) - WINDOW_SECONDS - 60 });
    assert.equal((await send('wmOld', 'too late')).errcode, 45015);
    // The clock moves on: inside the window a moment ago, outside it now.
    w.customerSays('wmLate', 'just now', 'wkA');
    assert.equal((await send('wmLate', 'in time')).errcode, 0);
    w.advance(WINDOW_SECONDS + 1);
    const late = await send('wmLate', 'too late now');
    assert.deepEqual([late.errcode, late.errmsg], [45015, 'response out of time limit or subscription is canceled']);
    w.advance(-(WINDOW_SECONDS + 1));
  });

  test('media/get serves a customer\'s media as bytes with its type; an unknown or expired media_id or a bad token is an errcode', async () => {
    const t = await token();
    const m = w.customerSendsMedia('wmM', { msgtype: 'image', bytes: SAMPLE_MEDIA.png, contentType: 'image/png', filename: 'photo.png' }, 'wkA');
    assert.equal(m.msgtype, 'image');
    const res = await fetch(`${w.url}/cgi-bin/media/get?access_token=${t}&media_id=${m.image.media_id}`);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.match(res.headers.get('content-disposition'), /filename="photo.png"/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), SAMPLE_MEDIA.png);
    assert.equal((await (await fetch(`${w.url}/cgi-bin/media/get?access_token=bogus&media_id=${m.image.media_id}`)).json()).errcode, 40014);
    w.expireMedia(m.image.media_id);
    assert.equal((await (await fetch(`${w.url}/cgi-bin/media/get?access_token=${t}&media_id=${m.image.media_id}`)).json()).errcode, 40007);
    // The samples are what they claim to be.
    assert.equal(SAMPLE_MEDIA.png.subarray(1, 4).toString(), 'PNG');
    assert.equal(SAMPLE_MEDIA.gif.subarray(0, 6).toString(), 'GIF89a');
    assert.deepEqual([...SAMPLE_MEDIA.jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.equal(SAMPLE_MEDIA.amr.subarray(0, 6).toString(), '#!AMR\n');
    assert.equal((SAMPLE_MEDIA.amr.length - 6) % 32, 0);
  });
});
