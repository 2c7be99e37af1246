// Parley Assist: what every part of the panel shares: the agent's language and strings, the
// case's state, and small DOM helpers (textContent only: customer text is never parsed as HTML).
import { makeT, pickUiLanguage } from './i18n.js';

export const params = new URLSearchParams(location.search);
export const uiLang = pickUiLanguage(params.get('lang'));
export const t = makeT(uiLang);
export const $ = (id) => document.getElementById(id);
export const now = () => new Date().toISOString();

export const state = {
  core: null, pack: null, indexId: null, host: null, evidence: null,
  token: null, internal: [], internalNote: '',  // the agent's relay token (from the host or signed in here) and the pack's agents-only articles read with it
  history: [],  // the workspace's knowledge history read with it ({text, article_id})
  signIn: false,  // the host hands no token: the agent may sign in in the panel
  kase: null, hits: [], template: null, rendered: null, findings: [], review: { required: [], approvedBy: null },
};

// Small DOM helpers.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
export function setText(id, text, { unavailable = false } = {}) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle('unavailable', unavailable);
}
export function status(id, text) { $(id).textContent = text; }
export function notAvailable(method) { return t('notAvailable', method); }
// A model's probability is not certainty: 0.998 reads "99%", never "100%" (and 0.004 reads "1%").
export function percent(x) {
  const v = Number(x);
  if (!(v > 0)) return 0;
  return v >= 1 ? 100 : Math.min(99, Math.max(1, Math.round(v * 100)));
}

// A code from the core (level, cue, reason, finding) in the agent's language; `fallback` when the
// panel has no string for it.
export function translated(key, params, fallback) {
  const text = t(key, params);
  return text === key ? fallback : text;
}
export function level(kind, code) { return translated(`${kind}_${code}`, {}, code); }

// Hours and minutes in the agent's language, by the browser's own unit formatting.
export function duration(ms) {
  const m = Math.round(Math.abs(ms) / 60000);
  const unit = (value, name) => new Intl.NumberFormat(uiLang, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  return m >= 60 ? `${unit(Math.floor(m / 60), 'hour')} ${unit(m % 60, 'minute')}` : unit(m, 'minute');
}
