// The core under a strict Content-Security-Policy in Debian Chromium, served by the real relay.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifact, launchBrowser, startRelay } from './browser.mjs';

let relay, browser;
before(async () => { relay = await startRelay(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await relay?.stop(); });

test('the relay serves pages with the strict CSP and wasm with its MIME type', async () => {
  const page = await fetch(`${relay.url}/dev/core.html`);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /style-src 'self'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  const wasm = await fetch(`${relay.url}/core/parley-widget.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
});

test('both cores and the worker run under the CSP, which really is enforced', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${relay.url}/dev/core.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30000 });
  const checks = await page.evaluate(() => Object.fromEntries(
    Object.entries(window.parleyCheck).filter(([, v]) => v && typeof v === 'object' && 'ok' in v)));
  // Negative controls: the policy blocks eval, new Function and inline scripts on this very page.
  assert.equal(checks['eval blocked'].ok, true, 'eval was not blocked: the CSP is not in force');
  assert.equal(checks['new Function blocked'].ok, true);
  assert.equal(checks['inline script blocked'].ok, true, 'an inline script ran: the CSP is not in force');
  const violations = await page.evaluate(() => window.parleyCheck.violations);
  assert.ok(violations.includes('script-src-elem') || violations.includes('script-src'), `violations: ${violations}`);
  // And yet the cores work.
  assert.equal(checks['widget core'].ok, true, checks['widget core'].detail);
  assert.equal(checks['full core'].ok, true, checks['full core'].detail);
  assert.equal(checks['full core in a Web Worker'].ok, true, checks['full core in a Web Worker'].detail);
  const analysis = await page.evaluate(() => window.parleyCheck.fullCore.call('text.analyze', { text: 'ＡＢＣ 注文' }));
  assert.equal(analysis.normalized, 'abc 注文');
  assert.equal(analysis.graphemes, 6);
  await page.fill('#text', 'مرحبا 👍🏽');
  assert.match(await page.textContent('#analysis'), /"graphemes": 7/);
  await page.screenshot({ path: artifact('core-check.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
