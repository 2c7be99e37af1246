// The agent console: sign in with the agent token, a live inbox, a conversation with its session
// context, replies with idempotency keys (a retried send never duplicates), status changes, and
// the Assist host. Live updates come from the relay's SSE stream.
import { relayApi } from './api.js';
import { mountAssist } from './assist-host.js';
import { channelChip, channelStateNodes, composeExtras, contactHandle, refusalText } from './channel.js';
import { contextRows, el, inboxItem, messageItem, visitorName } from './render.js';
import { pickLanguage, setLanguage, t } from './strings.js';

const $ = (id) => document.getElementById(id);
const state = {
  api: null,
  source: null,
  conversations: new Map(),  // id → Conversation
  selected: null,            // id
  messages: [],              // of the selected conversation, by seq
  pending: null,             // {text, key}: a reply not yet acknowledged keeps its idempotency key
  typingTimer: 0,
  assist: { update() {} },
  filter: '',
  channelFilter: '',
  channelState: null,        // the relay's GET …/channel for the selected conversation
  extras: { read: () => ({}) },  // the reply fields the channel needs now (template, tag, subject)
};

// ---- language -------------------------------------------------------------------------------
function applyLanguage(lang) {
  const chosen = setLanguage(lang);
  localStorage.setItem('parley.console.lang', chosen);
  $('lang-select').value = chosen;
  renderInbox();
  renderConversation();
}

// ---- sign in ----------------------------------------------------------------------------------
async function signIn(token) {
  const api = relayApi(token);
  try {
    await api.inbox();
  } catch (e) {
    $('login-error').textContent = e.status === 401 ? t('login_failed') : t('network_error');
    return false;
  }
  state.api = api;
  sessionStorage.setItem('parley.console.token', token);
  $('login').hidden = true;
  $('workspace').hidden = false;
  $('logout').hidden = false;
  await refreshInbox();
  connect();
  state.assist = await mountAssist($('assist-host'), {
    token,
    onInsertDraft: (text) => { $('reply-text').value = text; $('reply-text').focus(); },
    onSend: (text, extra) => sendReply(text, extra),
  });
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('c');
  if (fromHash && state.conversations.has(fromHash)) await select(fromHash, false);
  else pushAssist();
  return true;
}

function signOut() {
  sessionStorage.removeItem('parley.console.token');
  state.source?.close();
  location.hash = '';
  location.reload();
}

// ---- inbox ------------------------------------------------------------------------------------
async function refreshInbox() {
  const { conversations } = await state.api.inbox();
  state.conversations = new Map(conversations.map((c) => [c.id, c]));
  renderInbox();
}

function sortedConversations() {
  return [...state.conversations.values()]
    .filter((c) => !state.filter || c.status === state.filter)
    .filter((c) => !state.channelFilter || (c.channel || 'webchat') === state.channelFilter)
    .sort((a, b) => (b.last_message_at || b.created_at) - (a.last_message_at || a.created_at));
}

function renderInbox() {
  const list = $('inbox-list');
  if (!state.api) return;
  const items = sortedConversations();
  list.replaceChildren(...items.map((c) => inboxItem(c, c.id === state.selected)));
  $('inbox-empty').hidden = items.length > 0;
}

// ---- conversation -----------------------------------------------------------------------------
async function select(id, focus = true) {
  state.selected = id;
  state.pending = null;
  $('reply-error').textContent = '';
  history.replaceState(null, '', `#c=${encodeURIComponent(id)}`);
  const [conversation, messages] = await Promise.all([state.api.conversation(id), state.api.messages(id)]);
  if (state.selected !== id) return;  // another selection won the race
  state.conversations.set(id, conversation);
  state.messages = messages;
  state.channelState = null;
  await refreshChannel(id);
  renderInbox();
  renderConversation();
  pushAssist();
  await markRead();
  if (focus) $('conv-title').focus();
}

async function markRead() {
  const c = state.conversations.get(state.selected);
  if (!c || c.read_seq_agent >= c.last_seq) return;
  try {
    const updated = await state.api.read(c.id, c.last_seq);
    state.conversations.set(c.id, updated);
    renderInbox();
  } catch { /* a later read catches up */ }
}

function renderConversation() {
  const c = state.selected && state.conversations.get(state.selected);
  $('no-selection').hidden = Boolean(c);
  $('conv-body').hidden = !c;
  if (!c) { $('context-list').replaceChildren(); return; }
  const v = c.visitor || {};
  $('conv-title').textContent = visitorName(c) + (v.verified ? ` (${t('verified')})` : '');
  const handle = contactHandle(c) === visitorName(c) ? '' : contactHandle(c);
  $('conv-channel').replaceChildren(channelChip(c.channel || 'webchat'), ...(handle ? [document.createTextNode(handle)] : []));
  $('status-select').value = c.status;
  const list = $('messages');
  const opts = { readSeqVisitor: c.read_seq_visitor || 0, attachmentUrl: (a) => state.api.attachmentUrl(a) };
  list.replaceChildren(...state.messages.map((m) => messageItem(m, opts)));
  if (!state.messages.length) list.append(el('li', { class: 'empty', text: t('no_messages') }));
  $('message-log').scrollTop = $('message-log').scrollHeight;
  $('context-list').replaceChildren(...contextRows(c));
  renderChannel();
}

