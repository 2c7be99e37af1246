// Chatwoot simulator on loopback: the public Client API of ../shared/specs/chatwoot-swagger and the
// ActionCable websocket at /cable, for the widget's Chatwoot backend (docs/widget.md, "Chatwoot").
// Every request is checked against the spec (path params, query, body schema, no unknown fields);
// what is wrong is answered 422 and kept in `problems`. Answers use Chatwoot's wire shapes
// (message_type integer, created_at unix seconds). Test hooks act as the agent; faults: drop the
// sockets, fail message posts (stored or not), slow answers.
import { createServer } from 'node:http';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validator } from '../contract/schema.mjs';
import { accept } from './cable.mjs';

const SPEC_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'specs', 'chatwoot-swagger', 'swagger.json');
const PING_MS = 3000;

export function loadSpec(path = process.env.CHATWOOT_SWAGGER || SPEC_PATH) { return JSON.parse(readFileSync(path, 'utf8')); }

/** The identifier_hash a site's server computes: HMAC-SHA256 hex of the identifier with the inbox's token. */
export const identifierHash = (hmacToken, identifier) => createHmac('sha256', hmacToken).update(identifier).digest('hex');

/** Match a request path against the spec's templated public paths → {template, params} or null. */
export function route(spec, method, pathname) {
  for (const [template, item] of Object.entries(spec.paths)) {
    if (!template.startsWith('/public/') || !item[method]) continue;
    const names = [];
    const re = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_, n) => { names.push(n); return '([^/]+)'; })}$`);
    const m = re.exec(pathname);
    if (m) return { template, op: item[method], item, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

/** What is wrong with a request against the spec's operation: "where: problem" strings. */
export function checkRequest(spec, r, query, body) {
  const validate = validator(spec);
  const problems = [];
  const deref = (p) => (p.$ref ? p.$ref.split('/').slice(1).reduce((o, k) => o[k], spec) : p);
  for (const p of [...(r.item.parameters || []), ...(r.op.parameters || [])].map(deref)) {
    const raw = p.in === 'path' ? r.params[p.name] : p.in === 'query' ? query.get(p.name) : undefined;
    if (p.in !== 'path' && p.in !== 'query') continue;
    if (raw === undefined || raw === null) { if (p.required) problems.push(`${p.in} ${p.name}: required`); continue; }
    const value = p.schema && p.schema.type === 'integer' ? (/^-?\d+$/.test(raw) ? Number(raw) : raw) : raw;
    problems.push(...validate(value, p.schema || {}).map((e) => `${p.in} ${p.name}${e.slice(e.indexOf(':'))}`));
  }
  const rb = r.op.requestBody;
  if (rb) {
    const schema = rb.content?.['application/json']?.schema;
    if (body === undefined) { if (rb.required) problems.push('body: required (application/json)'); }
    else {
      problems.push(...validate(body, schema).map((e) => `body${e}`));
      const resolved = schema?.$ref ? deref(schema) : schema;
      if (resolved?.properties && body && typeof body === 'object' && !Array.isArray(body)) {
        for (const k of Object.keys(body)) if (!(k in resolved.properties)) problems.push(`body/${k}: not in the spec's ${schema.$ref || 'schema'}`);
      }
    }
  }
  return problems;
}

