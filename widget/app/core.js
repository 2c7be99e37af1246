// The small wasm core in the chat app: loaded after the UI is usable, never on the host page.
// Each method is used only when the core lists it (core.methods()); when a method is missing the
// chat degrades to what the browser can check itself, and never invents a result.

let corePromise = null;

export function loadCore(origin) {
  if (!corePromise) {
    corePromise = import(new URL('/wasm-js/parley-core.js', origin).href)
      .then((m) => m.loadParleyCore({ flavor: 'widget', baseUrl: new URL('/core/', origin).href }))
      .then((core) => ({ core, methods: new Set(core.methods()) }))
      .catch((e) => { console.warn('Parley: core unavailable', e); return null; });
  }
  return corePromise;
}

/** What the core could do with a message before it leaves the browser. */
export async function prepareText(origin, text, locale) {
  const c = await loadCore(origin);
  const out = { text, masked: [], problems: [], language: null };
  if (!c) return out;
  const { core, methods } = c;

  const v = core.call('text.validate', { text });
  if (v.error) { out.problems.push(v.error); return out; }

  // Secrets (card numbers, IBANs, passwords …) are masked before sending; the customer sees it.
  if (methods.has('pii.scan')) {
    const r = core.call('pii.scan', locale ? { text, locale } : { text });
    if (r && !r.error && typeof r.masked === 'string') {
      out.text = r.masked;
      for (const f of r.findings || []) {
        if (f && typeof f.type === 'string') out.masked.push({ type: f.type.slice(0, 64), replacement: String(f.replacement ?? '').slice(0, 256) });
      }
    }
  }
  // Needs the "langid" model asset; without it the core answers an error and we go without.
  if (methods.has('langid.identify')) {
    const r = core.call('langid.identify', locale ? { text: out.text, locale } : { text: out.text });
    if (r && !r.error && r.reliable && typeof r.language === 'string' && r.language !== 'und') out.language = r.language;
  }
  return out;
}

/** Text safe to display: bidi overrides and invisible tricks removed when the core can find them. */
export function displayText(c, text) {
  if (!c || !c.methods.has('text.sanitize')) return text;
  const r = c.core.call('text.sanitize', { text });
  return r && !r.error && typeof r.display === 'string' ? r.display : text;
}
