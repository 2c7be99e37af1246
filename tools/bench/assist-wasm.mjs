// Helper of `parley bench assist`: the same knowledge index, queries and draft in the full wasm core
// under node, as the Assist worker runs them. Reads the corpus file the C++ side wrote; prints one
// JSON line: latency percentiles, the wasm linear memory after indexing, the judged top-5 rankings
// (compared with native by the caller).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'build', 'wasm', 'dist');

// Emscripten 3.1.6's ES6 output still reaches for CommonJS globals when it runs under node.
globalThis.__dirname ??= DIST;
globalThis.require ??= createRequire(import.meta.url);

// The module is instantiated here rather than through wasm/js/parley-core.js because the
// benchmark needs the linear memory's size, which that wrapper does not expose.
async function loadFull() {
  const { default: factory } = await import(pathToFileURL(join(DIST, 'parley-full.mjs')).href);
  const M = await factory({ wasmBinary: readFileSync(join(DIST, 'parley-full.wasm')) });
  const icu = readFileSync(join(DIST, 'icudt72l.dat'));
  const icuPtr = M._malloc(icu.length);
  M.HEAPU8.set(icu, icuPtr);
  if (M._parley_set_icu_data(icuPtr, icu.length) !== 0) throw new Error('ICU data rejected');
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const put = (s) => {
    const b = enc.encode(s);
    const p = M._malloc(b.length + 1);
    M.HEAPU8.set(b, p);
    M.HEAPU8[p + b.length] = 0;
    return [p, b.length];
  };
  return {
    heapBytes: () => M.HEAPU8.length,
    putAsset(name, bytes) {
      const [n] = put(name);
      const ptr = M._malloc(bytes.length || 1);
      M.HEAPU8.set(bytes, ptr);
      try { M._parley_put_asset(n, ptr, bytes.length); } finally { M._free(ptr); M._free(n); }
    },
    call(method, request) {
      const [m] = put(method);
      const [r, len] = put(JSON.stringify(request));
      const out = M._parley_call(m, r, len);
      const end = M.HEAPU8.indexOf(0, out);
      const text = dec.decode(M.HEAPU8.subarray(out, end));
      M._parley_free(out);
      M._free(m);
      M._free(r);
      return JSON.parse(text);
    },
  };
}

function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
}
const r3 = (x) => Math.round(x * 1000) / 1000;

const corpus = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const core = await loadFull();

// Index the corpus as `indexId`, time every query, and take the judged queries' top 5 and the
// linear memory right after (before anything else is indexed).
function measure(indexId) {
  let t = performance.now();
  const built = core.call('knowledge.index', { index_id: indexId, articles: corpus.articles });
  if (built.error) throw new Error(JSON.stringify(built.error));
  const indexMs = performance.now() - t;
  const search = (q) => core.call('knowledge.search', { index_id: indexId, query: q.query, locale: q.locale, k: 5 });
  const times = [];
  for (const q of corpus.queries) {
    t = performance.now();
    search(q);
    times.push(performance.now() - t);
  }
  return {
    index_ms: r3(indexMs), retrieval_p50_ms: r3(percentile(times, 0.5)), retrieval_p99_ms: r3(percentile(times, 0.99)),
    heap_bytes: core.heapBytes(), judged_top5: corpus.judged.map((q) => search(q).hits.map((h) => h.article_id)),
  };
}

const plain = measure('bench');
const draftTimes = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  core.call('draft.render', corpus.draft);
  draftTimes.push(performance.now() - t);
}
// With the retrieval encoder, as Assist loads it from the pack: the same index and queries again.
let encoder;
if (corpus.encoder) {
  core.putAsset('retrieval', readFileSync(corpus.encoder));
  encoder = measure('bench-encoder');
}
console.log(JSON.stringify({
  ...plain, draft_p50_ms: r3(percentile(draftTimes, 0.5)), draft_p99_ms: r3(percentile(draftTimes, 0.99)), encoder,
}));
