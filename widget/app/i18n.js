// UI strings: one JSON file per locale in i18n/, chosen from the host's hint and the browser.

export const LOCALES = ['en', 'ja', 'ko', 'zh-Hans', 'pt-BR', 'es', 'ar', 'de', 'fr'];
const RTL = new Set(['ar']);

/** Best supported locale for a BCP-47 tag (zh-* → zh-Hans, pt-* → pt-BR), else English. */
export function negotiate(tag) {
  const t = String(tag || '').trim();
  if (LOCALES.includes(t)) return t;
  if (/^zh\b/i.test(t)) return 'zh-Hans';
  if (/^pt\b/i.test(t)) return 'pt-BR';
  const base = t.split(/[-_]/)[0].toLowerCase();
  return LOCALES.includes(base) ? base : 'en';
}

let strings = {}, fallback = {}, current = 'en';

export async function loadStrings(locale) {
  current = negotiate(locale);
  const get = async (l) => (await fetch(new URL(`i18n/${l}.json`, import.meta.url))).json();
  const [main, en] = await Promise.all([get(current), current === 'en' ? null : get('en').catch(() => ({}))]);
  strings = main;
  fallback = en || main;
  return current;
}

export const locale = () => current;
export const isRtl = () => RTL.has(current);

/** A string with {placeholders} filled in; the English text when a translation is missing. */
export function t(key, vars) {
  const s = strings[key] ?? fallback[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

/** Apply strings to elements marked data-i18n (text), data-i18n-aria, -title, -placeholder. */
export function applyStrings(root) {
  document.documentElement.lang = current;
  document.documentElement.dir = isRtl() ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
}

export function formatTime(ms) {
  return new Intl.DateTimeFormat(current, { hour: 'numeric', minute: '2-digit' }).format(ms);
}
