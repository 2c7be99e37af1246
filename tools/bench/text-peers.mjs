// The node half of `parley bench text`: the same text methods through the wasm core (throughput,
// and whether its language ids equal the native ones), and the npm language detectors on the same
// held-out lines. Prints one JSON object as its last line; `parley bench text` does the scoring.
//
//   node tools/bench/text-peers.mjs LINES.jsonl MODEL.bin [--seconds 0.5] [--peers-only]
// LINES.jsonl: {"language","text","source","native"} per line (native = Parley's native answer).
// --peers-only: the npm detectors only (`parley bench langid`), no wasm measurements.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [linesFile, modelFile] = process.argv.slice(2);
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 0.5;
const lines = readFileSync(linesFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const out = { lines: lines.length, wasm: null, peers: {} };

// Repeat passes over all lines until SECONDS have gone by; lines and UTF-8 bytes per second.
function throughput(fn) {
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l.text), 0);
  let passes = 0;
  const start = performance.now();
  do {
    for (const l of lines) fn(l.text);
    passes++;
  } while (performance.now() - start < SECONDS * 1000);
  const s = (performance.now() - start) / 1000;
  return { lines_per_s: Math.round((passes * lines.length) / s), mb_per_s: Math.round((passes * bytes) / s / 1e4) / 100 };
}

// --- wasm core ---------------------------------------------------------------------------------
const { DIST, loadCore } = await import('../../tests/wasm/cores.mjs');
const peersOnly = process.argv.includes('--peers-only');
if (peersOnly) {
  delete out.wasm;
} else if (existsSync(join(DIST, 'parley-full.wasm'))) {
  const core = await loadCore('full');
  core.putAsset('langid', new Uint8Array(readFileSync(modelFile)));
  const methods = {
    normalize: 'text.normalize',
    segment: 'text.segment',
    sanitize: 'text.sanitize',
    langid: 'langid.identify',
    pii: 'pii.scan',
  };
  const tp = {};
  for (const [name, method] of Object.entries(methods)) tp[name] = throughput((text) => core.callJson(method, JSON.stringify({ text })));
  let mismatches = 0;
  const examples = [];
  for (const l of lines) {
    const answer = core.callJson('langid.identify', JSON.stringify({ text: l.text }));
    if (answer !== l.native) {
      mismatches++;
      if (examples.length < 3) examples.push({ text: l.text, wasm: answer, native: l.native });
    }
  }
  out.wasm = { throughput: tp, langid_mismatches: mismatches, mismatch_examples: examples };
} else {
  out.wasm_error = `no wasm build in ${DIST} (build the wasm preset first)`;
}

// --- npm peers ---------------------------------------------------------------------------------
// Their codes mapped to Parley's labels; "zh" (no script) is scored as right for zh-Hans and zh-Hant.
const ISO3 = {
  eng: 'en', por: 'pt', spa: 'es', jpn: 'ja', kor: 'ko', cmn: 'zh', arb: 'ar', deu: 'de', fra: 'fr', ind: 'id', zlm: 'ms',
  zsm: 'ms', hin: 'hi', tha: 'th', vie: 'vi', tur: 'tr', ita: 'it', nld: 'nl', rus: 'ru', heb: 'he', ukr: 'uk', bul: 'bg',
  pes: 'fa', urd: 'ur',
};
const norm = (code) => (code === 'iw' ? 'he' : ISO3[code] ?? code ?? 'und');

async function peer(name, make) {
  try {
    const detect = await make();
    const t0 = performance.now();
    const predictions = lines.map((l) => norm(detect(l.text)));
    out.peers[name] = { predictions, lines_per_s: Math.round(lines.length / ((performance.now() - t0) / 1000)) };
  } catch (e) {
    out.peers[name] = { error: String(e && e.message ? e.message : e) };
  }
}

await peer('cld3', async () => {
  const { loadModule } = await import('cld3-asm');
  const id = (await loadModule()).create(0, 1000);
  return (t) => {
    const r = id.findLanguage(t);
    return r.language === 'und' ? 'und' : r.language;
  };
});
await peer('franc', async () => {
  const { franc } = await import('franc');
  return (t) => franc(t, { minLength: 1 });
});
await peer('eld', async () => {
  const { eld } = await import('eld/medium');
  return (t) => eld.detect(t).language || 'und';
});
await peer('tinyld', async () => {
  const { detect } = await import('tinyld');
  return (t) => detect(t) || 'und';
});

process.stdout.write(JSON.stringify(out) + '\n');
