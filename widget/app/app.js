// Parley chat app: runs in the widget's iframe (or standalone), talks to the loader by validated
// postMessage and to the relay over HTTP + SSE. Plain DOM; agent text only ever as text nodes.
import { createRelay } from './relay.js';
import { createOutbox, newKey } from './outbox.js';
import { loadCore, prepareText, displayText } from './core.js';
import { loadStrings, applyStrings, negotiate, t, locale, formatTime } from './i18n.js';
import { renderText } from './render.js';
import { buildBubble } from './bubble.js';
import { decorateBotMessage, showQuickReplies, clearQuickReplies } from './self-service.js';
import { wireSuggestions } from './suggest.js';
import { cleanContext } from './context.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const workspaceId = params.get('workspace') || 'demo';
const relayBase = safeRelay(params.get('relay'));
// The backend the loader's data-parley-backend chose: Parley's relay (default) or a Chatwoot inbox.
const chatwoot = params.get('backend') === 'chatwoot' && params.get('inbox') ? { base: safeRelay(params.get('chatwoot')), inbox: params.get('inbox') } : null;
const embedded = window.parent !== window;
// The host page's origin as the browser reports it (unforgeable), else the referrer's.
const hostOrigin = embedded
  ? (location.ancestorOrigins && location.ancestorOrigins[0]) || (document.referrer && new URL(document.referrer).origin) || null
  : null;
const STORAGE = `parley:${workspaceId}`;
const EMOJI = ['😀', '😂', '😊', '😍', '🤔', '😢', '😮', '😡', '👍', '👎', '👏', '🙏', '🎉', '❤️', '🔥', '✅', '❌', '📦', '💳', '🚚', '⏰', '📷', '👋', '🙂'];

const state = {
  config: {}, user: null, context: null, open: !embedded,
  session: loadSession(), workspace: null, lastSeq: 0, readSent: 0, agentRead: 0,
  unread: 0, agentAt: 0, language: null, messages: new Map(), status: null, csatDone: false, core: null, events: null,
};
// Resolved once the outbox is open and the stored session is restored: sending waits for it, so
// a message typed in the first instant is neither lost nor sent under a second visitor.
let startedResolve;
const started = new Promise((r) => { startedResolve = r; });
let relay, outbox, contextTimer = null, typingTimer = null, typingSent = false, typingHide = null;

function safeRelay(raw) {
  // A relay other than the app's own origin would be blocked by connect-src 'self' anyway; accept
  // only http(s) origins so a crafted URL cannot point fetch at something odd.
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  } catch { /* absent or malformed */ }
  return location.origin;
}

function loadSession() {
  try { return JSON.parse(localStorage.getItem(STORAGE)) || {}; } catch { return {}; }
}
function saveSession() {
  try { localStorage.setItem(STORAGE, JSON.stringify(state.session)); } catch { /* storage off */ }
}

// ---------------------------------------------------------------------------------------------
// Loader link: messages only from our parent on the host's origin, only to that origin, and only
// when that origin may embed the chat: the relay's own, or one of the workspace's embed_origins
// (the relay's frame-ancestors already refuses others; this keeps the app from talking to one
// if a browser does not).
// ---------------------------------------------------------------------------------------------
let hostAllowed = false;
function allowedHost(workspace) {
  if (!embedded || !hostOrigin) return false;
  if (hostOrigin === location.origin) return true;
  const list = workspace && workspace.widget && workspace.widget.embed_origins;
  return Array.isArray(list) && list.includes(hostOrigin);
}

function toHost(type, data = {}) {
  if (hostAllowed) window.parent.postMessage({ ...data, parley: 1, type }, hostOrigin);
}

function fromHost(e) {
  if (!hostAllowed || e.source !== window.parent || e.origin !== hostOrigin) return;
  const m = e.data;
  if (!m || typeof m !== 'object' || m.parley !== 1 || typeof m.type !== 'string') return;
  if (m.type === 'init') {
    state.config = m.config && typeof m.config === 'object' ? m.config : {};
    setUser(m.user);
    setContext(m.context);
    setOpen(!!m.open);
    initResolve();
  } else if (m.type === 'context') setContext(m.context);
  else if (m.type === 'user') setUser(m.user);
  else if (m.type === 'open') setOpen(!!m.open);
}
let initResolve;
const initialised = new Promise((r) => { initResolve = r; });

