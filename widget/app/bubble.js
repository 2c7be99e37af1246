// One message bubble: who wrote it, the text (text nodes and safe links only), attachments, the
// note about what was masked, and the time.
import { t, formatTime } from './i18n.js';
import { renderText } from './render.js';

function piiLabel(type) {
  const key = `pii_${type}`;
  const s = t(key);
  return s === key ? t('pii_other') : s;
}

function attachmentEl(a, fileUrl) {
  const link = document.createElement('a');
  link.className = 'attachment';
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  const name = a.filename || t('attachment');
  if (a.url) link.href = fileUrl(a.url);
  if (a.url && /^image\//.test(a.content_type || '')) {
    const img = document.createElement('img');
    img.src = link.href;
    img.alt = name;
    img.loading = 'lazy';
    link.append(img);
  } else {
    link.textContent = `📎 ${name}`;
  }
  return link;
}

/** A bubble element; `fileUrl` turns an attachment's relative URL into one the browser can load. */
export function buildBubble({ key, mine, name, text, time, attachments, masked }, fileUrl) {
  const el = document.createElement('div');
  el.className = `msg ${mine ? 'mine' : 'theirs'}`;
  if (key) el.dataset.key = key;
  const who = document.createElement('span');
  who.className = mine ? 'sr-only' : 'who';
  who.textContent = mine ? t('you') : name || t('agent_default');
  const body = document.createElement('div');
  body.className = 'text';
  body.dir = 'auto';
  renderText(body, text || '');
  el.append(who, body);
  for (const a of attachments || []) el.append(attachmentEl(a, fileUrl));
  if (masked && masked.length) {
    const note = document.createElement('p');
    note.className = 'masked-note';
    note.textContent = t('masked_notice', { kinds: [...new Set(masked.map((m) => piiLabel(m.type)))].join(', ') });
    el.append(note);
  }
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = time ? formatTime(time) : '';
  el.append(meta);
  return el;
}