export async function startChatwoot({ spec = loadSpec(), inbox = 'inbox-' + randomBytes(6).toString('hex'), hmacToken = randomBytes(16).toString('hex'), name = 'Tern & Co. (Chatwoot)', identityValidation = true,
  serverDedupe = true } = {}) {
  // serverDedupe: false behaves as Chatwoot's Rails code does: echo_id is not stored, only carried
  // in the message.created broadcast, and a repeated post is a second message.
  const contacts = new Map();      // source_id → contact
  const byIdentifier = new Map();  // identifier → source_id
  const conversations = new Map(); // id → {id, source_id, status, messages: []}
  const sockets = new Set();
  const problems = [];
  const requests = [];
  const faults = { messagePost: 0, storeBeforeFail: false, slowMs: 0, refuseSockets: false };
  let nextId = 1, nextMessage = 1;

  const agent = { id: 7, name: 'Ana (Chatwoot)', type: 'user', available_name: 'Ana (Chatwoot)', avatar_url: '' };
  const publicContact = (c) => ({ id: c.id, source_id: c.source_id, name: c.name || '', email: c.email || '', pubsub_token: c.pubsub_token });
  const broadcastMessage = (m) => ({ ...m, content_attributes: { ...m.content_attributes }, attachments: [...m.attachments] });
  const publicMessage = (m) => { const o = broadcastMessage(m); if (!serverDedupe) delete o.echo_id; return o; };
  const publicConversation = (c) => ({ id: c.id, inbox_id: inbox, status: c.status, contact_last_seen_at: c.seen || 0,
    messages: c.messages.map(publicMessage), contact: publicContact(contacts.get(c.source_id)) });

  function broadcast(sourceId, event, data) {
    const c = contacts.get(sourceId);
    for (const s of sockets) for (const id of s.subs) {
      if (JSON.parse(id).pubsub_token === c.pubsub_token) s.conn.send(JSON.stringify({ identifier: id, message: { event, data } }));
    }
  }

  function addMessage(conv, { content, type, sender, echoId }) {
    const m = { id: nextMessage++, content, message_type: type, content_type: 'text', content_attributes: {},
      created_at: Math.floor(Date.now() / 1000), conversation_id: conv.id, attachments: [], sender, private: false };
    if (echoId) m.echo_id = echoId;
    conv.messages.push(m);
    // Chatwoot's push payload carries the echo_id so the sender can match its pending message.
    broadcast(conv.source_id, 'message.created', broadcastMessage(m));
    return m;
  }

  const send = (res, status, body, extra = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', ...extra });
    res.end(text);
  };

  async function handle(req, res) {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, PATCH, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' });
      return res.end();
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    const r = route(spec, req.method.toLowerCase(), url.pathname);
    if (!r) return send(res, 404, { error: 'Not Found' });
    let body;
    if (raw) { try { body = JSON.parse(raw); } catch { problems.push(`${req.method} ${r.template}: body is not JSON`); return send(res, 400, { error: 'body is not JSON' }); } }
    if (body === undefined && r.op.requestBody && !r.op.requestBody.required) body = undefined;
    const wrong = checkRequest(spec, r, url.searchParams, body);
    requests.push({ method: req.method, template: r.template, params: r.params, query: Object.fromEntries(url.searchParams), body });
    if (wrong.length) {
      problems.push(...wrong.map((w) => `${req.method} ${r.template}: ${w}`));
      return send(res, 422, { description: 'request does not follow the spec', errors: wrong.map((w) => ({ field: w.split(':')[0], message: w })) });
    }
    const p = r.params;
    if (p.inbox_identifier !== inbox) return send(res, 404, { error: 'Resource could not be found' });
    const t = r.template.slice('/public/api/v1/inboxes/{inbox_identifier}'.length);
    if (t === '' && req.method === 'GET') {
      return send(res, 200, { identifier: inbox, name, timezone: 'UTC', working_hours_enabled: false, working_hours: [],
        csat_survey_enabled: false, greeting_enabled: false, identity_validation_enabled: identityValidation });
    }
    if (t === '/contacts' && req.method === 'POST') {
      if (body.identifier !== undefined || (identityValidation && body.identifier_hash !== undefined)) {
        const good = typeof body.identifier_hash === 'string' && body.identifier_hash === identifierHash(hmacToken, String(body.identifier ?? ''));
        if (identityValidation && !good) return send(res, 401, { error: 'HMAC failed: Invalid Identifier Hash Provided' });
        const known = body.identifier !== undefined && byIdentifier.get(body.identifier);
        if (known) return send(res, 200, publicContact(contacts.get(known)));
      }
      const c = { id: nextId++, source_id: randomUUID(), pubsub_token: randomBytes(12).toString('base64url'), name: body.name, email: body.email,
        identifier: body.identifier, custom_attributes: body.custom_attributes || {} };
      contacts.set(c.source_id, c);
      if (c.identifier !== undefined) byIdentifier.set(c.identifier, c.source_id);
      return send(res, 200, publicContact(c));
    }
    const contact = contacts.get(p.contact_identifier);
    if (!contact) return send(res, 401, { error: 'Contact not found' });
    if (t === '/contacts/{contact_identifier}') {
      if (req.method === 'PATCH') {
        for (const k of ['name', 'email', 'phone_number']) if (typeof body[k] === 'string') contact[k] = body[k];
        if (body.custom_attributes) contact.custom_attributes = { ...contact.custom_attributes, ...body.custom_attributes };
      }
      return send(res, 200, publicContact(contact));
    }
    if (t === '/contacts/{contact_identifier}/conversations') {
      if (req.method === 'GET') return send(res, 200, [...conversations.values()].filter((c) => c.source_id === contact.source_id).map(publicConversation));
      const c = { id: nextId++, source_id: contact.source_id, status: 'open', messages: [], custom_attributes: body.custom_attributes || {} };
      conversations.set(c.id, c);
      return send(res, 200, publicConversation(c));
    }
    const conv = conversations.get(Number(p.conversation_id));
    if (!conv || conv.source_id !== contact.source_id) return send(res, 404, { error: 'Resource could not be found' });
    const rest = t.slice('/contacts/{contact_identifier}/conversations/{conversation_id}'.length);
    if (rest === '') return send(res, 200, publicConversation(conv));
    if (rest === '/messages' && req.method === 'GET') return send(res, 200, conv.messages.map(publicMessage));
    if (rest === '/messages' && req.method === 'POST') {
      // echo_id dedupe: a retried post of the same echo_id answers the message already stored.
      const known = serverDedupe && body.echo_id && conv.messages.find((m) => m.echo_id === body.echo_id);
      if (faults.messagePost > 0) {
        faults.messagePost--;
        if (faults.storeBeforeFail && !known) addMessage(conv, { content: body.content ?? '', type: 0, sender: { ...publicContact(contact), type: 'contact' }, echoId: body.echo_id });
        return send(res, 500, { error: 'Internal Server Error' });
      }
      if (known) return send(res, 200, publicMessage(known));
      return send(res, 200, publicMessage(addMessage(conv, { content: body.content ?? '', type: 0, sender: { ...publicContact(contact), type: 'contact' }, echoId: body.echo_id })));
    }
    if (rest === '/toggle_typing') {
      broadcast(conv.source_id, `conversation.typing_${url.searchParams.get('typing_status') === 'on' ? 'on' : 'off'}`,
        { conversation: { id: conv.id }, user: { ...publicContact(contact), type: 'contact' }, is_private: false });
      return send(res, 200, {});
    }
    if (rest === '/update_last_seen') { conv.seen = Math.floor(Date.now() / 1000); return send(res, 200, {}); }
    if (rest === '/toggle_status') {
      conv.status = conv.status === 'resolved' ? 'open' : 'resolved';
      broadcast(conv.source_id, 'conversation.status_changed', { id: conv.id, status: conv.status });
      return send(res, 200, publicConversation(conv));
    }
    return send(res, 405, { error: 'not simulated' });
  }

  const server = createServer((req, res) => { handle(req, res).catch((e) => send(res, 500, { error: String(e) })); });
  server.on('upgrade', (req, socket) => {
    if (new URL(req.url, 'http://x').pathname !== '/cable' || faults.refuseSockets) { socket.destroy(); return; }
    const conn = accept(req, socket);
    if (!conn) return;
    const s = { conn, subs: new Set() };
    sockets.add(s);
    conn.send(JSON.stringify({ type: 'welcome' }));
    const ping = setInterval(() => conn.send(JSON.stringify({ type: 'ping', message: Math.floor(Date.now() / 1000) })), PING_MS);
    conn.onClose = () => { clearInterval(ping); sockets.delete(s); };
    conn.onText = (text) => {
      let cmd, id;
      try { cmd = JSON.parse(text); id = JSON.parse(cmd.identifier); } catch { problems.push(`cable: not a command: ${text.slice(0, 100)}`); return; }
      if (cmd.command !== 'subscribe') { problems.push(`cable: unexpected command ${cmd.command}`); return; }
      const ok = id && id.channel === 'RoomChannel' && [...contacts.values()].some((c) => c.pubsub_token === id.pubsub_token);
      if (!ok) { conn.send(JSON.stringify({ identifier: cmd.identifier, type: 'reject_subscription' })); return; }
      s.subs.add(cmd.identifier);
      conn.send(JSON.stringify({ identifier: cmd.identifier, type: 'confirm_subscription' }));
    };
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;

  const conversation = (id) => {
    const c = conversations.get(Number(id));
    if (!c) throw new Error(`no conversation ${id}`);
    return c;
  };
  return {
    url, inbox, hmacToken, problems, requests, faults,
    contacts: () => [...contacts.values()],
    conversations: () => [...conversations.values()],
    messages: (id) => conversation(id).messages.map(broadcastMessage),
    subscribed: () => [...sockets].reduce((n, s) => n + s.subs.size, 0),
    /** An agent answers in Chatwoot's dashboard: stored, then broadcast to the contact's room. */
    agentReply: (id, content) => publicMessage(addMessage(conversation(id), { content, type: 1, sender: agent })),
    agentTyping: (id, on) => broadcast(conversation(id).source_id, `conversation.typing_${on ? 'on' : 'off'}`, { conversation: { id: Number(id) }, user: agent, is_private: false }),
    editMessage(id, messageId, content) {
      const m = conversation(id).messages.find((x) => x.id === messageId);
      m.content = content;
      broadcast(conversation(id).source_id, 'message.updated', publicMessage(m));
    },
    setStatus(id, status) { const c = conversation(id); c.status = status; broadcast(c.source_id, 'conversation.status_changed', { id: c.id, status }); },
    /** Cut every websocket without a close frame (a network drop); `refuse` keeps new ones out. */
    dropSockets({ refuse = false } = {}) { faults.refuseSockets = refuse; for (const s of [...sockets]) s.conn.drop(); },
    allowSockets() { faults.refuseSockets = false; },
    stop: () => new Promise((r) => { for (const s of [...sockets]) s.conn.drop(); server.close(() => r()); server.closeAllConnections?.(); }),
  };
}