// ---- the conversation's channel: identity, window, what a reply needs now ---------------------
async function refreshChannel(id) {
  const c = state.conversations.get(id);
  if (!c || (c.channel || 'webchat') === 'webchat') { state.channelState = null; return; }
  try {
    const s = await state.api.channel(id);
    if (state.selected === id) state.channelState = s;
  } catch { state.channelState = null; }
}

function renderChannel() {
  const c = state.selected && state.conversations.get(state.selected);
  const s = c && state.channelState && state.channelState.channel === c.channel ? state.channelState : null;
  $('channel-state').replaceChildren(...channelStateNodes(s));
  $('channel-state').hidden = !s;
  // Rebuilt only when the window changes, so a half-filled template is not wiped by every event.
  const key = s ? JSON.stringify([c.id, s.window?.free_form, s.window?.requires, s.window?.options, s.template_details]) : '';
  if ($('reply-extras').dataset.key === key) return;
  $('reply-extras').dataset.key = key;
  state.extras = composeExtras(s, c || {});
  $('reply-extras').replaceChildren(...state.extras.nodes);
  $('reply-extras').hidden = !state.extras.nodes.length;
}

function addMessage(m) {
  if (m.conversation_id !== state.selected) return;
  if (state.messages.some((x) => x.seq === m.seq)) return;
  state.messages.push(m);
  state.messages.sort((a, b) => a.seq - b.seq);
  renderConversation();
  pushAssist();
}

function pushAssist() {
  const c = state.selected ? state.conversations.get(state.selected) : null;
  state.assist.update(c ? structuredClone(c) : null, c ? structuredClone(state.messages) : []);
}

// ---- replying ---------------------------------------------------------------------------------
async function sendReply(text, fromAssist = {}) {
  const id = state.selected;
  text = String(text ?? '').trim();
  let extra;
  try {
    extra = { ...state.extras.read(), ...fromAssist };
  } catch (e) {
    $('reply-error').textContent = e.message;
    return;
  }
  if (!id || (!text && !extra.template)) return;
  // Same text again after a failure → same key, so a reply that did reach the relay is not doubled.
  if (!state.pending || state.pending.text !== text) state.pending = { text, key: crypto.randomUUID() };
  const { key } = state.pending;
  $('send').disabled = true;
  try {
    const message = await state.api.send(id, text, key, extra);
    state.pending = null;
    if ($('reply-text').value.trim() === text) $('reply-text').value = '';
    $('reply-error').textContent = '';
    addMessage(message);
  } catch (e) {
    // A refusal (the channel's window, consent) is final for this text: say why, not "retry".
    if (e.status === 409 || e.status === 422) {
      state.pending = null;
      $('reply-error').textContent = t('send_refused', { reason: refusalText(e.details) });
      await refreshChannel(id);
      renderChannel();
    } else {
      $('reply-error').textContent = t('send_failed', { reason: e.message });
    }
    if (!$('reply-text').value.trim()) $('reply-text').value = text;
  } finally {
    $('send').disabled = false;
  }
}

