// Shared harness for end-to-end tests: a real relay on a free loopback port and Debian's Chromium
// driven by playwright-core (never a downloaded browser).
import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { storeFor } from './postgres.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'build', 'artifacts');
export const PARLEY = process.env.PARLEY_BIN || join(ROOT, 'build', 'native', 'parley');

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** Start `parley relay` on loopback; resolves once /healthz answers. `stop()` ends it. With
 * PARLEY_TEST_PG set, its store is a PostgreSQL database of the data directory's own (postgres.mjs). */
export async function startRelay({ port, data, args = [] } = {}) {
  port = port || (await freePort());
  data = data || mkdtempSync(join(tmpdir(), 'parley-relay-'));
  const store = args.includes('--store') ? null : storeFor(data);
  if (store) args = ['--store', store, ...args];
  const proc = spawn(PARLEY, ['relay', '--port', String(port), '--data', data, '--root', ROOT, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`relay exited: ${log}`);
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
    if (i === 99) throw new Error(`relay did not start: ${log}`);
  }
  return {
    url, port, data, proc, log: () => log,
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();  // exited, or killed by a test
      proc.once('exit', resolve);
      proc.kill('SIGTERM');
    }),
  };
}

/** Debian's Chromium, headless; `args` adds switches (e.g. WebGL through SwiftShader for the Studio). */
export async function launchBrowser({ args = [] } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${userDataDir}`, ...args],
  }).catch(async (e) => {
    // playwright-core passes its own user data dir for launch(); retry without ours if refused.
    if (!String(e).includes('user-data-dir')) throw e;
    return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', ...args] });
  });
}

/**
 * Debian's Chromium with an unpacked extension loaded (a persistent context: Chromium loads
 * extensions only into a profile). Resolves to {context, extensionId, worker}.
 */
export async function launchWithExtension(dir) {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'parley-chromium-ext-')), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    || await context.waitForEvent('serviceworker', { timeout: 30000 });
  return { context, worker, extensionId: new URL(worker.url()).host };
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** A relay and a browser for the whole test file: started before its tests, stopped after. */
export function relayAndBrowser(options) {
  const env = { relay: null, browser: null };
  before(async () => {
    env.relay = await startRelay(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.relay?.stop();
  });
  return env;
}

/**
 * Open the relay console in `page` and sign in with `token`; page errors are collected in the
 * returned list (a test asserts it stays empty).
 */
export async function consoleSignIn(page, relayUrl, token) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${relayUrl}/console/`);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  return problems;
}

/** Poll `check` until it is true; fails the test after `timeout` ms. */
export async function eventually(check, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A static server on its own loopback origin (a helpdesk, a stranger site): serves `files` (names
 * in `dir`) and nothing else. Resolves to {url, port, close}.
 */
export async function fileServer(dir, files, { port } = {}) {
  port = port || (await freePort());
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  const server = createHttpServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.replace(/^\/+/, '');
    if (!files.includes(name)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': types[extname(name)] || 'application/octet-stream', 'Cache-Control': 'no-store' })
      .end(readFileSync(join(dir, name)));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(r)) };
}
