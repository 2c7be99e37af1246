// Build the chat app for serving: widget/app/ → OUT (build/wasm/widget-app/ from cmake/wasm.cmake),
// which the relay serves at /widget/app/ in place of the sources. What changes is only the bytes the
// customer downloads on first open, never the behaviour:
//   app.js        the app and its modules bundled into one ES module, minified (esbuild)
//   app.css       minified (esbuild)
//   index.html    without the modulepreload links (one module now) and the whitespace between tags
//   i18n/*.json   re-serialised without indentation
// Everything else the app loads (/wasm-js/, /core/) is built elsewhere.
//
//   node widget/build-app.mjs OUT [ESBUILD]      (ESBUILD: the esbuild binary, default "esbuild")
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'app');
const [out, esbuild = 'esbuild'] = process.argv.slice(2);
if (!out) {
  console.error('usage: node widget/build-app.mjs OUT [ESBUILD]');
  process.exit(2);
}
mkdirSync(join(out, 'i18n'), { recursive: true });

const run = (args) => execFileSync(esbuild, args, { stdio: ['ignore', 'inherit', 'inherit'] });
// es2020: every browser the chat app supports (it already needs ES modules, dynamic import,
// optional chaining); esbuild keeps import.meta.url, so i18n/ still resolves beside app.js.
run([join(APP, 'app.js'), '--bundle', '--format=esm', '--minify', '--target=es2020', '--log-level=warning',
  `--outfile=${join(out, 'app.js')}`]);
run([join(APP, 'app.css'), '--minify', '--log-level=warning', `--outfile=${join(out, 'app.css')}`]);

const html = readFileSync(join(APP, 'index.html'), 'utf8')
  .replace(/^\s*<link rel="modulepreload"[^>]*>\n/gm, '')
  .replace(/>\s+</g, '><')
  .trim();
if (/modulepreload/.test(html)) throw new Error('index.html: a modulepreload link was left in');
writeFileSync(join(out, 'index.html'), `${html}\n`);

for (const f of readdirSync(join(APP, 'i18n')).filter((f) => f.endsWith('.json'))) {
  writeFileSync(join(out, 'i18n', f), JSON.stringify(JSON.parse(readFileSync(join(APP, 'i18n', f), 'utf8'))));
}