// ---- live events ------------------------------------------------------------------------------
function connect() {
  const source = state.api.events();
  state.source = source;
  const status = $('connection');
  const show = (key, cls) => { status.dataset.i18n = key; status.textContent = t(key); status.className = `connection ${cls}`; };
  source.addEventListener('open', () => show('connected', 'live'));
  source.addEventListener('error', () => show('reconnecting', 'down'));
  const on = (type, fn) => source.addEventListener(type, (e) => {
    try { fn(JSON.parse(e.data)); } catch (err) { console.error('parley console: bad event', type, err); }
  });
  on('conversation', (c) => { state.conversations.set(c.id, c); renderInbox(); });
  on('message', (m) => {
    const c = state.conversations.get(m.conversation_id);
    if (!c) { refreshInbox(); return; }
    if (m.seq > c.last_seq) {
      c.last_seq = m.seq;
      c.last_message_at = m.created_at;
      c.last_message = { seq: m.seq, author: m.author, text: m.text, created_at: m.created_at };
      if (m.author.type === 'visitor') c.unread_for_agent = (c.unread_for_agent || 0) + 1;
      else { c.read_seq_agent = m.seq; c.unread_for_agent = 0; }
    }
    renderInbox();
    if (m.conversation_id === state.selected) {
      clearTyping();
      addMessage(m);
      // A customer's message reopens a channel's window (and a LINE reply token); a reply spends
      // one of WeCom's/WeChat's five, a LINE reply token or a Kakao callback.
      refreshChannel(m.conversation_id).then(renderChannel);
      if (document.visibilityState === 'visible') markRead();
    }
  });
  on('delivery', (e) => {
    if (e.conversation_id !== state.selected) return;
    const m = state.messages.find((x) => x.id === e.message_id);
    if (!m) return;
    m.delivery_status = e.delivery_status;
    if (e.delivery_error) m.delivery_error = e.delivery_error; else delete m.delivery_error;
    renderConversation();
    if (e.delivery_status === 'failed') refreshChannel(e.conversation_id).then(renderChannel);  // a failed reply spent nothing
  });
  on('media', (e) => {  // a provider's media fetched (or not) after its message was stored
    const m = state.messages.find((x) => x.id === e.message_id);
    if (!m || e.conversation_id !== state.selected) return;
    m.attachments = e.attachments;
    m.channel_data = { ...(m.channel_data || {}), media: e.media };
    if (e.media_error) m.channel_data.media_error = e.media_error; else delete m.channel_data.media_error;
    renderConversation();
  });
  on('status', (e) => {
    const c = state.conversations.get(e.conversation_id);
    if (c) { c.status = e.status; renderInbox(); if (e.conversation_id === state.selected) { renderConversation(); pushAssist(); } }
  });
  on('automation', (e) => {  // the bot's decision; the hand-off packet stays once given
    const c = state.conversations.get(e.conversation_id);
    if (!c) return;
    c.automation = { action: e.action, rule: e.rule, reason: e.reason, handoff: e.handoff || c.automation?.handoff || null };
    if (e.conversation_id === state.selected) renderConversation();
  });
  on('read', (e) => {
    const c = state.conversations.get(e.conversation_id);
    if (!c) return;
    if (e.reader === 'visitor') c.read_seq_visitor = Math.max(c.read_seq_visitor || 0, e.seq);
    else { c.read_seq_agent = Math.max(c.read_seq_agent || 0, e.seq); if (c.read_seq_agent >= c.last_seq) c.unread_for_agent = 0; }
    renderInbox();
    if (e.conversation_id === state.selected) renderConversation();
  });
  on('context', (e) => {
    const c = state.conversations.get(e.conversation_id);
    if (c) { c.session_context = e.session_context; if (e.conversation_id === state.selected) { renderConversation(); pushAssist(); } }
  });
  on('csat', (e) => {
    const c = state.conversations.get(e.conversation_id);
    if (c) { c.csat = { score: e.score, comment: e.comment, created_at: e.created_at }; if (e.conversation_id === state.selected) renderConversation(); }
  });
  on('typing', (e) => {
    if (e.conversation_id !== state.selected || e.author.type !== 'visitor') return;
    clearTyping();
    if (!e.typing) return;
    const c = state.conversations.get(e.conversation_id);
    $('typing').textContent = t('typing', { name: c ? visitorName(c) : t('visitor') });
    state.typingTimer = setTimeout(clearTyping, 8000);
  });
}

function clearTyping() {
  clearTimeout(state.typingTimer);
  $('typing').textContent = '';
}

// ---- wiring -----------------------------------------------------------------------------------
function init() {
  applyLanguage(pickLanguage(localStorage.getItem('parley.console.lang'), navigator.languages));
  $('lang-select').addEventListener('change', (e) => applyLanguage(e.target.value));
  $('login-form').addEventListener('submit', (e) => { e.preventDefault(); signIn($('token').value.trim()); });
  $('logout').addEventListener('click', signOut);
  $('status-filter').addEventListener('change', (e) => { state.filter = e.target.value; renderInbox(); });
  $('channel-filter').addEventListener('change', (e) => { state.channelFilter = e.target.value; renderInbox(); });
  $('inbox-list').addEventListener('click', (e) => {
    const item = e.target.closest('.inbox-item');
    if (item) select(item.dataset.id);
  });
  $('status-select').addEventListener('change', async (e) => {
    const id = state.selected;
    try {
      state.conversations.set(id, await state.api.status(id, e.target.value));
      renderInbox();
      renderConversation();
      pushAssist();
    } catch (err) {
      $('reply-error').textContent = err.message;
    }
  });
  $('reply-form').addEventListener('submit', (e) => { e.preventDefault(); sendReply($('reply-text').value); });
  $('reply-text').addEventListener('keydown', (e) => {
    // Enter sends; Shift+Enter is a new line; never while an IME is composing (Japanese input).
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendReply($('reply-text').value);
    }
  });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') markRead(); });
  const saved = sessionStorage.getItem('parley.console.token');
  if (saved) signIn(saved);
}

init();
