// The hosts' rules without a browser: which host a page runs in, which origins are believed, and
// the ZAF client's wire format and origin filter against fake windows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listen, originsFrom, pickHost, trustedEvent, trustedSender, zendeskOriginAllowed } from '../../assist/js/hosts.js';
import { ZafClient, zafParams } from '../../assist/zendesk/zaf-client.js';
import { channelOf, fromApi, ticketToCase } from '../../assist/hosts/zendesk.js';

test('the host is picked from where the page is, never from what a message says', () => {
  assert.equal(pickHost({ search: '', framed: true }), 'relay-console');
  assert.equal(pickHost({ search: '?host=chatwoot&origin=https://chat.example.com', framed: true }), 'chatwoot');
  assert.equal(pickHost({ search: '?origin=https%3A%2F%2Facme.zendesk.com&app_guid=abc', framed: true }), 'zendesk');
  assert.equal(pickHost({ search: '?origin=https%3A%2F%2Facme.zendesk.com', framed: true }), 'relay-console');  // no app_guid: not ZAF
  assert.equal(pickHost({ protocol: 'chrome-extension:', search: '?host=chatwoot' }), 'extension');
  assert.equal(pickHost({ search: '?host=extension', framed: true }), null);  // only the extension's own pages
  assert.equal(pickHost({ search: '?host=nonsense', framed: true }), null);
  assert.equal(pickHost({ search: '?origin=x&app_guid=y', framed: false }), null);  // unframed: analyse only
});

test('origins: exact, http(s) only; Zendesk origins are Zendesk subdomains or loopback', () => {
  assert.deepEqual(originsFrom(['https://a.example/path?q', 'javascript:alert(1)', 'not a url', 'http://b.example:81', 'https://a.example']),
    ['https://a.example', 'http://b.example:81']);
  for (const ok of ['https://acme.zendesk.com', 'http://127.0.0.1:4444', 'http://localhost:3000'])
    assert.equal(zendeskOriginAllowed(ok), true, ok);
  for (const bad of ['http://acme.zendesk.com', 'https://acme.zendesk.com.evil.example', 'https://evil.example', 'https://zendesk.com',
    'https://acme.zendesk.com/', 'https://a.b.zendesk.com', 'http://127.0.0.2:80', '', null, undefined])
    assert.equal(zendeskOriginAllowed(bad), false, String(bad));
  assert.equal(zendeskOriginAllowed('https://support.example.com', ['https://support.example.com']), true);  // named by the installer

  const parent = {};
  assert.equal(trustedEvent({ source: parent, origin: 'https://a.example' }, { source: parent, origins: ['https://a.example'] }), true);
  assert.equal(trustedEvent({ source: {}, origin: 'https://a.example' }, { source: parent, origins: ['https://a.example'] }), false);
  assert.equal(trustedEvent({ source: parent, origin: 'https://a.example.evil' }, { source: parent, origins: ['https://a.example'] }), false);
  assert.equal(trustedEvent({ source: parent, origin: 'null' }, { source: parent, origins: ['https://a.example'] }), false);

  const ours = { extensionId: 'abc', origins: ['http://127.0.0.1:8080'] };
  assert.equal(trustedSender({ id: 'abc', tab: { id: 3 }, origin: 'http://127.0.0.1:8080' }, ours), 'http://127.0.0.1:8080');
  assert.equal(trustedSender({ id: 'abc', tab: { id: 3 }, url: 'http://127.0.0.1:8080/console/' }, ours), 'http://127.0.0.1:8080');
  assert.equal(trustedSender({ id: 'abc', tab: { id: 3 }, origin: 'http://127.0.0.1:9090' }, ours), null);
  assert.equal(trustedSender({ id: 'other', tab: { id: 3 }, origin: 'http://127.0.0.1:8080' }, ours), null);
  assert.equal(trustedSender({ id: 'abc', origin: 'http://127.0.0.1:8080' }, ours), null);  // not from a tab's content script
});

// Fake windows: the frame's own (listeners) and Zendesk's (records what the client posts).
function fakeFrame() {
  const listeners = new Set();
  const win = { addEventListener: (_, f) => listeners.add(f), removeEventListener: (_, f) => listeners.delete(f) };
  const posted = [];
  const zendesk = { postMessage: (data, targetOrigin) => posted.push({ data: JSON.parse(data), targetOrigin }) };
  const deliver = (msg, { origin = 'https://acme.zendesk.com', source = zendesk } = {}) =>
    listeners.forEach((f) => f({ data: JSON.stringify(msg), origin, source }));
  return { win, zendesk, posted, deliver };
}

