// The golden cases through both wasm cores: expectations hold and every answer is byte-identical
// to the native answer recorded by tests/unit/golden_test.cpp.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, loadCore } from './cores.mjs';

function loadCases() {
  const dir = join(ROOT, 'tests', 'golden');
  const cases = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const c = JSON.parse(line);
      cases.push({ file: f, request: {}, expect: {}, ...c });
    }
  }
  return cases;
}

function mismatch(expect, answer, path = '') {
  if (expect && typeof expect === 'object' && !Array.isArray(expect)) {
    if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return `${path}: expected an object`;
    for (const [k, v] of Object.entries(expect)) {
      if (!(k in answer)) return `${path}/${k}: missing`;
      const m = mismatch(v, answer[k], `${path}/${k}`);
      if (m) return m;
    }
    return '';
  }
  if (Array.isArray(expect)) {
    if (!Array.isArray(answer) || answer.length !== expect.length) return `${path}: expected ${JSON.stringify(expect)}, got ${JSON.stringify(answer)}`;
    for (let i = 0; i < expect.length; i++) { const m = mismatch(expect[i], answer[i], `${path}/${i}`); if (m) return m; }
    return '';
  }
  return expect === answer ? '' : `${path}: expected ${JSON.stringify(expect)}, got ${JSON.stringify(answer)}`;
}

const cases = loadCases();
const nativeFile = join(ROOT, 'build', 'native', 'golden-native.jsonl');
const native = new Map();
if (existsSync(nativeFile)) {
  for (const line of readFileSync(nativeFile, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    native.set(`${r.method}\u0000${r.name}`, r.answer);
  }
}

for (const flavor of ['full', 'widget', 'kb']) {
  test(`golden cases in the ${flavor} core match native byte for byte`, async () => {
    assert.ok(native.size > 0, `native answers missing: run the native golden test first (${nativeFile})`);
    const core = await loadCore(flavor);
    const available = new Set(core.methods());
    let ran = 0;
    for (const c of cases) {
      // A method the widget core does not include must say so, not crash.
      if (!available.has(c.method) && !c.method.startsWith('text.nothing')) {
        assert.equal(JSON.parse(core.callJson(c.method, '{}')).error.code, 'unknown_method');
        continue;
      }
      const answer = core.callJson(c.method, JSON.stringify(c.request));
      const where = `${c.file}: ${c.name}`;
      assert.equal(mismatch(c.expect, JSON.parse(answer)), '', where);
      const expected = native.get(`${c.method}\u0000${c.name}`);
      assert.ok(expected !== undefined, `${where}: no native answer recorded`);
      assert.equal(answer, expected, `${where}: wasm and native answers differ`);
      ran++;
    }
    assert.ok(ran > 0);
  });
}

test('the widget core leaves ICU out and says so', async () => {
  const core = await loadCore('widget');
  assert.deepEqual(core.call('core.version'), { version: '0.1.0', icu: false });
  assert.equal(core.call('text.analyze', { text: 'x' }).error.code, 'unknown_method');
});

test('errors come back as data for hostile input, never an abort', async () => {
  const core = await loadCore('full');
  assert.equal(core.callJson('text.validate', '{"text": "a').startsWith('{"error":'), true);
  assert.equal(core.call('text.validate', '{"text": "\ud800"}').error.code, 'invalid_utf8');
  // JSON.stringify escapes a lone surrogate as \ud800: the JSON itself is then invalid, and says why.
  const escaped = core.call('text.analyze', { text: 'ok\ud800' }).error;
  assert.equal(escaped.code, 'invalid_json');
  assert.match(escaped.message, /surrogate/);
  assert.equal(escaped.path, '/text');
  const deep = '['.repeat(50000);
  assert.equal(core.call('text.validate', deep).error.code, 'invalid_json');
  // After all that the module still answers.
  assert.equal(core.call('text.analyze', { text: 'ＯＫ' }).normalized, 'ok');
});
