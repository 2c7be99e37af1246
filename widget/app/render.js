// Safe rendering of message text: text nodes only (never innerHTML), and links only for http(s)
// URLs, opened in a new tab without an opener or a referrer.

const URL_RE = /\bhttps?:\/\/[^\s<>"'\u3000]+/gi;
const TRAILING = /[.,;:!?)\]}'"\u3001\u3002\uff09\uff0c]+$/;

/** A safe link target, or null: only absolute http/https URLs. */
export function safeHref(raw) {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Fill `el` with `text`, turning http(s) URLs into safe links. */
export function renderText(el, text) {
  el.textContent = '';
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = url.match(TRAILING);
    if (trail) url = url.slice(0, -trail[0].length);
    const href = safeHref(url);
    if (!href) continue;
    el.append(text.slice(last, m.index));
    const a = document.createElement('a');
    a.href = href;
    a.textContent = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    el.append(a);
    last = m.index + url.length;
  }
  el.append(text.slice(last));
}
