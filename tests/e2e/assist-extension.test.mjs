// Assist as a Chrome MV3 side panel: Debian's Chromium loads the unpacked extension (built here
// with this run's loopback origins as the trusted ones), its content script reads a helpdesk page
// marked up with data-parley-* and the relay's agent console, and the panel (the extension's own
// page, core in a Web Worker under the extension CSP) analyses the conversation and inserts the
// draft into the page's reply box. The same helpdesk page on an origin the extension was not
// built to trust is ignored.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, artifact, eventually, fileServer, launchWithExtension, startRelay } from './browser.mjs';
import { newVisitor } from './relay-client.mjs';
import { buildExtension } from '../../assist/extension/build.mjs';

const env = { relay: null, helpdesk: null, stranger: null, dir: null };
before(async () => {
  env.relay = await startRelay();
  env.helpdesk = await fileServer(join(ROOT, 'assist', 'dev'), ['helpdesk.html', 'host.css']);
  env.stranger = await fileServer(join(ROOT, 'assist', 'dev'), ['helpdesk.html', 'host.css']);
  // The content script runs on every loopback page (any port); only the relay and the helpdesk are trusted.
  env.dir = buildExtension({ out: join(mkdtempSync(join(tmpdir(), 'parley-ext-')), 'extension'),
    origins: [env.relay.url, env.helpdesk.url], matches: ['http://127.0.0.1/*'] }).out;
});
after(async () => {
  await env.helpdesk?.close();
  await env.stranger?.close();
  await env.relay?.stop();
});

async function openPanel(context, extensionId) {
  const panel = await context.newPage();
  const problems = [];
  panel.on('pageerror', (e) => problems.push(String(e)));
  await panel.setViewportSize({ width: 420, height: 1500 });
  await panel.goto(`chrome-extension://${extensionId}/assist/index.html`);
  await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
  return { panel, problems };
}