function setContext(ctx) {
  if (!ctx || typeof ctx !== 'object') return;
  state.context = cleanContext(ctx);
  withLanguageHint();
  clearTimeout(contextTimer);
  contextTimer = setTimeout(pushContext, 800);
}
// The language the core detected in the customer's words: a routing hint for the agent side.
function withLanguageHint() {
  if (!state.context || !state.language) return;
  state.context.custom = { ...(state.context.custom || {}), language_detected: state.language };
}

async function pushContext() {
  const id = state.session.conversation;
  if (!id || !state.context || !relay.token) return;
  try { await relay.updateContext(id, state.context); } catch { /* sent again with the next change */ }
}

function setUser(u) {
  if (!u || typeof u !== 'object') { state.user = null; return; }
  const s = (v, n) => (typeof v === 'string' ? v.slice(0, n) : undefined);
  state.user = { user_id: s(u.user_id ?? u.id, 256), identifier_hash: s(u.identifier_hash ?? u.hash, 64), name: s(u.name, 256), email: s(u.email, 320) };
  // A verified user different from the stored visitor starts a fresh session (their own history).
  if (state.user.user_id && state.user.identifier_hash && state.session.user_id !== state.user.user_id && state.session.token) {
    state.session = {};
    saveSession();
    if (relay) { relay.setToken(null); resetConversationView(); outbox.kick(); }
  } else if (relay && relay.token && (state.user.name || state.user.email) && !state.user.identifier_hash) {
    relay.updateVisitor(stripUndefined({ name: state.user.name, email: state.user.email })).catch(() => {});
  }
}

function stripUndefined(o) {
  for (const k of Object.keys(o)) if (o[k] === undefined || o[k] === '') delete o[k];
  return o;
}

function setOpen(open) {
  state.open = open;
  if (open) {
    setUnread(0);
    markRead();
    requestAnimationFrame(() => $('input').focus());
  }
}

function setUnread(n) {
  if (state.unread === n) return;
  state.unread = n;
  toHost('unread', { count: n });
}

// ---------------------------------------------------------------------------------------------
// Session with the relay: visitor token, then the conversation (created lazily on first message)
// ---------------------------------------------------------------------------------------------
async function ensureVisitor() {
  if (relay.token) return;
  const u = state.user;
  let v;
  if (u && u.user_id && u.identifier_hash) {
    try {
      v = await relay.createVisitor({ identity: stripUndefined({ user_id: u.user_id, identifier_hash: u.identifier_hash, name: u.name, email: u.email }) });
    } catch (e) {
      if (e.code !== 'identity_unverified' && e.code !== 'invalid_value') throw e;
      console.warn('Parley: identity not verified, continuing anonymously', e.message);
    }
  }
  if (!v) v = await relay.createVisitor(u ? stripUndefined({ name: u.name, email: u.email }) : {});
  state.session = { visitor: v.visitor_id, token: v.token, user_id: v.verified && u ? u.user_id : undefined };
  relay.setToken(v.token);
  saveSession();
}

async function ensureConversation() {
  await ensureVisitor();
  if (state.session.conversation) return state.session.conversation;
  const body = { channel: 'webchat', locale: locale() };
  if (state.context) body.session_context = state.context;
  let conv;
  try {
    conv = await relay.createConversation(body);
  } catch (e) {
    // A host context the relay refuses must not cost the customer their message: keep the basics.
    if (e.retry || !body.session_context) throw e;
    const c = state.context;
    body.session_context = stripUndefined({ page_url: c.page_url, locale: c.locale, timezone: c.timezone });
    conv = await relay.createConversation(body);
  }
  adoptConversation(conv);
  return conv.id;
}

function adoptConversation(conv) {
  state.session.conversation = conv.id;
  saveSession();
  state.status = conv.status;
  state.agentRead = conv.read_seq_agent || 0;
  state.csatDone = !!conv.csat;
  toHost('active', { active: true });
  startEvents();
}

