// As-you-type article suggestions, on the customer's device: after the chat is open and the
// customer starts typing, the knowledge core (parley-kb.wasm, loaded only then — never on the
// first open) indexes the workspace's public articles once and searches them for what is being
// typed. Nothing typed leaves the browser for this. Each suggestion opens in place (details).
import { t } from './i18n.js';
import { renderText } from './render.js';

const MIN_CHARS = 4;
const MIN_CONFIDENCE = 0.4;
let ready = null;

function prepare(origin, articlesUrl) {
  if (!ready) {
    ready = (async () => {
      const m = await import(new URL('/wasm-js/parley-core.js', origin).href);
      const core = await m.loadParleyCore({ flavor: 'kb', baseUrl: new URL('/core/', origin).href });
      const res = await fetch(articlesUrl);
      if (!res.ok) throw new Error(`articles: HTTP ${res.status}`);
      const { articles } = await res.json();
      const r = core.call('knowledge.index', { articles, index_id: 'widget' });
      if (r.error) throw new Error(r.error.message);
      return core;
    })().catch((e) => { console.warn('Parley: no article suggestions', e); return null; });
  }
  return ready;
}

/** Suggest articles under the composer while `input` is typed in; returns {clear()}. */
export function wireSuggestions({ input, box, origin, articlesUrl, locale }) {
  let timer = null, seq = 0;
  const clear = () => { seq++; clearTimeout(timer); box.replaceChildren(); box.hidden = true; };
  const show = (hits) => {
    if (!hits.length) { clear(); return; }
    const h = document.createElement('p');
    h.className = 'suggest-title';
    h.textContent = t('suggestions_label');
    const items = hits.map((hit) => {
      const d = document.createElement('details');
      d.className = 'suggestion';
      d.dataset.article = hit.article_id;
      const s = document.createElement('summary');
      s.dir = 'auto';
      s.textContent = hit.title;
      const p = document.createElement('p');
      p.dir = 'auto';
      renderText(p, hit.snippet || '');
      d.append(s, p);
      return d;
    });
    box.replaceChildren(h, ...items);
    box.hidden = false;
  };
  const run = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if ([...q].length < MIN_CHARS) { clear(); return; }
    const core = await prepare(origin, articlesUrl);
    if (!core || mine !== seq) return;
    const r = core.call('knowledge.search', { index_id: 'widget', query: q, locale: locale() || 'en', k: 3, audience: 'public', fallback: true });
    show(r.error ? [] : (r.hits || []).filter((x) => x.confidence >= MIN_CONFIDENCE));
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  return { clear };
}
