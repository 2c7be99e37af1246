// The region beside the conversation where the Assist panel lives. If /assist/index.html exists
// it is embedded in an iframe (same origin) and kept informed of the selected conversation; it may
// ask to fill the reply box or to send. Messages are accepted only from that frame on our origin.
import { t } from './strings.js';

// The panel names a template's parameters ({params: {name: value}}, in the template's order); the
// relay takes them as a list.
function templateParameters(tpl) {
  if (Array.isArray(tpl.parameters)) return tpl.parameters.map(String);
  if (tpl.params && typeof tpl.params === 'object') return Object.values(tpl.params).map(String);
  return [];
}

export async function mountAssist(host, { token, onInsertDraft, onSend }) {
  let available = false;
  try {
    const res = await fetch('/assist/index.html', { method: 'HEAD', cache: 'no-store' });
    available = res.ok;
  } catch { /* no assist */ }
  if (!available) return { update() {} };

  const frame = document.createElement('iframe');
  frame.src = '/assist/index.html';
  frame.title = t('assist_frame');
  frame.className = 'assist-frame';
  host.hidden = false;
  host.append(frame);
  host.closest('.workspace')?.classList.add('with-assist');

  let last = null;
  // The agent's token first (the panel reads the pack's agents-only articles with it), then the
  // conversation; only to our own origin, so no other page framed here can receive it.
  const post = () => {
    if (!frame.contentWindow) return;
    if (token) frame.contentWindow.postMessage({ type: 'parley:auth', token }, location.origin);
    if (last) frame.contentWindow.postMessage(last, location.origin);
  };
  frame.addEventListener('load', post);

  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (!data || typeof data !== 'object') return;
    // The panel says when it listens (its modules may load after the frame's load event).
    if (data.type === 'parley:ready') { post(); return; }
    if (typeof data.text !== 'string') return;
    if (data.type === 'parley:insert-draft') onInsertDraft(data.text);
    else if (data.type === 'parley:send') {
      // A template, an e-mail subject or the cited article chosen in the panel goes with the text; nothing else does.
      const extra = {};
      if (typeof data.subject === 'string' && data.subject) extra.subject = data.subject;
      if (data.template && typeof data.template === 'object' && typeof data.template.name === 'string')
        extra.template = { name: data.template.name, parameters: templateParameters(data.template) };
      // The knowledge-base article the draft cites: the relay learns it answered the customer.
      if (typeof data.article === 'string' && data.article && data.article.length <= 128) extra.article = data.article;
      onSend(data.text, extra);
    }
  });

  return {
    update(conversation, messages) {
      // Structured clone of plain data only: the panel gets a copy, not our objects.
      // The customer as the channel knows them (name, handle) over the anonymous visitor record.
      const contact = conversation ? { ...(conversation.visitor || {}), ...(conversation.contact || {}) } : null;
      last = { type: 'parley:conversation', conversation, messages, contact };
      post();
    },
  };
}
