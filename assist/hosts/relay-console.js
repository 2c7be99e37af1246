// Host adapter: the relay's agent console, which embeds the panel in an iframe.
//
//   parent -> panel  {type: "parley:conversation", conversation, messages, contact, agent?}
//   panel  -> parent {type: "parley:ready"}                 once the panel listens
//                    {type: "parley:insert-draft", text}    put the draft in the reply box
//                    {type: "parley:send", text, subject?}  send it (after lint and approval)
//
// Only messages from the embedding window on an allowed origin are read (the console is served by
// the same relay, so by default only this origin is trusted). Every adapter exports the same
// connect(panel) -> {insertDraft, send}; other hosts (Chatwoot dashboard app, Zendesk, a Chrome
// side panel) are other files with the same shape, and the panel never knows which one it runs in.
export function connect(panel, { allowedOrigins = [location.origin], target = window.parent } = {}) {
  if (!target || target === window) throw new Error('relay-console host: the panel is not embedded');
  const trusted = new Set(allowedOrigins);
  let hostOrigin = allowedOrigins[0];

  window.addEventListener('message', (event) => {
    if (event.source !== target || !trusted.has(event.origin)) return;
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || msg.type !== 'parley:conversation') return;
    hostOrigin = event.origin;
    panel.openConversation({
      conversation: msg.conversation || {},
      messages: Array.isArray(msg.messages) ? msg.messages : [],
      contact: msg.contact || {},
      agent: msg.agent || {},
    });
  });
  target.postMessage({ type: 'parley:ready' }, hostOrigin);

  return {
    name: 'relay-console',
    insertDraft(text) { target.postMessage({ type: 'parley:insert-draft', text }, hostOrigin); },
    send(text, extra = {}) { target.postMessage({ type: 'parley:send', text, ...extra }, hostOrigin); },
  };
}
