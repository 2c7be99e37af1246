// Zendesk simulator: Zendesk Support's side of the ZAF iframe protocol for a ticket_sidebar app,
// on loopback. The ticket has Zendesk's shapes: the ZAF user object (locale, timeZone.ianaName),
// via.channel, and the Support API's comments (author_id, public, plain_body, created_at, with a
// private note). Parameters:
//   ?panel=ORIGIN    the relay serving the panel (default: this origin)
//   ?claim=ORIGIN    the `origin` written into the app frame's URL (default: this origin, as Zendesk
//                    does); another value is a frame that lies about its parent
//   ?forger=ORIGIN   Zendesk stays silent; a frame from ORIGIN sends the very same messages
//   ?as=forger       (inside that frame) the forger itself
//   ?proxy=refuse    the request proxy answers 403 (the app then reads ZAF's ticket.comments)
// Counters for tests: <body data-handshakes data-requests data-appended data-resized data-forged>.
const params = new URLSearchParams(location.search);
const minutesAgo = (m) => new Date(Date.now() - m * 60000).toISOString();
const APP_GUID = '5f0c7e2a-8d1b-4a57-9c3e-2b6d0a1f4e88';

const agent = { id: 42, name: 'Marta Klein', email: 'marta@example.com', role: 'agent', locale: 'en-US' };
const requester = { id: 9001, name: 'Jonas Weber', email: 'jonas.weber@example.de', role: 'end-user', locale: 'de',
  timeZone: { name: 'Berlin', ianaName: 'Europe/Berlin', offset: 60, formattedOffset: 'GMT+01:00' } };
const ticket = { id: 1042, subject: 'Bestellung PD-318274 noch nicht angekommen', status: 'open', tags: ['versand'],
  via: { channel: 'email', source: { from: { address: requester.email, name: requester.name }, rel: null } } };
const comments = [
  comment(1, requester, 'Guten Tag, ich habe am 2. Dezember die Bestellung PD-318274 aufgegeben.', minutesAgo(180)),
  comment(2, agent, 'Lager angefragt, noch keine Antwort.', minutesAgo(150), false),
  comment(3, requester, 'Wo ist meine Bestellung? Das Paket ist immer noch nicht angekommen und ich brauche es bis Freitag.', minutesAgo(120)),
];

function comment(id, author, text, at, isPublic = true) {
  const html = `<div class="zd-comment"><p>${text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])}</p></div>`;
  return { id, type: 'Comment', author_id: author.id, body: text, plain_body: text, html_body: html, public: isPublic,
    created_at: at, via: { channel: author === requester ? 'email' : 'web' }, attachments: [] };
}

// The ZAF comment object (ticket.comments): HTML value and author, no times.
function zafComments() {
  return comments.map((c) => ({ id: c.id, value: c.html_body, author: c.author_id === requester.id ? requester : agent,
    imageAttachments: [], nonImageAttachments: [] }));
}

// What a ZAF get answers, per path.
function getPath(path) {
  const values = {
    'ticket.id': ticket.id, 'ticket.subject': ticket.subject, 'ticket.status': ticket.status, 'ticket.tags': ticket.tags,
    'ticket.via': ticket.via, 'ticket.requester': requester, 'ticket.comments': zafComments(), currentUser: agent,
    'ticket.comment.text': document.getElementById('reply')?.value ?? '',
  };
  return Object.hasOwn(values, path) ? { value: values[path] } : { error: { name: 'APIUnavailable', message: 'Could not find handler' } };
}

function registered() {
  return { key: 'zaf.app.registered', message: {
    metadata: { appId: 0, installationId: 360001, name: 'Parley Assist', version: '0.1.0', settings: { title: 'Parley Assist' } },
    context: { host: 'zendesk', product: 'support', location: 'ticket_sidebar', instanceGuid: APP_GUID, ticketId: ticket.id,
      account: { subdomain: 'acme' } } } };
}

function answer(msg) {
  if (msg.request === 'get') {
    const result = { errors: {} };
    for (const path of msg.params) {
      const r = getPath(path);
      if (r.error) result.errors[path] = r.error; else result[path] = r.value;
    }
    return { id: msg.id, result };
  }
  if (msg.request === 'invoke' || msg.request === 'set') {
    const result = { errors: {} };
    for (const [name, args] of Object.entries(msg.params || {})) {
      const out = act(msg.request, name, args);
      if (out && out.error) result.errors[name] = out.error; else result[name] = out;
    }
    return { id: msg.id, result };
  }
  return null;
}

function act(kind, name, args) {
  const reply = document.getElementById('reply');
  if (kind === 'invoke' && (name === 'ticket.comment.appendText' || name === 'comment.appendText')) {
    reply.value += String(args[0] ?? '');
    bump('appended');
    return null;
  }
  if (kind === 'set' && (name === 'ticket.comment.text' || name === 'comment.text')) { reply.value = String(args ?? ''); return null; }
  if (kind === 'invoke' && name === 'resize') {
    const h = parseInt(args[0]?.height, 10);
    if (h > 0) document.getElementById('assist').style.blockSize = `${Math.max(h, 300)}px`;
    bump('resized');
    return null;
  }
  return { error: { name: 'APIUnavailable', message: `${name} is not available here` } };
}

// The Support API behind ZAF's request proxy (the agent's session; no token in the app).
function proxied(options) {
  if (params.get('proxy') === 'refuse') return { ok: false, data: { status: 403, statusText: 'Forbidden', responseText: '{"error":"Forbidden"}' } };
  const url = new URL(String(options?.url || ''), 'https://acme.zendesk.com');
  if (url.pathname === `/api/v2/tickets/${ticket.id}/comments.json`) {
    const list = url.searchParams.get('sort_order') === 'desc' ? [...comments].reverse() : comments;
    return { ok: true, data: { comments: list, next_page: null, previous_page: null, count: list.length } };
  }
  return { ok: false, data: { status: 404, statusText: 'Not Found', responseText: '{"error":"RecordNotFound"}' } };
}