// Restore an earlier session: the stored conversation, or the visitor's newest one.
async function restore() {
  const u = state.user;
  if (!state.session.token && u && u.user_id && u.identifier_hash) {
    // A verified user on a new device: sign in now, so their earlier conversation shows up.
    try { await ensureVisitor(); } catch (e) { if (!e.retry) notice(t('failed', { reason: e.message })); return; }
  }
  if (!state.session.token) return;
  relay.setToken(state.session.token);
  try {
    let conv = null;
    if (state.session.conversation) conv = await relay.conversation(state.session.conversation).catch((e) => { if (e.retry) throw e; return null; });
    if (!conv) conv = (await relay.conversations()).conversations[0] || null;
    if (conv) { adoptConversation(conv); await catchUp(); showCsatIfDue(); }
  } catch (e) {
    if (e.status === 401) { state.session = {}; saveSession(); relay.setToken(null); }
    else { notice(t('reconnecting')); setTimeout(restore, 3000); }
  }
}

async function catchUp() {
  const id = state.session.conversation;
  if (!id) return;
  for (;;) {
    const r = await relay.messages(id, state.lastSeq);
    r.messages.forEach(showMessage);
    if (!r.has_more || !r.messages.length) break;
  }
  markRead();
}

function startEvents() {
  if (state.events) state.events.close();
  const id = state.session.conversation;
  state.events = relay.events(id, {
    open: () => { notice(''); catchUp().catch(() => {}); },
    error: (rs) => { if (rs !== EventSource.OPEN) notice(t('reconnecting')); },
    message: (m) => { if (m.conversation_id === id) showMessage(m); },
    update: (m) => { if (m.conversation_id === id) updateMessage(m); },
    typing: (d) => {
      if (d.conversation_id !== id || !d.author || d.author.type === 'visitor') return;
      showTyping(d.typing, d.author.name);
      if (d.typing && d.author.type === 'agent') agentActive(Date.now());
    },
    read: (d) => { if (d.conversation_id === id && d.reader === 'agent') { state.agentRead = Math.max(state.agentRead, d.seq | 0); updateReceipts(); } },
    status: (d) => { if (d.conversation_id === id) { state.status = d.status; showCsatIfDue(); } },
    csat: (d) => { if (d.conversation_id === id) { state.csatDone = true; if (!state.rating) $('csat').hidden = true; } },  // rated elsewhere
  });
}

function resetConversationView() {
  if (state.events) { state.events.close(); state.events = null; }
  state.messages.clear();
  state.lastSeq = 0;
  for (const el of [...$('log').children]) if (!el.classList.contains('pending')) el.remove();
}

// ---------------------------------------------------------------------------------------------
// Messages on screen
// ---------------------------------------------------------------------------------------------
function messageEl(key) {
  return $('log').querySelector(`[data-key="${CSS.escape(key)}"]`);
}

function showMessage(m) {
  if (!m || typeof m !== 'object' || typeof m.id !== 'string' || state.messages.has(m.id)) {
    if (m && typeof m.seq === 'number') state.lastSeq = Math.max(state.lastSeq, m.seq);
    // Already shown without its key (a backend whose list omits it): the pending copy goes.
    const pending = m && m.idempotency_key && state.messages.has(m.id) && messageEl(m.idempotency_key);
    if (pending && pending.classList.contains('pending')) pending.remove();
    return;
  }
  state.messages.set(m.id, m);
  state.lastSeq = Math.max(state.lastSeq, m.seq | 0);
  $('welcome').hidden = true;
  const mine = m.author && m.author.type === 'visitor';
  const text = displayText(state.core, String(m.text || ''));  // bidi/invisible tricks removed for display
  const el = buildBubble({ key: m.idempotency_key, mine, name: m.author && m.author.name, text, time: m.created_at,
    attachments: m.attachments, masked: mine ? m.masked : null }, (u) => relay.fileUrl(u));
  el.dataset.seq = m.seq;
  const bot = !mine && m.author && m.author.type === 'system' && m.channel_data && m.channel_data.bot;
  if (bot) decorateBotMessage(el, bot, text);
  const pending = m.idempotency_key && messageEl(m.idempotency_key);
  if (pending) pending.replaceWith(el);
  else insertBySeq(el, m.seq);
  if (!mine) {
    // An agent who answers has read what came before (the relay moves its marker silently).
    if (m.author && m.author.type === 'agent') {
      state.agentRead = Math.max(state.agentRead, m.seq | 0);
      agentActive(Number(m.created_at) || 0);
    }
    showTyping(false);
    toHost('message', { message: { id: m.id, seq: m.seq, text: String(m.text || ''), author: m.author, created_at: m.created_at } });
    if (!state.open || document.hidden) setUnread(state.unread + 1);
    else markRead();
  }
  // Quick replies belong to the newest message only, and only while it is the bot's question.
  if (m.seq >= state.lastSeq) {
    clearQuickReplies($('log'));
    if (bot) showQuickReplies($('log'), el, bot, (choice) => submit(choice.label, [], choice.id));
  }
  updateReceipts();
  scrollDown();
}

