// Knowledge-pack access through the real relay (issue 15): the public /packs/ files never carry an
// agents-only article, however the path is spelled; no path leaves the served folders; the
// agents' route GET /api/v1/packs/{id}/internal-articles needs the agent's token; and the Assist
// panel in the console, given that token by its host, lists those articles under "For agents only"
// in the agent's language.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, eventually, launchBrowser, startRelay, consoleSignIn } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';

const AGENT = 'packs-agent-token';
const PACK = join(ROOT, 'site/packs/demo');
const manifest = JSON.parse(readFileSync(join(PACK, 'pack.json'), 'utf8'));
// What the pack holds on disk, to compare the relay's answers with.
const onDisk = manifest.files.kb.map((file) => ({ file, ...JSON.parse(readFileSync(join(PACK, file), 'utf8')) }));
const isPublic = (a) => (a.audience ?? 'public') === 'public';
const internalOnDisk = onDisk.flatMap((kb) => kb.articles.filter((a) => !isPublic(a)).map((a) => ({ ...a, locale: a.locale ?? kb.locale })));

let relay;
before(async () => { relay = await startRelay({ args: ['--agent-token', AGENT] }); });
after(async () => { await relay?.stop(); });

// A GET with the path sent byte for byte (fetch would normalise "//" and "%2e%2e" away).
function rawGet(path, { method = 'GET' } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: relay.port, path, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

test('the pack holds agents-only articles (else this file proves nothing)', () => {
  assert.ok(internalOnDisk.length >= 2, 'the demo pack has internal articles');
  assert.ok(onDisk.some((kb) => kb.articles.some(isPublic) && kb.articles.some((a) => !isPublic(a))), 'a file mixing both');
});

describe('the public /packs/ route', () => {
  test('every knowledge-base file is served with its public articles and none of the others', async () => {
    for (const kb of onDisk) {
      const r = await rawGet(`/packs/demo/${kb.file}`);
      assert.equal(r.status, 200, kb.file);
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.deepEqual(r.json.articles.map((a) => a.id), kb.articles.filter(isPublic).map((a) => a.id), kb.file);
      assert.equal(r.json.locale, kb.locale);
      for (const a of internalOnDisk) {
        assert.ok(!r.text.includes(a.id), `${kb.file} does not name ${a.id}`);
        assert.ok(!r.text.includes(a.body.slice(0, 60)), `${kb.file} does not carry the text of ${a.id}`);
      }
    }
  });

  test('no other spelling of the path reaches the unfiltered file', async () => {
    const withInternal = onDisk.find((kb) => kb.articles.some((a) => !isPublic(a))).file;  // kb/en.json
    const [dir, name] = withInternal.split('/');
    const spellings = [
      `/packs/demo/./${withInternal}`, `/packs/./demo/${withInternal}`, `/packs//demo/${withInternal}`, `/packs/demo/${dir}//${name}`,
      `/packs/demo/${dir}/%${name.charCodeAt(0).toString(16)}${name.slice(1)}`, `/packs/demo/%6b%62/${name}`, `/packs%2fdemo%2f${withInternal}`,
      `/packs/demo/${withInternal}?raw=1`, `/packs/demo/${dir}/./${name}`, `/packs/demo/%2e/${withInternal}`, `/packs/%2E/demo/${withInternal}`,
      `/packs/demo/${dir}/%2e%2f${name}`, `/./packs/demo/${withInternal}`, `//packs/demo/${withInternal}`,
    ];
    for (const path of spellings) {
      for (const method of ['GET', 'HEAD']) {
        const r = await rawGet(path, { method });
        assert.ok([200, 404].includes(r.status), `${method} ${path}: ${r.status}`);
        for (const a of internalOnDisk) assert.ok(!r.text.includes(a.id), `${method} ${path} leaks ${a.id}`);
        if (method === 'GET' && r.status === 200) assert.ok(r.json.articles.every(isPublic), path);
      }
    }
  });

  test('the knowledge API for the widget lists public articles only', async () => {
    const r = await rawGet('/api/v1/knowledge/articles');
    assert.equal(r.status, 200);
    assert.ok(r.json.articles.length > 0);
    assert.ok(r.json.articles.every(isPublic));
    for (const a of internalOnDisk) assert.ok(!r.text.includes(a.id));
  });
});

describe('paths outside the served folders', () => {
  const secrets = /root:.*:0:0:|\[core\]|PRIVATE KEY/;
  test('a rooted path ("//etc/passwd", "%2f" spellings, under every mount) is a 404 JSON error', async () => {
    for (const path of ['//etc/passwd', '//etc/hostname', '/%2fetc/passwd', '/%2Fetc%2Fpasswd', '///etc/passwd', '/assist//etc/passwd',
      '/widget//etc/passwd', '/models//etc/passwd', '/wasm-js//etc/passwd', '/packs//etc/passwd', `/${'/'.repeat(5)}proc/self/environ`,
      '//' + join(ROOT, 'README.md').slice(1), '//' + join(ROOT, '.git/config').slice(1)]) {
      const r = await rawGet(path);
      assert.equal(r.status, 404, `${path}: ${r.status} ${r.text.slice(0, 80)}`);
      assert.equal(r.json?.error?.code, 'not_found', path);
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.doesNotMatch(r.text, secrets, path);
    }
  });

  test('a ".." segment however encoded is refused before any folder is looked at (400 bad_path), never served', async () => {
    for (const path of ['/packs/demo/../../README.md', '/packs/demo/%2e%2e/%2e%2e/README.md', '/packs/demo/kb/..%2f..%2f..%2fREADME.md',
      '/packs/%2E%2E/%2E%2E/.git/config', '/..%2f..%2f..%2fetc/passwd', '/packs/demo/kb/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd']) {
      const r = await rawGet(path);
      assert.equal(r.status, 400, `${path}: ${r.status}`);
      assert.equal(r.json?.error?.code, 'bad_path', path);
      assert.doesNotMatch(r.text, secrets, path);
    }
  });

  test('the relay still answers, and its own files still load', async () => {
    assert.equal((await rawGet('/healthz')).status, 200);
    assert.equal((await rawGet('/packs/demo/pack.json')).json.id, 'demo');
    assert.equal((await rawGet('/assist/index.html')).status, 200);
  });
});

describe('GET /api/v1/packs/{id}/internal-articles', () => {
  const path = '/api/v1/packs/demo/internal-articles';
  test('an agent gets every internal article with its locale, never cached', async () => {
    const r = await api(relay.url, AGENT)('GET', path);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.pack, 'demo');
    assert.deepEqual(r.json.articles.map((a) => [a.id, a.locale]).sort(), internalOnDisk.map((a) => [a.id, a.locale]).sort());
    assert.ok(r.json.articles.every((a) => a.audience === 'internal' && a.body && a.title));
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test('no token, a wrong token, a visitor\'s token: refused with a JSON error and no article', async () => {
    const visitor = await newVisitor(relay.url);
    const cases = [[api(relay.url), 401], [api(relay.url, 'not-the-agent-token'), 401], [api(relay.url, `${AGENT}x`), 401], [visitor.call, 403]];
    for (const [call, status] of cases) {
      const r = await call('GET', path);
      assert.equal(r.status, status, r.text);
      assert.equal(typeof r.json.error.code, 'string');
      for (const a of internalOnDisk) assert.ok(!r.text.includes(a.id));
    }
    // ?token= is not read on this route (a URL ends up in logs and histories).
    assert.equal((await rawGet(`${path}?token=${AGENT}`)).status, 401);
  });

  test('an unknown pack is 404; an id that is not one segment of [A-Za-z0-9_-] matches no route', async () => {
    const agent = api(relay.url, AGENT);
    assert.equal((await agent('GET', '/api/v1/packs/nope/internal-articles')).status, 404);
    const dotted = await rawGet('/api/v1/packs/%2e/internal-articles');
    assert.equal(dotted.status, 404);
  });
});

describe('the Assist host adapter', () => {
  test('a token is taken only from the embedding window on the console\'s origin', async () => {
    const origin = 'http://127.0.0.1:1';
    const listeners = [];
    const parent = { postMessage() {} };
    globalThis.window = { parent, addEventListener: (type, f) => listeners.push(f) };
    globalThis.location = { origin };
    try {
      const { connect } = await import('../../assist/hosts/relay-console.js');
      const tokens = [];
      connect({ openConversation() {}, authenticate: (t) => tokens.push(t) }, { target: parent });
      const send = (data, from, source = parent) => listeners.forEach((f) => f({ data, origin: from, source }));
      send({ type: 'parley:auth', token: 'from-a-stranger' }, 'http://evil.example');
      send({ type: 'parley:auth', token: 'from-another-frame' }, origin, {});
      send({ type: 'parley:auth', token: '' }, origin);
      send({ type: 'parley:auth', token: 42 }, origin);
      send({ type: 'parley:auth', token: 'the-agent' }, origin);
      assert.deepEqual(tokens, ['the-agent']);
    } finally {
      delete globalThis.window;
      delete globalThis.location;
    }
  });
});

describe('Assist in the console lists the agents-only articles, in the agent\'s language', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  const headings = { en: 'For agents only', ja: '担当者専用', ar: 'للموظفين فقط' };
  for (const [lang, heading] of Object.entries(headings)) {
    test(lang, async () => {
      // axe is injected as a script, which the strict CSP would refuse: this context bypasses CSP.
      const context = await browser.newContext({ locale: lang, viewport: { width: 1500, height: 1000 }, bypassCSP: true });
      const page = await context.newPage();
      const problems = await consoleSignIn(page, relay.url, AGENT);
      const panel = page.frameLocator('#assist-host iframe');
      await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
      await panel.locator('#internal:not([hidden])').waitFor();
      assert.equal(await panel.locator('#h-internal').textContent(), heading);
      assert.equal(await panel.locator('html').getAttribute('lang'), lang);
      const ids = await panel.locator('#internal-list li').evaluateAll((lis) => lis.map((li) => li.dataset.article));
      assert.deepEqual(ids.sort(), internalOnDisk.map((a) => a.id).sort());
      const first = internalOnDisk[0];
      await panel.locator(`#internal-list li[data-article="${first.id}"] summary`).click();
      assert.equal(await panel.locator(`#internal-list li[data-article="${first.id}"] p`).textContent(), first.body);
      assert.equal(await panel.locator('#internal-status').textContent(), '');
      const frame = page.frame({ url: /\/assist\/index\.html/ });
      await frame.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
      const result = await frame.evaluate(() => globalThis.axe.run(document.getElementById('internal')));
      assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('a panel whose host gives no token has no such list and says nothing is wrong', async () => {
    const page = await browser.newPage();
    // Opened on its own (no host): the public pack only.
    await page.goto(`${relay.url}/assist/index.html`);
    await page.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
    assert.equal(await page.locator('#internal').isHidden(), true);
    assert.equal(await page.locator('#internal-list li').count(), 0);
    await page.close();
  });
});
