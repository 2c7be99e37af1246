#!/usr/bin/env node
// Builds the Zendesk app package (the zip an admin uploads as a private app):
//   manifest.json   with the ticket_sidebar URL pointing at the relay that serves the panel
//   translations/en.json
//   assets/logo.png (320×320), assets/logo-small.png (128×128) — drawn at build time
// The panel itself is not in the zip: Zendesk frames it from the relay (a remote-URL app), which
// keeps the core, the models and the workspace pack in one place for every host.
//
//   node assist/zendesk/package.mjs --panel-url https://relay.example.com/assist/index.html [--out FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logoPng } from '../../tools/package/png.mjs';
import { zip } from '../../tools/package/zip.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const USAGE = 'usage: node assist/zendesk/package.mjs --panel-url URL [--out FILE]\n' +
  '  --panel-url URL  where the relay serves the panel (https, or http on loopback for development)\n' +
  '  --out FILE       the zip to write (default build/zendesk/parley-assist-zendesk.zip)';

/** The app's files as [{name, data}]; throws on a panel URL Zendesk would not frame. */
export function appFiles({ panelUrl }) {
  let url;
  try { url = new URL(panelUrl); } catch { throw new Error(`--panel-url: not a URL: ${panelUrl}`); }
  const loopback = url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !loopback) throw new Error(`--panel-url: Zendesk frames https URLs only: ${panelUrl}`);
  if (url.search || url.hash) throw new Error('--panel-url: no query or hash (Zendesk appends ?origin=…&app_guid=…)');
  const manifest = JSON.parse(readFileSync(join(HERE, 'manifest.json'), 'utf8'));
  manifest.location.support.ticket_sidebar.url = url.href;
  return [
    { name: 'manifest.json', data: `${JSON.stringify(manifest, null, 2)}\n` },
    { name: 'translations/en.json', data: readFileSync(join(HERE, 'translations', 'en.json')) },
    { name: 'assets/logo.png', data: logoPng(320) },
    { name: 'assets/logo-small.png', data: logoPng(128) },
  ];
}

export function packageApp({ panelUrl, out = join(ROOT, 'build', 'zendesk', 'parley-assist-zendesk.zip') }) {
  const bytes = zip(appFiles({ panelUrl }));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  return { out, bytes: bytes.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opts = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    if (a === '--panel-url' || a === '--out') {
      if (i + 1 >= args.length) { console.error(`${a} needs a value\n${USAGE}`); process.exit(2); }
      opts[a === '--out' ? 'out' : 'panelUrl'] = args[++i];
    } else { console.error(`unknown option: ${a}\n${USAGE}`); process.exit(2); }
  }
  if (!opts.panelUrl) { console.error(`--panel-url is required\n${USAGE}`); process.exit(2); }
  try {
    const r = packageApp(opts);
    console.log(`${r.out} (${r.bytes} bytes)`);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
}