// An edited message (Chatwoot's message.updated): the new text, still only as text.
function updateMessage(m) {
  const old = state.messages.get(m.id);
  if (!old) { showMessage(m); return; }
  if (old.text === m.text) return;
  state.messages.set(m.id, { ...old, text: m.text });
  const el = $('log').querySelector(`[data-seq="${CSS.escape(String(m.seq))}"] .text`);
  if (el) renderText(el, displayText(state.core, String(m.text || '')));
}

function insertBySeq(el, seq) {
  const log = $('log');
  // Delivered messages stay in seq order; queued ones (no seq yet) stay at the end.
  const after = [...log.children].find((c) => c.dataset.seq && Number(c.dataset.seq) > seq) || log.querySelector('.pending');
  log.insertBefore(el, after || null);
}

function showPending(entry) {
  const el = buildBubble({ key: entry.key, mine: true, text: displayText(state.core, entry.text || ''), masked: entry.masked,
    attachments: (entry.files || []).map((f) => ({ filename: f.name })) }, (u) => relay.fileUrl(u));
  el.classList.add('pending');
  el.querySelector('.meta').textContent = t('sending');
  $('welcome').hidden = true;
  $('log').append(el);
  scrollDown();
}

function updateReceipts() {
  const log = $('log');
  for (const el of log.querySelectorAll('.receipt')) el.remove();
  const mine = [...log.querySelectorAll('.msg.mine[data-seq]')].filter((el) => Number(el.dataset.seq) <= state.agentRead);
  const last = mine[mine.length - 1];
  if (last) {
    const r = document.createElement('span');
    r.className = 'receipt';
    r.textContent = t('read');
    last.append(r);
  }
}

function showTyping(on, name) {
  const el = $('typing');
  clearTimeout(typingHide);
  el.hidden = !on;
  el.textContent = on ? t('typing', { name: name || t('agent_default') }) : '';
  if (on) typingHide = setTimeout(() => showTyping(false), 8000);
}

function scrollDown() {
  const body = document.querySelector('.body');
  body.scrollTop = body.scrollHeight;
}

function notice(text) { $('notice').textContent = text; }

async function markRead() {
  const id = state.session.conversation;
  if (!id || !state.open || document.hidden || state.lastSeq <= state.readSent) return;
  const seq = state.lastSeq;
  state.readSent = seq;
  try { await relay.read(id, seq); } catch { state.readSent = 0; }
}

// ---------------------------------------------------------------------------------------------
// Sending: validate and mask, persist in the outbox, deliver in order exactly once
// ---------------------------------------------------------------------------------------------
let sendChain = Promise.resolve();

function submit(text, files = [], choice = null) {
  const key = newKey();  // the idempotency key exists from the moment the customer hits Send
  sendChain = sendChain.then(() => enqueue(key, text, files, choice)).catch((e) => console.error('Parley:', e));
  return sendChain;
}

