// Build the chat app for serving: widget/app/ → OUT (build/wasm/widget-app/ from cmake/wasm.cmake),
// which the relay serves at /widget/app/ in place of the sources. What changes is only the bytes the
// customer downloads on first open, never the behaviour:
//   app.js        the app, its modules and the core's wrapper (wasm/js/parley-core.js) bundled into
//                 one ES module, minified (esbuild)
//   chatwoot.js   the Chatwoot backend, its own minified module: app.js imports it only on that backend
//   app.css       minified (esbuild)
//   index.html    without the modulepreload links (one module now) and the whitespace between tags
//   i18n/*.json   re-serialised without indentation
// The core itself (/core/parley-widget.{mjs,wasm}) is built by cmake/wasm.cmake.
//
//   node widget/build-app.mjs OUT [ESBUILD]      (ESBUILD: the esbuild binary, default "esbuild")
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'app');
const WRAPPER = join(dirname(fileURLToPath(import.meta.url)), '..', 'wasm', 'js', 'parley-core.js');
const [out, esbuild = 'esbuild'] = process.argv.slice(2);
if (!out) {
  console.error('usage: node widget/build-app.mjs OUT [ESBUILD]');
  process.exit(2);
}
mkdirSync(join(out, 'i18n'), { recursive: true });

const run = (args) => execFileSync(esbuild, args, { stdio: ['ignore', 'inherit', 'inherit'] });

// The sources import the core's wrapper by URL (/wasm-js/parley-core.js, served from wasm/js/), which
// esbuild cannot follow; a copy of them imports it by path instead, so the wrapper is bundled too
// (one request less on first open). Nothing else in them changes.
const WRAPPER_URL = "import(new URL('/wasm-js/parley-core.js', origin).href)";
const src = join(out, '.src');
rmSync(src, { recursive: true, force: true });
mkdirSync(src, { recursive: true });
for (const f of readdirSync(APP).filter((f) => f.endsWith('.js'))) copyFileSync(join(APP, f), join(src, f));
const core = readFileSync(join(src, 'core.js'), 'utf8');
if (!core.includes(WRAPPER_URL)) throw new Error(`widget/app/core.js no longer loads the wrapper with ${WRAPPER_URL}: update build-app.mjs`);
writeFileSync(join(src, 'core.js'), core.replace(WRAPPER_URL, `import(${JSON.stringify(WRAPPER)})`));

// es2020: every browser the chat app supports (it already needs ES modules, dynamic import,
// optional chaining); esbuild keeps import.meta.url, so i18n/ still resolves beside app.js.
run([join(src, 'app.js'), '--bundle', '--format=esm', '--minify', '--target=es2020', '--log-level=warning',
  '--external:./chatwoot.js', `--outfile=${join(out, 'app.js')}`]);
run([join(src, 'chatwoot.js'), '--bundle', '--format=esm', '--minify', '--target=es2020', '--log-level=warning',
  `--outfile=${join(out, 'chatwoot.js')}`]);
rmSync(src, { recursive: true, force: true });
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
