// `parley bench widget [--json]` (run by tools/parley/cmd_bench_widget.cpp, or directly with node):
// the widget's weight and speed in Chromium against a real relay on loopback, beside the built
// bundles of peer widgets installed from npm in tools/bench/node_modules.
//
//   loader_gzip_bytes      widget/loader.js, gzip -9 (what every host page pays)
//   first_open_gzip_bytes  everything fetched from the click to a usable chat with the core loaded
//                          (HTML, JS, CSS, strings, wasm), each response gzip -9 (the relay may
//                          serve uncompressed; gzip is what a CDN would send)
//   click_to_ready_ms      click → chat usable, and → wasm core loaded, 4x CPU throttling (median)
//   peers                  name → gzip -9 bytes of the peer's built browser bundle (file named)
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const json = process.argv.includes('--json');
const runs = Number((process.argv.find((a) => a.startsWith('--runs=')) || '--runs=5').split('=')[1]);
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const log = (...a) => { if (!json) console.log(...a); else console.error(...a); };

// Peers: what each project ships for a browser to load first. Lazy chunks are not counted (an
// underestimate for the peers); where a package leaves its dependencies external, so is ours not.
//   @rocket.chat/livechat      host script + the scripts its iframe page (build/index.html) loads
//   botframework-webchat       dist/webchat.js, the documented one-file CDN bundle
//   @papercups-io/chat-widget  dist/index.js (React and its other dependencies external)
const PEERS = {
  '@rocket.chat/livechat': (dir) => {
    const html = readFileSync(join(dir, 'build', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script src="(?:livechat\/)?([^"]+)"/g)].map((m) => join('build', m[1]));
    return ['build/rocketchat-livechat.min.js', ...scripts];
  },
  'botframework-webchat': () => ['dist/webchat.js'],
  '@papercups-io/chat-widget': () => ['dist/index.js'],
};

function allJs(dir) {
  let total = 0;
  for (const sub of ['build', 'dist']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d, { recursive: true })) {
      const p = join(d, String(f));
      if (/\.m?js$/.test(p) && statSync(p).isFile()) total += gz(readFileSync(p));
    }
  }
  return total;
}

function peerSizes() {
  const peers = {}, files = {}, everything = {};
  for (const [name, entry] of Object.entries(PEERS)) {
    const dir = join(HERE, 'node_modules', name);
    if (!existsSync(dir)) { files[name] = 'not installed (npm install --prefix tools/bench)'; continue; }
    let list;
    try { list = entry(dir).filter((f) => existsSync(join(dir, f))); } catch { list = []; }
    if (!list.length) { files[name] = 'built bundle not found'; continue; }
    peers[name] = list.reduce((sum, f) => sum + gz(readFileSync(join(dir, f))), 0);
    files[name] = list.join(' + ');
    everything[name] = allJs(dir);
  }
  return { peers, peer_files: files, peer_all_js_gzip: everything };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

async function measureBrowser() {
  const { startRelay, launchBrowser } = await import(join(ROOT, 'tests', 'e2e', 'browser.mjs'));
  const relay = await startRelay();
  const browser = await launchBrowser();
  try {
    // 1. First open: cold cache, count what the click fetches.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${relay.url}/`);
    await page.waitForSelector('.parley-launcher');
    await page.waitForLoadState('load');
    const loaderTransfer = gz(readFileSync(join(ROOT, 'widget', 'loader.js'))) + gz(readFileSync(join(ROOT, 'widget', 'loader.css')));
    const fetched = [];
    page.on('response', (r) => fetched.push(r));
    await page.click('.parley-launcher');
    const frame = await waitFrame(page);
    await frame.waitForSelector('html[data-ready="1"][data-core]', { state: 'attached', timeout: 30000 });
    const byKind = {};
    let total = 0, raw = 0, api = 0;
    for (const r of fetched) {
      const path = new URL(r.url()).pathname;
      if (r.status() !== 200) continue;
      const body = await r.body().catch(() => null);
      if (!body) continue;
      if (path.startsWith('/api/')) { api += gz(body); continue; }  // the conversation itself, not code
      const kind = (path.match(/\.(\w+)$/) || [, 'html'])[1];
      const size = gz(body);
      byKind[kind] = (byKind[kind] || 0) + size;
      total += size;
      raw += body.length;
    }
    await context.close();

    // 2. Click to ready under 4x CPU throttling, cold cache each run.
    const ready = [], core = [];
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      const cdp = await ctx.newCDPSession(p);
      await p.goto(`${relay.url}/`);
      await p.waitForSelector('.parley-launcher');
      await p.waitForLoadState('load');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      // Timestamps taken in the browser (the click on the host, readiness in the app), so the
      // test driver's own latency is not counted.
      await p.evaluate(() => document.querySelector('.parley-launcher').addEventListener('click',
        () => { window.__clickAt = performance.timeOrigin + performance.now(); }, { capture: true, once: true }));
      await p.click('.parley-launcher');
      const f = await waitFrame(p);
      await f.waitForSelector('html[data-ready="1"][data-core-at]', { state: 'attached', timeout: 60000 });
      const clickAt = await p.evaluate(() => window.__clickAt);
      const at = await f.evaluate(() => [Number(document.documentElement.dataset.readyAt), Number(document.documentElement.dataset.coreAt)]);
      ready.push(Math.round(at[0] - clickAt));
      core.push(Math.round(at[1] - clickAt));
      await ctx.close();
    }
    return { loaderTransfer, total, raw, byKind, api, ready, core };
  } finally {
    await browser.close();
    await relay.stop();
  }
}

async function waitFrame(page) {
  for (let i = 0; i < 600; i++) {
    const f = page.frames().find((x) => x.url().includes('/widget/app/'));
    if (f) return f;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the chat app frame never appeared');
}

const loaderGzip = gz(readFileSync(join(ROOT, 'widget', 'loader.js')));
const m = await measureBrowser();
const { peers, peer_files, peer_all_js_gzip } = peerSizes();
const result = {
  bench: 'widget',
  loader_gzip_bytes: loaderGzip,
  loader_css_gzip_bytes: gz(readFileSync(join(ROOT, 'widget', 'loader.css'))),
  first_open_gzip_bytes: m.total,
  first_open_raw_bytes: m.raw,
  first_open_by_type_gzip: m.byKind,
  first_open_api_gzip_bytes: m.api,
  click_to_ready_ms_cpu4x: median(m.ready),
  click_to_core_ms_cpu4x: median(m.core),
  runs,
  peers,
  peer_files,
  peer_all_js_gzip,
  budget: { loader_gzip_bytes: 3072, first_open_gzip_bytes: 102400 },
};
if (json) {
  console.log(JSON.stringify(result));
} else {
  log(`loader.js            ${loaderGzip} B gzip (budget 3072)`);
  log(`first open           ${m.total} B gzip (${m.raw} B raw): ${JSON.stringify(m.byKind)}`);
  log(`click → ready (4x)   ${result.click_to_ready_ms_cpu4x} ms; core loaded ${result.click_to_core_ms_cpu4x} ms (median of ${runs})`);
  for (const [name, size] of Object.entries(peers)) log(`peer ${name.padEnd(28)} ${size} B gzip (${peer_files[name]})`);
  for (const [name, why] of Object.entries(peer_files)) if (!(name in peers)) log(`peer ${name.padEnd(28)} ${why}`);
}