async function enqueue(key, text, files, choice = null) {
  let masked = [];
  if (text) {
    const prepared = await prepareText(location.origin, text, state.context && state.context.locale);
    if (prepared.problems.length) { notice(t('invalid_text', { reason: prepared.problems[0].message })); return; }
    text = prepared.text;
    masked = prepared.masked;
    if (prepared.language && prepared.language !== state.language && state.context) {
      state.language = prepared.language;
      withLanguageHint();
      clearTimeout(contextTimer);
      contextTimer = setTimeout(pushContext, 800);
    }
  }
  const entry = { key, text, masked, files: files.map((f) => ({ blob: f, name: f.name, type: f.type })), created_at: Date.now() };
  if (choice) entry.choice = choice;  // a quick reply: the bot gets its id with the words it showed
  showPending(entry);
  await started;
  await outbox.add(entry);
}

async function deliver(entry) {
  try {
    const id = await ensureConversation();
    if (entry.files.length && !entry.uploads) {
      const ids = [];
      for (const f of entry.files) ids.push((await relay.upload(f.blob, f.name)).id);
      entry.uploads = ids;
    }
    const body = { idempotency_key: entry.key };
    if (entry.text) body.text = entry.text;
    if (entry.uploads && entry.uploads.length) body.attachments = entry.uploads;
    if (entry.masked && entry.masked.length) body.masked = entry.masked;
    if (entry.choice) body.choice = entry.choice;
    return await relay.send(id, body);
  } catch (e) {
    // The relay lost our visitor or conversation (data reset): start over, keep the message.
    if (e.status === 401 && e.code !== 'identity_rejected') { state.session = {}; relay.setToken(null); saveSession(); resetConversationView(); e.retry = true; }
    else if (e.status === 404 && e.code === 'not_found') { delete state.session.conversation; saveSession(); resetConversationView(); e.retry = true; }
    throw e;
  }
}

function onDelivered(entry, msg) {
  showMessage(msg);
}

function onFailed(entry, err) {
  const el = messageEl(entry.key);
  if (el) {
    el.classList.remove('pending');
    el.classList.add('failed');
    el.querySelector('.meta').textContent = t('failed', { reason: err.message });
  }
}

function onOutboxState(s) {
  if (s.waiting) notice(navigator.onLine ? t('retrying') : t('offline_queued'));
  else if ($('notice').textContent === t('offline_queued') || $('notice').textContent === t('retrying')) notice('');
}

