// Host adapter: the relay's agent console, which embeds the panel in an iframe.
//
//   parent -> panel  {type: "parley:conversation", conversation, messages, contact, agent?}
//                    {type: "parley:auth", token}          the agent's relay token: the panel reads the
//                                                          pack's agents-only articles with it
//   panel  -> parent {type: "parley:ready"}                 once the panel listens
//                    {type: "parley:insert-draft", text}    put the draft in the reply box
//                    {type: "parley:send", text, subject?, template?, article?}  send it (after lint and approval; article: the cited one)
//                    {type: "parley:assign", queue}        the agent moved the case to a queue
//
// Only messages from the embedding window on an allowed origin are read (the console is served by
// the same relay, so by default only this origin is trusted). Every adapter exports the same
// connect(panel) -> {insertDraft, send, assign?}; other hosts (Chatwoot dashboard app, Zendesk, a Chrome
// side panel) are other files with the same shape, and the panel never knows which one it runs in.
import { listen } from '../js/hosts.js';

export function connect(panel, { allowedOrigins = [location.origin], target = window.parent } = {}) {
  if (!target || target === window) throw new Error('relay-console host: the panel is not embedded');
  let hostOrigin = allowedOrigins[0];

  listen(target, allowedOrigins, (msg, origin) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'parley:auth') {
      if (typeof msg.token === 'string' && msg.token) panel.authenticate?.(msg.token);
      return;
    }
    if (msg.type !== 'parley:conversation') return;
    hostOrigin = origin;
    if (!msg.conversation) return;  // the console deselected its conversation
    panel.openConversation(normalise(msg));
  });
  target.postMessage({ type: 'parley:ready' }, hostOrigin);

  return {
    name: 'relay-console',
    handsToken: true,  // the console posts its own agent token (parley:auth): no sign-in in the panel
    insertDraft(text) { target.postMessage({ type: 'parley:insert-draft', text }, hostOrigin); },
    send(text, extra = {}) { target.postMessage({ type: 'parley:send', text, ...extra }, hostOrigin); },
    assign(queue) { target.postMessage({ type: 'parley:assign', queue }, hostOrigin); },
  };
}

// The relay's own shapes (author.type, created_at in ms, visitor, session_context) as the panel's:
// messages {direction: "in"|"out"|"system", text, at (ISO)}, contact {name, locale, time_zone}.
function normalise(msg) {
  const conversation = { ...msg.conversation };
  const session = conversation.session_context || {};
  conversation.channel ||= 'webchat';
  conversation.locale ||= session.locale;
  const contact = { ...(conversation.visitor || {}), ...(msg.contact || {}) };
  contact.locale ||= conversation.locale;
  contact.time_zone ||= session.timezone;
  const messages = (Array.isArray(msg.messages) ? msg.messages : []).map((m) => {
    const type = m.author?.type;
    // The relay says inbound/outbound on every message (provider channels and web chat alike).
    const direction = type === 'system' ? 'system' : { inbound: 'in', outbound: 'out', in: 'in', out: 'out' }[m.direction] ||
      (type === 'agent' ? 'out' : 'in');
    const when = m.at || m.created_at;
    return { direction, text: m.text || '', at: when === undefined ? null : new Date(when).toISOString() };
  });
  return { conversation, messages, contact, agent: msg.agent || {} };
}
