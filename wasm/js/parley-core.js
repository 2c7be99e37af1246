// Parley core — ES module wrapper over the WebAssembly C ABI (wasm/api/boundary.cpp).
//
//   const core = await loadParleyCore({ flavor: 'full', baseUrl: '/core/' });
//   core.call('text.analyze', { text: 'Ｈｅｌｌｏ 世界' })   // -> plain object, or { error: {...} }
//
// Works in a page, a Web Worker and node (pass `wasmBinary` and, for the full core, `icuData`
// there: Emscripten 3.1.6 cannot fetch file paths under node). CSP-clean: no eval, no Function.

const FACTORIES = { widget: 'parley-widget.mjs', kb: 'parley-kb.mjs', full: 'parley-full.mjs' };
const ICU_DATA = 'icudt72l.dat';

/** Encode a JS string as UTF-8; lone surrogates become ill-formed bytes so the core reports them. */
function encode(str) {
  if (typeof str.isWellFormed !== 'function' || str.isWellFormed()) return new TextEncoder().encode(str);
  const out = [];
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

const decoder = new TextDecoder();

async function fetchBytes(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Parley core: cannot load ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Load a core. Options:
 *   flavor     'widget' (small, no ICU) | 'kb' (knowledge search, no ICU; the widget's suggestions,
 *              loaded after the customer starts typing) | 'full' (ICU, models; for Assist and the Studio)
 *   baseUrl    where parley-<flavor>.mjs/.wasm and icudt72l.dat are served (a URL string)
 *   wasmBinary Uint8Array of the .wasm (node, or when already fetched)
 *   icuData    Uint8Array of icudt72l.dat (full core; fetched from baseUrl when absent)
 */
export async function loadParleyCore(options = {}) {
  const flavor = options.flavor || 'widget';
  if (!FACTORIES[flavor]) throw new Error(`Parley core: unknown flavor "${flavor}"`);
  const base = new URL(options.baseUrl || './', typeof location !== 'undefined' ? location.href : import.meta.url);
  const { default: factory } = await import(new URL(FACTORIES[flavor], base).href);
  const moduleOptions = { locateFile: (file) => new URL(file, base).href };
  if (options.wasmBinary) moduleOptions.wasmBinary = options.wasmBinary;
  const M = await factory(moduleOptions);

  if (flavor === 'full') {
    const data = options.icuData || (await fetchBytes(new URL(ICU_DATA, base).href));
    const ptr = M._malloc(data.length);  // never freed: ICU keeps pointing into it
    M.HEAPU8.set(data, ptr);
    const rc = M._parley_set_icu_data(ptr, data.length);
    if (rc !== 0) throw new Error(`Parley core: ICU rejected its data (error ${rc})`);
  }

  function put(bytes) {
    const ptr = M._malloc(bytes.length + 1);
    M.HEAPU8.set(bytes, ptr);
    M.HEAPU8[ptr + bytes.length] = 0;
    return ptr;
  }

  /** Call a method with JSON text; returns the answer as JSON text (byte-identical to native). */
  function callJson(method, requestJson) {
    const m = put(encode(method));
    const bytes = encode(requestJson);
    const r = put(bytes);
    try {
      const out = M._parley_call(m, r, bytes.length);
      if (!out) throw new Error('Parley core: out of memory');
      const heap = M.HEAPU8;
      const end = heap.indexOf(0, out);
      const text = decoder.decode(heap.subarray(out, end));
      M._parley_free(out);
      return text;
    } finally {
      M._free(m);
      M._free(r);
    }
  }

  /** Call a method with a request object; returns the answer object ({error} on failure). */
  function call(method, request = {}) {
    return JSON.parse(callJson(method, typeof request === 'string' ? request : JSON.stringify(request)));
  }

  /** Hand the core a binary asset (model, index) by name; the core copies it. */
  function putAsset(name, bytes) {
    const m = put(encode(name));
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const ptr = M._malloc(data.length || 1);
    M.HEAPU8.set(data, ptr);
    try { M._parley_put_asset(m, ptr, data.length); } finally { M._free(ptr); M._free(m); }
  }

  return { flavor, call, callJson, putAsset, methods: () => call('core.methods').methods.map((m) => m.name) };
}
