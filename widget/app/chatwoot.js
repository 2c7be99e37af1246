// Chatwoot backend for the chat app: the same interface as relay.js (createRelay), spoken in
// Chatwoot's public Client API (/public/api/v1/inboxes/{inbox}/…) and its ActionCable websocket
// (/cable, RoomChannel). app.js never knows which backend it runs on. docs/widget.md, "Chatwoot".
import { RelayError } from './relay.js';

// Chatwoot's wire shapes: message_type is an integer (the swagger says string; Rails sends the enum's
// integer, older builds its name), created_at unix seconds. Both spellings are accepted.
export const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];

export function messageType(v) {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return MESSAGE_TYPES.indexOf(v);
}

/** Unix seconds (number or digits), milliseconds or ISO text → milliseconds; 0 when unknown. */
export function toMillis(v) {
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) v = Number(v);
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? Math.round(v * 1000) : Math.round(v);
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : 0;
}

function attributes(m) {
  const a = m.content_attributes;
  if (a && typeof a === 'object') return a;
  if (typeof a === 'string') { try { const o = JSON.parse(a); return o && typeof o === 'object' ? o : {}; } catch { return {}; } }
  return {};
}

/**
 * A Chatwoot message → the app's message ({id, seq, conversation_id, text, author, created_at,
 * idempotency_key, attachments}); null for what the customer does not see as a bubble (activity
 * lines, private notes, malformed data).
 */
