// `parley bench studio [--json]` (run by tools/parley/cmd_bench_studio.cpp, or directly with node):
// the Studio's weight and frame cost in Chromium against a real relay on loopback, on the full
// demo pack (site/packs/demo).
//
//   first_open_gzip_bytes  everything fetched until the matrix is ready (HTML, JS, CSS, wasm, ICU
//                          data, fonts, fill values, the pack's files), each response gzip -9
//   files                  the same per URL path (the wasm module dominates; the CJK faces are subsets)
//   matrix_cells           intent × locale × channel cells the core rendered (each twice: sample, worst)
//   open_ms                navigation → matrix ready (median of --runs page loads)
//   frame_p50_ms/p99_ms    CPU time of one frame with the whole matrix on screen (ImGui build +
//                          WebGL submit, measured in the app), over --frames frames; WebGL is
//                          SwiftShader here (no GPU), so this is an upper bound for a real machine
// No peer baseline: no other tool renders templates across channels × locales.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const json = process.argv.includes('--json');
const arg = (name, fallback) => Number((process.argv.find((a) => a.startsWith(`--${name}=`)) || `--${name}=${fallback}`).split('=')[1]);
const runs = arg('runs', 3);
const frames = arg('frames', 300);
const log = (...a) => { if (!json) console.log(...a); else console.error(...a); };
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const { startRelay, launchBrowser } = await import(join(ROOT, 'tests', 'e2e', 'browser.mjs'));
const relay = await startRelay();
const browser = await launchBrowser({ args: ['--enable-unsafe-swiftshader', '--use-angle=swiftshader'] });
try {
  const opens = [];
  let files = {}, cells = 0, frameMs = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    // Every URL the page fetched; their bytes are fetched again below (the DevTools protocol keeps
    // no body over 10 MB, and the CJK font collection is larger).
    const urls = new Set();
    page.on('response', (r) => { if (r.ok()) urls.add(r.url()); });
    const t0 = Date.now();
    await page.goto(`${relay.url}/studio/`);
    await page.waitForSelector('html[data-ready="true"], html[data-ready="error"]', { timeout: 120000 });
    if ((await page.getAttribute('html', 'data-ready')) !== 'true') throw new Error(`the Studio did not start: ${await page.textContent('#status')}`);
    opens.push(Date.now() - t0);
    if (run === 0) {
      files = {};
      for (const url of urls) files[new URL(url).pathname] = gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
      cells = await page.evaluate(() => window.parleyStudio.state().matrix.cells.length);
      // Frames with the matrix on screen: wait until --frames frames were recorded after opening.
      await page.waitForFunction((n) => window.parleyStudio.frameTimes().length >= n, frames, { timeout: 120000 });
      frameMs = (await page.evaluate(() => window.parleyStudio.frameTimes())).slice(-frames);
    }
    await context.close();
  }
  const result = {
    first_open_gzip_bytes: Object.values(files).reduce((a, b) => a + b, 0),
    files,
    matrix_cells: cells,
    open_ms: quantile(opens, 0.5),
    frames: frameMs.length,
    frame_p50_ms: round(quantile(frameMs, 0.5)),
    frame_p99_ms: round(quantile(frameMs, 0.99)),
  };
  log(`first open: ${result.first_open_gzip_bytes} bytes gzip -9`);
  for (const [f, n] of Object.entries(files).sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(10)}  ${f}`);
  log(`matrix: ${cells} cells, open in ${result.open_ms} ms (median of ${runs})`);
  log(`frame CPU time over ${result.frames} frames: p50 ${result.frame_p50_ms} ms, p99 ${result.frame_p99_ms} ms (SwiftShader WebGL)`);
  if (json) console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await relay.stop();
}
