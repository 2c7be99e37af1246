// The supervisor's metrics page in Chromium against a real relay: summary cards from the relay's
// figures, charts drawn (Observable Plot) with a label per bar, choosing a bar or a table row lists
// its conversations, the page in Japanese, strict CSP, nothing customers wrote rendered as HTML.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifact, launchBrowser, ROOT, startRelay } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';

let relay, browser;
const ids = [];
before(async () => {
  relay = await startRelay({ args: ['--agent-token', 'sup-token'] });
  browser = await launchBrowser();
  const agent = api(relay.url, 'sup-token');
  for (let i = 0; i < 3; i++) {
    const v = await newVisitor(relay.url);
    const c = (await v.call('POST', '/api/v1/conversations', {})).json;
    ids.push(c.id);
    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'm', text: '<img src=x onerror=alert(1)> where is 10023?' });
    await new Promise((r) => setTimeout(r, 20 + 30 * i));
    await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'a', text: 'On its way' });
    if (i < 2) await agent('POST', `/api/v1/conversations/${c.id}/status`, { status: 'resolved' });
    if (i === 0) await v.call('POST', `/api/v1/conversations/${c.id}/csat`, { score: 5 });
  }
});
after(async () => {
  await browser?.close();
  await relay?.stop();
});

async function open(lang = 'en') {
  const page = await browser.newPage({ locale: lang });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(`${relay.url}/console/`);
  await page.evaluate(([l]) => { sessionStorage.setItem('parley.console.token', 'sup-token'); localStorage.setItem('parley.console.lang', l); }, [lang]);
  await page.goto(`${relay.url}/console/metrics.html`);
  await page.locator('#cards .card').first().waitFor();
  return { page, problems };
}

test('cards, charts and tables show the relay\'s figures; a bar lists its conversations', async () => {
  const { page, problems } = await open('en');
  const cards = await page.locator('#cards .card').allTextContents();
  assert.equal(cards.length, 5);
  assert.match(cards[2], /100%.*1 of 1 answered/);  // CSAT: one survey answered with a 5
  const charts = existsSync(join(ROOT, 'build/wasm/console-vendor/plot.js'));
  if (charts) {
    const bar = page.locator('#chart-channel rect[role="button"]').first();
    assert.match(await bar.getAttribute('aria-label'), /^webchat: median first response /);
    await bar.click();
    await page.locator('#drill li').first().waitFor();
    assert.equal(await page.locator('#drill li').count(), 3);
    assert.equal(await page.locator('#chart-day rect[role="button"]').count(), 1);
    assert.ok(await page.locator('#chart-channel svg[aria-label]').count());
  }
  // The table rows are buttons too (the charts' numbers, for keyboards and screen readers).
  await page.locator('details:has(#table-channel) summary').click();
  await page.locator('#table-channel tbody button').first().click();
  const listed = await page.locator('#drill a').allTextContents();
  assert.deepEqual([...listed].sort(), [...ids].sort());
  assert.equal(await page.locator('#drill a').first().getAttribute('href'), `./#c=${encodeURIComponent(listed[0])}`);
  assert.equal(await page.locator('img').count(), 0);
  await page.screenshot({ path: artifact('console-metrics.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page in Japanese; without a sign-in it says what to do', async () => {
  const { page } = await open('ja');
  assert.equal(await page.locator('h1').textContent(), 'サポート指標');
  assert.match((await page.locator('#cards .card').nth(1).textContent()), /初回解決率/);
  await page.close();
  const fresh = await browser.newPage();
  await fresh.goto(`${relay.url}/console/metrics.html`);
  await fresh.locator('#metrics-status').filter({ hasText: /Sign in/ }).waitFor();
  await fresh.close();
});