export function mapMessage(m, key) {
  if (!m || typeof m !== 'object') return null;
  const id = Number(m.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const type = messageType(m.message_type);
  if (type !== 0 && type !== 1 && type !== 3) return null;
  if (m.private === true) return null;
  const attrs = attributes(m);
  if (attrs.deleted) return null;
  const sender = m.sender && typeof m.sender === 'object' ? m.sender : {};
  const author = type === 0 ? { type: 'visitor', name: typeof sender.name === 'string' ? sender.name : undefined }
    : { type: type === 3 || sender.type === 'agent_bot' ? 'bot' : 'agent', name: typeof sender.name === 'string' ? sender.name : (typeof sender.available_name === 'string' ? sender.available_name : undefined) };
  const echo = typeof m.echo_id === 'string' ? m.echo_id : typeof attrs.echo_id === 'string' ? attrs.echo_id : key;
  return {
    id: `cw-${id}`,
    seq: id,
    conversation_id: String(m.conversation_id ?? ''),
    text: typeof m.content === 'string' ? m.content : '',
    author,
    created_at: toMillis(m.created_at),
    idempotency_key: echo || undefined,
    attachments: (Array.isArray(m.attachments) ? m.attachments : []).filter((a) => a && typeof a === 'object').map((a) => ({
      url: typeof a.data_url === 'string' ? a.data_url : undefined,
      filename: typeof a.file_name === 'string' ? a.file_name : undefined,
      content_type: a.file_type === 'image' ? 'image/*' : undefined,
    })),
  };
}

// Chatwoot statuses: open, pending, snoozed, resolved (the app shows CSAT on resolved).
export function mapConversation(c) {
  if (!c || typeof c !== 'object' || !Number.isInteger(Number(c.id))) return null;
  return { id: String(c.id), status: typeof c.status === 'string' ? c.status : 'open', read_seq_agent: 0, csat: null };
}

/** Chatwoot's contact custom_attributes from the session context: flat strings, bounded. */
export function contextAttributes(ctx) {
  const out = {};
  if (!ctx || typeof ctx !== 'object') return out;
  for (const k of ['page_url', 'page_title', 'referrer', 'locale', 'timezone']) if (typeof ctx[k] === 'string' && ctx[k]) out[k] = ctx[k].slice(0, 500);
  if (ctx.custom && typeof ctx.custom.language_detected === 'string') out.language_detected = ctx.custom.language_detected;
  return out;
}

/** One ActionCable frame from the server → {kind, …} (welcome, ping, confirm, reject, disconnect, event). */
export function parseCable(raw, identifier) {
  let f;
  try { f = JSON.parse(raw); } catch { return { kind: 'invalid' }; }
  if (!f || typeof f !== 'object') return { kind: 'invalid' };
  if (f.type === 'welcome') return { kind: 'welcome' };
  if (f.type === 'ping') return { kind: 'ping', at: f.message };
  if (f.type === 'disconnect') return { kind: 'disconnect', reconnect: f.reconnect !== false, reason: f.reason };
  if (f.identifier !== identifier) return { kind: 'other' };
  if (f.type === 'confirm_subscription') return { kind: 'confirm' };
  if (f.type === 'reject_subscription') return { kind: 'reject' };
  const m = f.message;
  if (m && typeof m === 'object' && typeof m.event === 'string') return { kind: 'event', event: m.event, data: m.data };
  return { kind: 'other' };
}

/** A cable event → the app's handler name and payload, or null when it is not for this conversation. */
export function mapEvent(event, data, conversationId) {
  if (!data || typeof data !== 'object') return null;
  if (event === 'message.created' || event === 'message.updated') {
    const m = mapMessage(data);
    return m && m.conversation_id === conversationId ? { type: event === 'message.created' ? 'message' : 'update', data: m } : null;
  }
  if (event === 'conversation.status_changed') {
    return String(data.id) === conversationId && typeof data.status === 'string' ? { type: 'status', data: { conversation_id: conversationId, status: data.status } } : null;
  }
  if (event === 'conversation.typing_on' || event === 'conversation.typing_off') {
    const conv = data.conversation && String(data.conversation.id);
    const user = data.user && typeof data.user === 'object' ? data.user : {};
    if (conv !== conversationId || data.is_private || user.type === 'contact') return null;
    return { type: 'typing', data: { conversation_id: conversationId, typing: event === 'conversation.typing_on', author: { type: 'agent', name: user.name || user.available_name } } };
  }
  return null;
}

function chatwootError(status, body) {
  // Chatwoot answers {error: "…"}, {message: "…"} or the spec's {description, errors[]}.
  const message = body && (typeof body.error === 'string' ? body.error : body.message || body.description);
  return new RelayError(status, { error: { code: `http_${status}`, message: message || `HTTP ${status}` } });
}

/**
 * createChatwoot(base, inbox): base = Chatwoot's origin, inbox = the website inbox's identifier.
 * The session token the app stores is {source_id, pubsub_token} as JSON.
 */
export function createChatwoot(base, inbox, storage = globalThis.localStorage) {
  let session = null, token = null;
  const echoes = new Map();   // echo_id → message seen on the cable (a lost POST answer)
  // echo_id → highest message id known before its first POST; kept in storage so a retry after a
  // reload still knows the first try happened (the outbox outlives the page).
  const TRIED = `parley:chatwoot:${inbox}:tried`;
  const tried = new Map((() => { try { return Object.entries(JSON.parse(storage.getItem(TRIED)) || {}); } catch { return []; } })());
  const keepTried = () => { try { storage.setItem(TRIED, JSON.stringify(Object.fromEntries([...tried].slice(-200)))); } catch { /* storage off */ } };
  const claimed = new Map();  // message id → the echo_id it answered (lists omit echo_id)
  let highest = 0;
  const seen = (m) => { if (m) highest = Math.max(highest, m.seq); return m; };
  const root = `/public/api/v1/inboxes/${encodeURIComponent(inbox)}`;
  const contact = () => {
    if (!session) throw new RelayError(401, { error: { code: 'no_contact', message: 'no Chatwoot contact yet' } });
    return `${root}/contacts/${encodeURIComponent(session.source_id)}`;
  };
  const conv = (id) => `${contact()}/conversations/${encodeURIComponent(id)}`;

  async function request(method, path, body) {
    const h = {};
    if (body !== undefined) h['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(new URL(path, base), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit' });
    } catch {
      throw new RelayError(0, { error: { code: 'network', message: 'network unreachable' } });
    }
    let data = null;
    try { data = await res.json(); } catch { /* empty or not JSON */ }
    if (!res.ok) throw chatwootError(res.status, data);
    return data;
  }

  async function listMessages(id) {
    const list = await request('GET', `${conv(id)}/messages`);
    return (Array.isArray(list) ? list : []).map((m) => seen(mapMessage(m, claimed.get(Number(m && m.id))))).filter(Boolean);
  }

  return {
    get token() { return token; },
    setToken(t) {
      token = t;
      session = null;
      try { const s = t && JSON.parse(t); if (s && typeof s.source_id === 'string') session = s; } catch { /* not ours: no session */ }
    },
    async workspace() {
      const i = await request('GET', root);
      // CSAT on Chatwoot is a survey message and attachments need multipart: neither is offered here.
      return { name: i && i.name, away: false, timezone: i && i.timezone, widget: { csat: false, attachments: false, offline_email_capture: true } };
    },
    async createVisitor(body = {}) {
      const id = body.identity;
      const payload = {};
      if (id) { payload.identifier = String(id.user_id); payload.identifier_hash = String(id.identifier_hash); }
      const who = id || body;
      if (typeof who.name === 'string') payload.name = who.name;
      if (typeof who.email === 'string') payload.email = who.email;
      let c;
      try {
        c = await request('POST', `${root}/contacts`, payload);
      } catch (e) {
        if (id && e.status === 401) {
          // Not a reason to chat anonymously: the site's identity setup is wrong, say so.
          throw new RelayError(401, { error: { code: 'identity_rejected', message: `identity not accepted by Chatwoot (identifier_hash): ${e.message}`, path: '/identifier_hash' } });
        }
        throw e;
      }
      if (!c || typeof c.source_id !== 'string' || typeof c.pubsub_token !== 'string') throw new RelayError(502, { error: { code: 'bad_contact', message: 'Chatwoot answered a contact without source_id/pubsub_token' } });
      const t = JSON.stringify({ source_id: c.source_id, pubsub_token: c.pubsub_token });
      return { visitor_id: c.source_id, token: t, verified: !!id };
    },
    updateVisitor: (body) => request('PATCH', contact(), body),
    me: () => request('GET', contact()),
    async conversations() {
      const list = await request('GET', `${contact()}/conversations`);
      const out = (Array.isArray(list) ? list : []).map(mapConversation).filter(Boolean);
      return { conversations: out.sort((a, b) => Number(b.id) - Number(a.id)) };
    },
    async createConversation(body = {}) {
      const c = mapConversation(await request('POST', `${contact()}/conversations`, { custom_attributes: contextAttributes(body.session_context) }));
      if (!c) throw new RelayError(502, { error: { code: 'bad_conversation', message: 'Chatwoot answered a conversation without id' } });
      return c;
    },
    async conversation(id) {
      const c = mapConversation(await request('GET', conv(id)));
      if (!c) throw new RelayError(404, { error: { code: 'not_found', message: 'conversation not found' } });
      return c;
    },
    // Chatwoot's public API cannot change a conversation: the context goes on the contact.
    updateContext: (id, ctx) => request('PATCH', contact(), { custom_attributes: contextAttributes(ctx) }),
    async messages(id, after) {
      const messages = (await listMessages(id)).filter((m) => m.seq > (after | 0));
      return { messages: messages.sort((a, b) => a.seq - b.seq), has_more: false };
    },
    async send(id, msg) {
      const key = msg.idempotency_key;
      if (msg.attachments && msg.attachments.length) throw new RelayError(415, { error: { code: 'unsupported', message: 'attachments are not supported on the Chatwoot backend' } });
      // A retry: the first POST may have been stored with its answer lost, and Chatwoot itself does
      // not dedupe by echo_id. Its broadcast carries the echo_id; failing that, the list: a visitor
      // message with this echo_id, or with this text, newer than what was known before the first
      // try and not already the answer for another key.
      if (tried.has(key)) {
        const found = echoes.get(key) || (await listMessages(id)).find((m) => m.author.type === 'visitor' && !claimed.has(m.seq) &&
          (m.idempotency_key === key || (!m.idempotency_key && m.seq > tried.get(key) && m.text === (msg.text || ''))));
        if (found) { claimed.set(found.seq, key); tried.delete(key); keepTried(); return { ...found, idempotency_key: key }; }
      } else { tried.set(key, highest); keepTried(); }
      const m = seen(mapMessage(await request('POST', `${conv(id)}/messages`, { content: msg.text || '', echo_id: key }), key));
      if (!m) throw new RelayError(502, { error: { code: 'bad_message', message: 'Chatwoot answered a message without id' } });
      claimed.set(m.seq, key);
      tried.delete(key);
      keepTried();
      return m;
    },
    // The spec asks for typing_status both in the query and in the body.
    typing: (id, on) => request('POST', `${conv(id)}/toggle_typing?typing_status=${on ? 'on' : 'off'}`, { typing_status: on ? 'on' : 'off' }),
    read: (id) => request('POST', `${conv(id)}/update_last_seen`),
    csat: () => Promise.reject(new RelayError(501, { error: { code: 'unsupported', message: 'CSAT is not offered on the Chatwoot backend' } })),
    upload: () => Promise.reject(new RelayError(415, { error: { code: 'unsupported', message: 'attachments are not supported on the Chatwoot backend' } })),
    fileUrl: (url) => new URL(url, base).href,
    /**
     * Live events over ActionCable. Chatwoot replays nothing, so every confirmed (re)subscription
     * calls `open`, and the app re-fetches. No ping for 10 s (the server pings every 3 s) = dead.
     */
    events(conversationId, handlers) {
      const url = new URL('/cable', base);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const identifier = JSON.stringify({ channel: 'RoomChannel', pubsub_token: session && session.pubsub_token });
      let ws = null, closed = false, delay = 500, watchdog = null, retry = null;
      const dead = () => { clearTimeout(watchdog); watchdog = setTimeout(() => ws && ws.close(), 10000); };
      function connect() {
        ws = new WebSocket(url.href);
        dead();
        ws.onmessage = (e) => {
          const f = parseCable(e.data, identifier);
          dead();
          if (f.kind === 'welcome') ws.send(JSON.stringify({ command: 'subscribe', identifier }));
          else if (f.kind === 'confirm') { delay = 500; handlers.open && handlers.open(); }
          else if (f.kind === 'reject') { closed = true; ws.close(); handlers.error && handlers.error(2); }
          else if (f.kind === 'disconnect') { if (!f.reconnect) closed = true; ws.close(); }
          else if (f.kind === 'event') {
            if (f.event === 'message.created' && f.data && typeof f.data.echo_id === 'string') {
              const m = seen(mapMessage(f.data));
              if (m) { echoes.set(f.data.echo_id, m); claimed.set(m.seq, f.data.echo_id); }
            }
            const ev = mapEvent(f.event, f.data, conversationId);
            if (ev && handlers[ev.type]) handlers[ev.type](ev.data);
          }
        };
        ws.onclose = () => {
          clearTimeout(watchdog);
          handlers.error && handlers.error(2);  // EventSource.CLOSED: the app shows "reconnecting"
          if (closed) return;
          retry = setTimeout(connect, delay);
          delay = Math.min(delay * 2, 8000);
        };
      }
      connect();
      return { close() { closed = true; clearTimeout(watchdog); clearTimeout(retry); if (ws) ws.close(); } };
    },
  };
}