function sendTyping(on) {
  const id = state.session.conversation;
  if (!id || typingSent === on) return;
  typingSent = on;
  relay.typing(id, on).catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// Availability, offline e-mail, CSAT, transcript, emoji, attachments
// ---------------------------------------------------------------------------------------------
function replyTime(min) {
  if (min < 60) return t('minutes', { n: Math.max(1, Math.round(min)) });
  if (min < 60 * 24) return t('hours', { n: Math.round(min / 60) });
  return t('days', { n: Math.round(min / 1440) });
}

async function loadWorkspace(pending) {
  try {
    const w = await pending;
    if (!w) throw new Error('workspace unavailable');
    state.workspace = agentRecent() ? { ...w, away: false } : w;
    // The business name keeps its own direction inside an RTL header ("Tern & Co." stays as is).
    const name = document.createElement('bdi');
    name.textContent = w.name || t('title');
    $('title').replaceChildren(name);
    showAvailability(state.workspace);
    if (w.widget && w.widget.attachments && w.widget.attachments.content_types) $('file').accept = w.widget.attachments.content_types.join(',');
    if (w.widget && w.widget.attachments === false) $('file').closest('label').hidden = true;  // a backend without files
  } catch { /* availability is a hint; chatting works without it */ }
}

// An agent who is answering right now is there, whatever the relay counted at load time (it counts
// open agent consoles; an agent may answer from another tool): no "we are away" beside a live reply.
const AGENT_ACTIVE_MS = 10 * 60000;
const agentRecent = () => Date.now() - state.agentAt < AGENT_ACTIVE_MS;
function agentActive(at) {
  state.agentAt = Math.max(state.agentAt, at);
  const w = state.workspace;
  if (!w || !w.away || !agentRecent()) return;
  state.workspace = { ...w, away: false };
  showAvailability(state.workspace);
}

function showAvailability(w) {
  const el = $('availability');
  if (w.away) {
    el.textContent = t('away_short');
    $('away-text').textContent = w.open_now ? t('away_no_agents') : t('away_closed', { hours: formatHours(w) });
    const capture = !w.widget || w.widget.offline_email_capture !== false;
    $('email-form').hidden = !capture;
    $('away').hidden = false;
  } else {
    el.textContent = t('reply_time', { time: replyTime(w.expected_reply_minutes || 5) });
    $('away').hidden = true;
  }
}

function formatHours(w) {
  const hours = w.business_hours || [];
  if (!hours.length) return '';
  const days = new Intl.DateTimeFormat(locale(), { weekday: 'short', timeZone: 'UTC' });
  const dayName = (d) => days.format(Date.UTC(2023, 0, 1 + d));  // 2023-01-01 was a Sunday
  const parts = hours.map((h) => `${dayName(h.day)} ${h.open}–${h.close}`);
  return `${parts.join(', ')} (${w.timezone})`;
}

async function saveEmail(e) {
  e.preventDefault();
  const input = $('email'), status = $('email-status');
  const email = input.value.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    input.setAttribute('aria-invalid', 'true');
    status.textContent = t('email_invalid');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  try {
    await ensureVisitor();
    await relay.updateVisitor({ email });
    status.textContent = t('email_saved', { email });
  } catch (err) {
    status.textContent = t('failed', { reason: err.message });
  }
}

function showCsatIfDue() {
  if (state.rating) return;  // rated here: keep the thanks on screen
  const due = (state.status === 'resolved' || state.status === 'closed') && !state.csatDone &&
    !(state.workspace && state.workspace.widget && state.workspace.widget.csat === false);
  $('csat').hidden = !due;
  if (due) scrollDown();
}

function buildCsat() {
  const row = $('csat-row');
  const faces = ['😞', '🙁', '😐', '🙂', '😄'];
  faces.forEach((face, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'csat-btn';
    b.textContent = face;
    b.setAttribute('aria-label', t(`csat_${i + 1}`));
    b.title = t(`csat_${i + 1}`);
    b.addEventListener('click', async () => {
      const id = state.session.conversation;
      if (!id) return;
      state.rating = true;
      try {
        await relay.csat(id, i + 1);
        state.csatDone = true;
        row.hidden = true;
        $('csat-status').textContent = t('csat_thanks');
      } catch (err) {
        state.rating = false;
        $('csat-status').textContent = t('failed', { reason: err.message });
      }
    });
    row.append(b);
  });
}

function downloadTranscript() {
  const lines = [`${t('transcript_title')} — ${state.workspace ? state.workspace.name : ''}`, ''];
  const ordered = [...state.messages.values()].sort((a, b) => a.seq - b.seq);
  for (const m of ordered) {
    const who = m.author && m.author.type === 'visitor' ? t('you') : (m.author && m.author.name) || t('agent_default');
    const when = new Date(m.created_at).toLocaleString(locale());
    const files = (m.attachments || []).map((a) => ` [${a.filename || t('attachment')}]`).join('');
    lines.push(`[${when}] ${who}: ${m.text || ''}${files}`);
  }
  const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/plain;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `transcript-${state.session.conversation || 'chat'}.txt`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function buildEmoji() {
  const panel = $('emoji-panel'), btn = $('emoji'), input = $('input');
  for (const e of EMOJI) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'emoji';
    b.textContent = e;
    b.addEventListener('click', () => {
      const s = input.selectionStart ?? input.value.length, end = input.selectionEnd ?? s;
      input.setRangeText(e, s, end, 'end');
      input.focus();
    });
    panel.append(b);
  }
  const toggle = (open) => {
    panel.hidden = !open;
    btn.setAttribute('aria-expanded', String(open));
    if (open) panel.querySelector('button').focus();
  };
  btn.addEventListener('click', () => toggle(panel.hidden));
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); toggle(false); btn.focus(); } });
}

