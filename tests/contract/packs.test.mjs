// Contract tests: every file of the demo pack that names a schema conforms to it, and for the
// self-service pack, schema and core agree on what a broken flow is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { validator } from './schema.mjs';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const PACK = join(ROOT, 'site', 'packs', 'demo');
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const schemaOf = (file) => {
  const doc = json(file);
  return doc.$schema ? resolve(dirname(file), doc.$schema) : null;
};

for (const name of readdirSync(PACK).filter((f) => f.endsWith('.json'))) {
  const file = join(PACK, name);
  const schema = schemaOf(file);
  if (!schema) continue;
  test(`demo pack ${name} conforms to ${schema.slice(ROOT.length + 1)}`, () => {
    const errors = validator(json(schema), (sibling) => json(join(ROOT, 'schemas', sibling)))(json(file));
    assert.deepEqual(errors, []);
  });
}

function decide(automation, text) {
  const bin = join(ROOT, 'build', 'native', 'parley');
  assert.ok(existsSync(bin), 'build the native CLI first');
  const req = { automation, text, triage: { intent: 'order_status', confidence: 0.95, tier: 'auto', language: 'en' } };
  const r = spawnSync(bin, ['call', 'automation.decide'], { input: JSON.stringify(req), encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

test('a flow step of no known kind is refused by both the schema and the core', () => {
  const schema = json(join(ROOT, 'schemas', 'pack-automation.schema.json'));
  const good = json(join(PACK, 'automation.json'));
  assert.equal(decide(good, 'Where is my order?').error, undefined, 'the shipped pack runs');
  const bad = structuredClone(good);
  bad.flows.order_status.steps[0] = { id: 'order', asks: 'order_number' };  // a typo of "ask"
  const errors = validator(schema, (sibling) => json(join(ROOT, 'schemas', sibling)))(bad);
  assert.ok(errors.some((e) => e.includes('/flows/order_status/steps/0')), errors.join('\n'));
  const r = decide(bad, 'Where is my order?');
  assert.equal(r.error?.code, 'invalid_step', JSON.stringify(r));
  assert.match(r.error.path ?? r.error.message, /flows\/order_status\/steps\/0/);
});

test('a step that jumps to a step the flow lacks is refused by the core with its path', () => {
  const bad = json(join(PACK, 'automation.json'));
  bad.flows.return.steps.find((s) => s.id === 'unknown').next = 'ordr';
  const r = decide(bad, 'I want to return this');
  assert.equal(r.error?.code, 'unknown_step', JSON.stringify(r));
  assert.match(r.error.message, /ordr/);
});
