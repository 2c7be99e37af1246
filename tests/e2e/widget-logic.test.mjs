// The widget's client logic without a browser: outbox ordering/retry semantics (memory mode, as in
// a browser without IndexedDB), session-context trimming, locale negotiation, safe link targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';

if (typeof globalThis.navigator === 'undefined') globalThis.navigator = {};  // node 20 has none
const { createOutbox, newKey } = await import('../../widget/app/outbox.js');
const { cleanContext } = await import('../../widget/app/context.js');
const { negotiate } = await import('../../widget/app/i18n.js');
const { safeHref } = await import('../../widget/app/render.js');

test('outbox: in order, once each, retrying temporary failures and dropping refusals', async () => {
  const stored = [];      // what the "relay" kept, by idempotency key
  const attempts = {};
  const failed = [];
  const outbox = await createOutbox({
    name: 'test',
    async deliver(entry) {
      attempts[entry.key] = (attempts[entry.key] || 0) + 1;
      if (entry.text === 'refused') throw Object.assign(new Error('too long'), { retry: false });
      // The 2nd message: the first two tries "lose the answer" after the relay stored it.
      if (!stored.some((m) => m.key === entry.key)) stored.push({ key: entry.key, text: entry.text });
      if (entry.text === 'b' && attempts[entry.key] < 3) throw Object.assign(new Error('network'), { retry: true });
      return { key: entry.key };
    },
    onFailed: (entry) => failed.push(entry.text),
  });
  for (const text of ['a', 'b', 'refused', 'c']) await outbox.add({ key: newKey(), text });
  for (let i = 0; i < 200 && ((await outbox.all()).length || failed.length === 0); i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(stored.map((m) => m.text), ['a', 'b', 'c']);
  assert.deepEqual(failed, ['refused']);
  assert.equal(Object.values(attempts).reduce((a, b) => a + b), 1 + 3 + 1 + 1);
  assert.deepEqual(await outbox.all(), []);
  outbox.stop();
});

test('idempotency keys are unique', () => {
  const keys = new Set(Array.from({ length: 1000 }, newKey));
  assert.equal(keys.size, 1000);
});

test('session context is trimmed to the relay schema, nothing odd passes', () => {
  const c = cleanContext({
    page_url: 'https://shop.example/x', referrer: '', locale: 'pt-BR', timezone: 'America/Sao_Paulo',
    utm: { source: 'ig', medium: 'social', campaign: 'c', gclid: 'dropped' },
    cart: [{ sku: 'A', qty: 2, nested: { no: 1 }, price: 9.5 }, 'not an object'],
    pages_seen: ['https://shop.example/', 42, 'https://shop.example/x'],
    custom: { plan: 'gold', n: 3, ok: true, bad: { x: 1 }, inf: Infinity },
    unknown_top_level: 'dropped',
  });
  assert.deepEqual(c, {
    page_url: 'https://shop.example/x', locale: 'pt-BR', timezone: 'America/Sao_Paulo',
    utm: { source: 'ig', medium: 'social', campaign: 'c' },
    cart: [{ sku: 'A', qty: 2, price: 9.5 }],
    pages_seen: ['https://shop.example/', 'https://shop.example/x'],
    custom: { plan: 'gold', n: 3, ok: true },
  });
  const big = cleanContext({ pages_seen: Array.from({ length: 100 }, (_, i) => `https://x.example/${'p'.repeat(400)}${i}`) });
  assert.ok(JSON.stringify(big).length <= 32768);
});

test('locale negotiation', () => {
  assert.equal(negotiate('ja-JP'), 'ja');
  assert.equal(negotiate('zh-TW'), 'zh-Hans');
  assert.equal(negotiate('zh-Hans-CN'), 'zh-Hans');
  assert.equal(negotiate('pt-PT'), 'pt-BR');
  assert.equal(negotiate('ar-EG'), 'ar');
  assert.equal(negotiate('sv-SE'), 'en');
  assert.equal(negotiate(undefined), 'en');
});

test('only http(s) URLs become link targets', () => {
  assert.equal(safeHref('https://example.com/a?b=1'), 'https://example.com/a?b=1');
  assert.equal(safeHref('http://example.com'), 'http://example.com/');
  for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'file:///etc/passwd', '//evil.example', 'not a url']) {
    assert.equal(safeHref(bad), null, bad);
  }
});