function onFile(e) {
  const file = e.target.files && e.target.files[0];
  e.target.value = '';
  if (!file) return;
  const limits = state.workspace && state.workspace.widget && state.workspace.widget.attachments;
  if (limits && limits.max_bytes && file.size > limits.max_bytes) {
    notice(t('attachment_too_big', { size: `${Math.round(limits.max_bytes / 1048576)} MB` }));
    return;
  }
  if (limits && limits.content_types && !limits.content_types.includes(file.type)) {
    notice(t('attachment_type'));
    return;
  }
  submit('', [file]);
}

// ---------------------------------------------------------------------------------------------
// Composer: Enter sends, Shift+Enter breaks the line, never while an IME is composing
// ---------------------------------------------------------------------------------------------
function wireComposer() {
  const input = $('input'), form = $('composer');
  let composing = false;
  // Articles as the customer types (the Parley relay's public articles; none on a Chatwoot backend).
  const suggestions = chatwoot ? { clear() {} } : wireSuggestions({ input, box: $('suggestions'), origin: location.origin,
    articlesUrl: new URL('/api/v1/knowledge/articles', relayBase || location.origin).href,
    locale: () => state.language || (state.context && state.context.locale) || locale() });
  input.addEventListener('compositionstart', () => { composing = true; });
  input.addEventListener('compositionend', () => { composing = false; });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey) return;
    // keyCode 229: Safari ends composition before the Enter that confirmed it.
    if (e.isComposing || composing || e.keyCode === 229) return;
    e.preventDefault();
    form.requestSubmit();
  });
  input.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
    sendTyping(input.value.length > 0);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => sendTyping(false), 4000);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    input.style.height = 'auto';
    sendTyping(false);
    suggestions.clear();
    submit(text);
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && embedded) toHost('close'); });
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------
async function main() {
  window.addEventListener('message', fromHost);
  // Start the slow parts at once: the core (wasm) and the strings for the locale in our URL.
  const core = loadCore(location.origin);
  const hinted = params.get('locale') || navigator.language;
  const strings = loadStrings(hinted);
  // Loaded only on that backend, so relay customers do not download it on first open.
  relay = chatwoot ? (await import('./chatwoot.js')).createChatwoot(chatwoot.base, chatwoot.inbox) : createRelay(relayBase);
  // A host on another origin is checked against the workspace's list before anything is posted.
  const workspace = relay.workspace().catch(() => null);
  hostAllowed = allowedHost(hostOrigin === location.origin ? null : await workspace);
  if (hostAllowed) {
    toHost('ready');
    await Promise.race([initialised, new Promise((r) => setTimeout(r, 3000))]);
  }
  await strings;
  if (state.config.locale && negotiate(state.config.locale) !== locale()) await loadStrings(state.config.locale);
  applyStrings(document);
  buildEmoji();
  buildCsat();
  wireComposer();
  $('close').hidden = !embedded;
  $('close').addEventListener('click', () => toHost('close'));
  $('transcript').addEventListener('click', downloadTranscript);
  $('email-form').addEventListener('submit', saveEmail);
  $('file').addEventListener('change', onFile);
  document.addEventListener('visibilitychange', markRead);

  outbox = await createOutbox({ name: `${STORAGE}:outbox`, deliver, onDelivered, onFailed, onState: onOutboxState });
  window.addEventListener('online', () => outbox.kick());
  core.then((c) => {
    state.core = c;
    // For tests and `parley bench widget`: which methods the core offers, and when it was ready.
    document.documentElement.dataset.core = c ? [...c.methods].join(' ') : 'unavailable';
    document.documentElement.dataset.coreAt = String(Math.round(performance.timeOrigin + performance.now()));
  });
  loadWorkspace(workspace);  // availability is a hint: the chat is usable before it arrives
  await restore();
  for (const entry of await outbox.all()) if (!messageEl(entry.key)) showPending(entry);
  startedResolve();
  outbox.flush();
  if (state.open) $('input').focus();
  document.documentElement.dataset.readyAt = String(Math.round(performance.timeOrigin + performance.now()));
  document.documentElement.dataset.ready = '1';
}

main();
