#!/usr/bin/env node
// Builds the unpacked Chrome MV3 extension (Assist as a side panel) into build/extension/:
//   manifest.json, service-worker.js, content.js   from assist/extension/ (content script matches filled in)
//   config.json                                   the origins whose pages the panel trusts, and the relay
//                                                 it reads the agents-only articles from (host permission)
//   assist/                                       the panel, as the relay serves it
//   wasm-js/, core/                               the core's JS, the full wasm core and ICU data
//   packs/demo/, models/                          the workspace pack (public articles only, as the relay
//                                                 serves it) and its models
//   icons/                                        drawn at build time
// The panel's absolute paths (/wasm-js/…, /core/, /packs/demo/, /models/…) resolve inside the
// extension, so the same files run under the extension's CSP (script-src 'self' 'wasm-unsafe-eval').
//
//   node assist/extension/build.mjs [--out DIR] [--origin URL]… [--match PATTERN]… [--relay URL]
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logoPng } from '../../tools/package/png.mjs';
import { originsFrom } from '../js/hosts.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
// The demo relay (`tools/dev demo`) on both of loopback's names.
export const DEFAULT_ORIGINS = ['http://127.0.0.1:8080', 'http://localhost:8080'];
const USAGE = 'usage: node assist/extension/build.mjs [--out DIR] [--origin URL]… [--match PATTERN]… [--relay URL]\n' +
  '  --out DIR        where to write the unpacked extension (default build/extension)\n' +
  `  --origin URL     a relay console or helpdesk whose pages the panel trusts (repeatable; default ${DEFAULT_ORIGINS.join(' ')})\n` +
  '  --match PATTERN  a Chrome match pattern the content script runs on (repeatable; default: each origin\'s pages)\n' +
  '  --relay URL      the Parley relay the agent signs in to for agents-only articles (https, or http on loopback; default the first origin)';

const FILES = [
  ['assist/index.html', 'assist/index.html'], ['assist/panel.css', 'assist/panel.css'], ['assist/js', 'assist/js'],
  ['assist/hosts', 'assist/hosts'], ['assist/zendesk/zaf-client.js', 'assist/zendesk/zaf-client.js'],
  ['wasm/js', 'wasm-js'], ['site/packs/demo', 'packs/demo'], ['models', 'models'],
  ['build/wasm/dist/parley-full.mjs', 'core/parley-full.mjs'], ['build/wasm/dist/parley-full.wasm', 'core/parley-full.wasm'],
  ['build/wasm/dist/icudt72l.dat', 'core/icudt72l.dat'],
  ['assist/extension/service-worker.js', 'service-worker.js'], ['assist/extension/content.js', 'content.js'],
];

export function buildExtension({ out = join(ROOT, 'build', 'extension'), origins = DEFAULT_ORIGINS, matches, relay } = {}) {
  const trusted = originsFrom(origins);
  if (!trusted.length) throw new Error('--origin: no valid origin given');
  const [relayAt] = originsFrom([relay ?? trusted[0]]);
  if (!relayAt) throw new Error(`--relay: not an http(s) URL: ${relay}`);
  const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(relayAt);
  if (!relayAt.startsWith('https:') && !loopback) throw new Error(`--relay: https only (or http on loopback): ${relay}`);
  const patterns = matches?.length ? matches : trusted.map((o) => `${o}/*`);
  rmSync(out, { recursive: true, force: true });
  for (const [from, to] of FILES) {
    const src = join(ROOT, from);
    if (!existsSync(src)) throw new Error(`${from} is missing (run tools/dev build first)`);
    mkdirSync(dirname(join(out, to)), { recursive: true });
    cpSync(src, join(out, to), { recursive: true });
  }
  publicPackOnly(join(out, 'packs', 'demo'));
  const manifest = JSON.parse(readFileSync(join(HERE, 'manifest.json'), 'utf8'));
  manifest.content_scripts[0].matches = patterns;
  // Only the relay: the panel's fetch of the agents-only articles (Bearer token, no cookies).
  manifest.host_permissions = [`${relayAt}/*`];
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(out, 'config.json'), `${JSON.stringify({ origins: trusted, relay: relayAt }, null, 2)}\n`);
  mkdirSync(join(out, 'icons'), { recursive: true });
  for (const size of [16, 32, 48, 128]) writeFileSync(join(out, 'icons', `${size}.png`), logoPng(size));
  return { out, origins: trusted, matches: patterns, relay: relayAt };
}

// The relay's rule (tools/relay/pack_access.cpp): an article is public unless its audience says
// otherwise. The others never ship in the bundle; the panel reads them from the relay with the
// agent's token, like every other host.
export const isPublicArticle = (a) => Boolean(a) && typeof a === 'object' && (a.audience ?? 'public') === 'public';
function publicPackOnly(dir) {
  for (const entry of readdirSync(dir, { recursive: true })) {
    const file = join(dir, String(entry));
    if (!file.endsWith('.json')) continue;
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    if (!doc || !Array.isArray(doc.articles)) continue;
    const kept = doc.articles.filter(isPublicArticle);
    if (kept.length !== doc.articles.length) writeFileSync(file, `${JSON.stringify({ ...doc, articles: kept }, null, 2)}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opts = { origins: [], matches: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    if (!['--out', '--origin', '--match', '--relay'].includes(a)) { console.error(`unknown option: ${a}\n${USAGE}`); process.exit(2); }
    if (i + 1 >= args.length) { console.error(`${a} needs a value\n${USAGE}`); process.exit(2); }
    const v = args[++i];
    if (a === '--out') opts.out = v; else if (a === '--relay') opts.relay = v; else if (a === '--origin') opts.origins.push(v); else opts.matches.push(v);
  }
  if (!opts.origins.length) delete opts.origins;
  try {
    const r = buildExtension(opts);
    console.log(`${r.out}: trusts ${r.origins.join(' ')}; content script on ${r.matches.join(' ')}; relay ${r.relay}`);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
}