test('ZAF client: handshake first, requests only after app.registered, replies matched by id, strangers ignored', async () => {
  assert.deepEqual(zafParams('?origin=https%3A%2F%2Facme.zendesk.com&app_guid=g1'), { origin: 'https://acme.zendesk.com', appGuid: 'g1' });
  assert.deepEqual(zafParams('', '#origin=https://acme.zendesk.com&app_guid=g2'), { origin: 'https://acme.zendesk.com', appGuid: 'g2' });
  assert.equal(zafParams('?app_guid=g1'), null);

  const f = fakeFrame();
  const client = new ZafClient({ origin: 'https://acme.zendesk.com', appGuid: 'g1', source: f.zendesk, win: f.win, timeout: 2000 });
  const registered = client.start();
  const events = [];
  client.on('ticket.submit.done', (m) => events.push(m));
  const subject = client.get('ticket.subject');
  assert.deepEqual(f.posted.map((p) => p.data.key), ['iframe.handshake']);  // nothing else before registration
  assert.deepEqual(f.posted[0], { data: { key: 'iframe.handshake', message: { version: '2.0' }, appGuid: 'g1', instanceGuid: 'g1' }, targetOrigin: 'https://acme.zendesk.com' });

  // A registration from another origin, or from a window that is not Zendesk's, changes nothing.
  f.deliver({ key: 'zaf.app.registered', message: { context: { location: 'x' } } }, { origin: 'https://evil.example' });
  f.deliver({ key: 'zaf.app.registered', message: { context: { location: 'x' } } }, { source: {} });
  assert.equal(client.ready, false);
  f.deliver({ key: 'zaf.app.registered', message: { metadata: { appId: 1 }, context: { location: 'ticket_sidebar' } } });
  await registered;
  assert.equal(client.context.location, 'ticket_sidebar');
  assert.deepEqual(f.posted.slice(1).map((p) => p.data.key ?? p.data.request), ['iframe.on:ticket.submit.done', 'get']);
  const get = f.posted[2].data;
  assert.deepEqual([get.request, get.params, get.appGuid], ['get', ['ticket.subject'], 'g1']);

  // A forged answer with the right id from the wrong origin does not resolve it; Zendesk's does.
  f.deliver({ id: get.id, result: { 'ticket.subject': 'forged', errors: {} } }, { origin: 'https://evil.example' });
  f.deliver({ id: get.id, result: { 'ticket.subject': 'Bestellung', errors: {} } });
  assert.equal((await subject)['ticket.subject'], 'Bestellung');

  // invoke: the action's arguments as a list; a path's error rejects.
  const appended = client.invoke('ticket.comment.appendText', 'Hallo');
  const inv = f.posted.at(-1).data;
  assert.deepEqual([inv.request, inv.params], ['invoke', { 'ticket.comment.appendText': ['Hallo'] }]);
  f.deliver({ id: inv.id, result: { errors: { 'ticket.comment.appendText': { message: 'not in this location' } } } });
  await assert.rejects(appended, /ticket\.comment\.appendText.*not in this location/);

  // Events only through the zaf. prefix, and only from Zendesk.
  f.deliver({ key: 'ticket.submit.done', message: 1 });
  f.deliver({ key: 'zaf.ticket.submit.done', message: 2 }, { origin: 'https://evil.example' });
  f.deliver({ key: 'zaf.ticket.submit.done', message: 3 });
  assert.deepEqual(events, [3]);

  // The request proxy: its own key, answered by a .done event.
  const page = client.request({ url: '/api/v2/tickets/7/comments.json', type: 'GET' });
  const req = f.posted.at(-1).data;
  assert.deepEqual([req.key, req.message.url], ['request:1', '/api/v2/tickets/7/comments.json']);
  assert.ok(f.posted.some((p) => p.data.key === 'iframe.on:request:1.done'));
  f.deliver({ key: 'zaf.request:1.done', message: { responseArgs: [{ comments: [] }, 'success', {}] } });
  assert.deepEqual(await page, { comments: [] });
  client.stop();
});

test('a Zendesk ticket becomes the panel conversation: private notes dropped, requester inbound, times ISO', () => {
  const msgs = fromApi([
    { id: 1, author_id: 9, public: true, plain_body: 'Wo ist meine Bestellung?', created_at: '2026-12-01T10:00:00Z' },
    { id: 2, author_id: 4, public: false, plain_body: 'internal note', created_at: '2026-12-01T10:05:00Z' },
    { id: 3, author_id: 4, public: true, body: 'Wir prüfen das.', created_at: 'nonsense' },
  ], 9);
  assert.deepEqual(msgs, [
    { direction: 'in', text: 'Wo ist meine Bestellung?', at: '2026-12-01T10:00:00.000Z' },
    { direction: 'out', text: 'Wir prüfen das.', at: null },
  ]);
  const c = ticketToCase({ 'ticket.id': 1042, 'ticket.subject': 'Bestellung', 'ticket.via': { channel: 'email' }, 'ticket.tags': ['a'],
    'ticket.requester': { id: 9, name: 'Jonas', locale: 'pt-br', timeZone: { ianaName: 'Europe/Berlin' } }, currentUser: { name: 'Marta' }, comments: msgs });
  assert.equal(c.conversation.id, 'zendesk-1042');
  assert.equal(c.conversation.channel, 'email');
  assert.equal(c.conversation.subject, 'Bestellung');
  assert.equal(c.contact.locale, 'pt-BR');
  assert.equal(c.contact.time_zone, 'Europe/Berlin');
  assert.equal(c.agent.name, 'Marta');
  assert.equal(channelOf('sunshine_conversations_whatsapp'), 'whatsapp');
  assert.equal(channelOf('native_messaging'), 'webchat');
  assert.equal(channelOf('something_new'), 'email');
});

test('listen() reads only its source on its origins, and stops when asked', () => {
  const f = fakeFrame();
  const got = [];
  const stop = listen(f.zendesk, ['https://acme.zendesk.com'], (d, o) => got.push([d, o]), f.win);
  f.deliver({ a: 1 });
  f.deliver({ a: 2 }, { origin: 'https://acme.zendesk.com.evil.example' });
  stop();
  f.deliver({ a: 3 });
  assert.deepEqual(got, [[JSON.stringify({ a: 1 }), 'https://acme.zendesk.com']]);
});