function bump(name) { document.body.dataset[name] = String(Number(document.body.dataset[name] || 0) + 1); }
function log(text) { document.getElementById('zaf-log').textContent = text; }

if (params.get('as') === 'forger') forge(); else host();

function host() {
  const panelOrigin = params.get('panel') || location.origin;
  const claim = params.get('claim') || location.origin;
  const forger = params.get('forger');
  const frame = document.getElementById('assist');
  const subscribed = new Set();
  frame.src = `${panelOrigin}/assist/index.html?origin=${encodeURIComponent(claim)}&app_guid=${APP_GUID}`;
  const send = (msg) => frame.contentWindow.postMessage(JSON.stringify(msg), panelOrigin);
  const fire = (name, message) => { if (subscribed.has(name)) send({ key: `zaf.${name}`, message }); };

  // The forger starts once both it and the app frame are listening (either may load first).
  const waiting = { panel: false, forger: false };
  const unleash = (who) => {
    waiting[who] = true;
    if (waiting.panel && waiting.forger) document.getElementById('forger').contentWindow.postMessage('go', forger);
  };
  window.addEventListener('message', (event) => {
    if (forger && event.origin === forger && event.data === 'forged') { bump('forged'); return; }
    if (forger && event.origin === forger && event.data === 'forger-ready') { unleash('forger'); return; }
    if (event.source !== frame.contentWindow || event.origin !== panelOrigin) return;
    let msg;
    try { msg = JSON.parse(event.data); } catch { return; }
    if (!msg || msg.appGuid !== APP_GUID) return;  // Zendesk routes by the app's guid
    if (msg.key === 'iframe.handshake') {
      bump('handshakes');
      // A forger takes over: tell its frame the app is listening now.
      if (forger) { unleash('panel'); return; }
      send(registered());
      return;
    }
    if (forger) return;
    if (typeof msg.key === 'string' && msg.key.startsWith('iframe.on:')) { subscribed.add(msg.key.slice(10)); return; }
    if (typeof msg.key === 'string' && /^request:\d+$/.test(msg.key)) {
      bump('requests');
      const r = proxied(msg.message);
      fire(`${msg.key}.${r.ok ? 'done' : 'fail'}`, { responseArgs: r.ok ? [r.data, 'success', { status: 200 }] : [r.data, 'error', r.data.statusText] });
      return;
    }
    const reply = answer(msg);
    if (reply) send(reply);
    log(`${msg.request} ${JSON.stringify(msg.params).slice(0, 80)}`);
  });

  // A frame whose URL names another origin than ours: Zendesk's own pages never do this; a page
  // that frames the app and lies does. Push the registration anyway, as that page would.
  if (claim !== location.origin) frame.addEventListener('load', () => { send(registered()); fire('ticket.updated', {}); });
  if (forger) {
    const f = document.createElement('iframe');
    f.id = 'forger';
    f.title = 'forger';
    f.style.cssText = 'position:absolute;inline-size:1px;block-size:1px;opacity:0';
    f.src = `${forger}${location.pathname}?as=forger&victim=${encodeURIComponent(panelOrigin)}`;
    document.body.append(f);
  }

  document.getElementById('submit').addEventListener('click', () => {
    const reply = document.getElementById('reply');
    if (!reply.value.trim()) return;
    comments.push(comment(comments.length + 1, agent, reply.value.trim(), new Date().toISOString()));
    reply.value = '';
    show();
    fire('ticket.submit.done', { ticket: { id: ticket.id } });
  });
  document.getElementById('customer-writes').addEventListener('click', () => {
    comments.push(comment(comments.length + 1, requester, 'Hallo? Ich warte immer noch auf eine Antwort zu PD-318274.', new Date().toISOString()));
    show();
    fire('ticket.updated', { ticket: { id: ticket.id } });
  });
  show();
}

function show() {
  document.getElementById('ticket-title').textContent = `#${ticket.id} ${ticket.subject}`;
  document.getElementById('messages').replaceChildren(...comments.map((c) => {
    const li = document.createElement('li');
    li.className = c.author_id === requester.id ? 'in' : c.public ? 'out' : 'out note';
    li.textContent = c.plain_body;
    return li;
  }));
}

// The forger: another origin sending exactly what Zendesk would, to the app frame beside it.
function forge() {
  const victim = params.get('victim');
  window.addEventListener('message', (event) => {
    if (event.data !== 'go') return;
    const panel = window.parent[0];
    const blast = () => {
      const msgs = [registered(), { key: 'zaf.ticket.updated', message: {} }];
      for (let id = 1; id <= 12; id++) {
        msgs.push(answer({ id, request: 'get', params: ['ticket.id', 'ticket.subject', 'ticket.status', 'ticket.tags', 'ticket.via', 'ticket.requester', 'currentUser'] }));
      }
      for (let n = 1; n <= 4; n++) msgs.push({ key: `zaf.request:${n}.done`, message: { responseArgs: [proxied({ url: `/api/v2/tickets/${ticket.id}/comments.json` }).data, 'success', {}] } });
      for (const m of msgs) panel.postMessage(JSON.stringify(m), victim);
      window.parent.postMessage('forged', '*');
    };
    blast();
    setTimeout(blast, 300);
    setTimeout(blast, 900);
  });
  window.parent.postMessage('forger-ready', '*');
}