test('the extension: side panel and CSP as declared, the helpdesk page read by the content script, the draft inserted into its reply box', async () => {
  const manifest = JSON.parse(readFileSync(join(env.dir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  const { context, extensionId, worker } = await launchWithExtension(env.dir);
  try {
    // Chromium itself says where the side panel is.
    assert.equal((await worker.evaluate(() => chrome.sidePanel.getOptions({}))).path, 'assist/index.html');
    const page = await context.newPage();
    await page.goto(`${env.helpdesk.url}/helpdesk.html`);
    await page.locator('html[data-parley-reported]').waitFor();
    const { panel, problems } = await openPanel(context, extensionId);
    await panel.locator('#case[data-analysed="true"]:not([hidden])').waitFor();
    assert.equal(await panel.locator('#case').getAttribute('data-conversation'), 'acme-T-2207');
    assert.match(await panel.locator('#last-message').textContent(), /Where is my order\?/);
    assert.equal(await panel.locator('#contact-name').textContent(), 'Olivia Bennett');
    assert.equal(await panel.locator('#channel-name').textContent(), 'webchat');
    assert.equal(await panel.locator('#f-intent').getAttribute('data-intent'), 'order_status');
    await panel.locator('button[data-template="en.webchat.order_status"][aria-pressed="true"]').waitFor();
    const draft = await panel.locator('#draft-text').inputValue();
    assert.match(draft, /PD-204816/);  // the order number the customer typed on the helpdesk page
    // The core answered from a Web Worker (the panel's page never loads the wasm itself).
    const workers = panel.workers().map((w) => w.url());
    assert.ok(workers.includes(`chrome-extension://${extensionId}/wasm-js/core-worker.js`), workers.join());
    assert.equal(await panel.locator('#send').isHidden(), true);
    await panel.locator('#insert').click();
    await panel.locator('#send-status', { hasText: 'Inserted' }).waitFor();
    assert.equal(await page.locator('#reply').inputValue(), draft);
    await panel.screenshot({ path: artifact('assist-extension.png'), fullPage: true });
    await page.screenshot({ path: artifact('assist-extension-helpdesk.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the extension on the relay console: the selected conversation in the side panel, the draft in the console\'s reply box', async () => {
  const v = await newVisitor(env.relay.url, { name: 'Priya Shah' });
  const c = (await v.call('POST', '/api/v1/conversations', { channel: 'webchat', locale: 'en',
    session_context: { page_url: 'https://shop.example/orders', locale: 'en-GB', timezone: 'Europe/London' } })).json;
  await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'x1', text: 'Where is my order PD-204816? It has not arrived yet.' });
  const { context, extensionId } = await launchWithExtension(env.dir);
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1300, height: 900 });
    await page.goto(`${env.relay.url}/console/`);
    await page.click('#login-form button[type=submit]');
    await page.locator(`.inbox-item[data-id="${c.id}"]`).click();
    await page.locator('#messages .message', { hasText: 'PD-204816' }).waitFor();
    const { panel, problems } = await openPanel(context, extensionId);
    await panel.locator(`#case[data-conversation="relay-${c.id}"][data-analysed="true"]`).waitFor({ timeout: 30000 });
    assert.match(await panel.locator('#last-message').textContent(), /Where is my order PD-204816\?/);
    assert.equal(await panel.locator('#f-intent').getAttribute('data-intent'), 'order_status');
    await eventually(async () => /PD-204816/.test(await panel.locator('#draft-text').inputValue()), 20000);
    const draft = await panel.locator('#draft-text').inputValue();
    await panel.locator('#insert').click();
    await panel.locator('#send-status', { hasText: 'Inserted' }).waitFor();
    assert.equal(await page.locator('#reply-text').inputValue(), draft);
    await panel.screenshot({ path: artifact('assist-extension-console.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the same helpdesk page on an origin the extension does not trust is ignored', async () => {
  const { context, extensionId, worker } = await launchWithExtension(env.dir);
  try {
    const page = await context.newPage();
    await page.goto(`${env.stranger.url}/helpdesk.html`);
    // The content script ran there and reported (the stranger is a loopback page like the others)…
    await page.locator('html[data-parley-reported]').waitFor();
    const { panel } = await openPanel(context, extensionId);
    await new Promise((r) => setTimeout(r, 2000));
    // …but the service worker kept nothing, and the panel opened nothing.
    assert.deepEqual(await worker.evaluate(() => chrome.storage.session.get('current')), {});
    assert.equal(await panel.locator('#case').isHidden(), true);
    assert.equal(await panel.locator('#waiting').isVisible(), true);
    assert.equal(await page.locator('#reply').inputValue(), '');
  } finally {
    await context.close();
  }
});

test('the side panel signs the agent in to the relay the extension was built for and lists the agents-only articles', async () => {
  const manifest = JSON.parse(readFileSync(join(env.dir, 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest.host_permissions, [`${env.relay.url}/*`]);  // the relay only, for the Bearer fetch
  assert.equal(JSON.parse(readFileSync(join(env.dir, 'config.json'), 'utf8')).relay, env.relay.url);
  const expected = (await (await fetch(`${env.relay.url}/api/v1/packs/demo/internal-articles`, { headers: { Authorization: 'Bearer demo-agent' } })).json())
    .articles.map((a) => a.id).sort();
  // The bundle carries the public articles only: the others come from the relay, with a token.
  const kb = readFileSync(join(env.dir, 'packs', 'demo', 'kb', 'en.json'), 'utf8');
  assert.ok(expected.length >= 2);
  for (const id of expected) assert.ok(!kb.includes(id), `${id} ships in the extension`);
  assert.ok(JSON.parse(kb).articles.length > 0);
  const { context, extensionId } = await launchWithExtension(env.dir);
  try {
    const page = await context.newPage();
    await page.goto(`${env.helpdesk.url}/helpdesk.html`);
    await page.locator('html[data-parley-reported]').waitFor();
    const { panel, problems } = await openPanel(context, extensionId);
    await panel.locator('#case[data-analysed="true"]:not([hidden])').waitFor();
    await panel.locator('#internal-signin:not([hidden])').waitFor();
    await panel.locator('#internal-token').fill('demo-agent');
    await panel.locator('#internal-signin button[type=submit]').click();
    await panel.locator('#internal-list li').first().waitFor();
    assert.deepEqual(await panel.locator('#internal-list li').evaluateAll((lis) => lis.map((li) => li.dataset.article).sort()), expected);
    assert.equal(await panel.locator('#internal-status').textContent(), '');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the extension refuses to be built for a relay it would reach in clear text off loopback', () => {
  assert.throws(() => buildExtension({ out: join(mkdtempSync(join(tmpdir(), 'parley-ext-')), 'x'), origins: [env.helpdesk.url], relay: 'http://relay.example.com' }),
    /https only/);
  assert.throws(() => buildExtension({ out: join(mkdtempSync(join(tmpdir(), 'parley-ext-')), 'x'), origins: [env.helpdesk.url], relay: 'not a url' }),
    /--relay/);
});
