// Contract tests: every file of the demo pack that names a schema conforms to it (and its
// knowledge-base files to kb.schema.json), for the self-service pack schema and core agree on what
// a broken flow is, and for the knowledge base on what a broken example is.
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

// The knowledge-base files name no schema (the core reads them as they are): checked here by name.
const KB = join(PACK, 'kb');
const kbSchema = () => validator(json(join(ROOT, 'schemas', 'kb.schema.json')));
for (const name of readdirSync(KB).filter((f) => f.endsWith('.json'))) {
  test(`demo pack kb/${name} conforms to schemas/kb.schema.json`, () => {
    assert.deepEqual(kbSchema()(json(join(KB, name))), []);
  });
}

function call(method, req) {
  const bin = join(ROOT, 'build', 'native', 'parley');
  assert.ok(existsSync(bin), 'build the native CLI first');
  const r = spawnSync(bin, ['call', method], { input: JSON.stringify(req), encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

function decide(automation, text) {
  return call('automation.decide', { automation, text, triage: { intent: 'order_status', confidence: 0.95, tier: 'auto', language: 'en' } });
}

// A KB file's articles as knowledge.index takes them (each with its locale).
const articlesOf = (kb) => kb.articles.map((a) => ({ locale: kb.locale, ...a }));

test('every public demo article has example questions, the agents-only ones none', () => {
  for (const name of readdirSync(KB).filter((f) => f.endsWith('.json'))) {
    for (const a of json(join(KB, name)).articles) {
      if (a.audience === 'internal') assert.equal(a.examples, undefined, `${a.id}: examples of an internal article would be searched by customers' words`);
      else assert.ok(a.examples?.length >= 6 && new Set(a.examples).size === a.examples.length, `${a.id}: 6 or more distinct examples`);
    }
  }
});

test('an example that is not a string is refused by both the schema and the core, at its path', () => {
  const kb = json(join(KB, 'en.json'));
  kb.articles[1].examples = [...kb.articles[1].examples, { text: 'where is my parcel' }];
  const at = `/articles/1/examples/${kb.articles[1].examples.length - 1}`;
  const errors = kbSchema()(kb);
  assert.ok(errors.some((e) => e.startsWith(at)), errors.join('\n'));
  const r = call('knowledge.index', { articles: articlesOf(kb), index_id: 'contract-bad-example' });
  assert.equal(r.error?.code, 'invalid_type', JSON.stringify(r));
  assert.equal(r.error.path, at);
});

test('examples are search-only: an example finds its article, and the hit shows the body, never the example', () => {
  for (const name of readdirSync(KB).filter((f) => f.endsWith('.json'))) {
    const kb = json(join(KB, name));
    const articles = articlesOf(kb);
    const a = articles.find((x) => x.examples?.length);
    const example = a.examples[0];
    const r = call('knowledge.search', { articles, query: example, locale: kb.locale, k: 3 });
    assert.equal(r.error, undefined, JSON.stringify(r));
    const hit = r.hits.find((h) => h.article_id === a.id);
    assert.ok(hit, `${name}: "${example}" finds ${a.id}: ${JSON.stringify(r.hits.map((h) => h.article_id))}`);
    assert.deepEqual(Object.keys(hit).sort(), ['article_id', 'audience', 'confidence', 'fallback', 'locale', 'score', 'snippet', 'title']);
    assert.ok(hit.snippet && a.body.includes(hit.snippet.replace(/^…|…$/g, '')), `${name}: the snippet is the body's: ${hit.snippet}`);
  }
});

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
