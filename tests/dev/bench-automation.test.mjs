// `parley bench automation --json` on the held-out section only (the fast one): the figures are
// computed from every held-out message, the shares partition them, precisions are shares, and the
// baseline comes from the same messages. It checks shapes and arithmetic, never quality.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PARLEY = process.env.PARLEY_BIN || join(ROOT, 'build/native/parley');
const run = (args) => spawnSync(PARLEY, args, { encoding: 'utf8', timeout: 300000 });

const heldoutDir = join(ROOT, 'data/triage/heldout');
const heldout = readdirSync(heldoutDir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(heldoutDir, f), 'utf8').split('\n').filter((l) => l.trim()));

const inUnit = (x) => x === null || (typeof x === 'number' && x >= 0 && x <= 1);

test('bench automation --only heldout --json prints one object whose figures add up', () => {
  const r = run(['bench', 'automation', '--only', 'heldout', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.trim());
  assert.equal(lines.length, 1, 'exactly one JSON line on stdout');
  const o = JSON.parse(lines[0]);
  const h = o.heldout;
  assert.equal(h.n, heldout.length, 'every held-out message is decided');
  assert.equal(h.resolved_n + h.prequalified_n + h.handed_off_n, h.n);
  assert.equal(h.answer_n + h.flow_n, h.resolved_n);
  assert.ok(h.flow_call_n <= h.flow_n);
  const sum = h.resolved_share + h.prequalified_share + h.handed_off_share;
  assert.ok(Math.abs(sum - 1) <= 0.0003, `shares sum to ${sum}`);
  assert.ok(Math.abs(h.resolved_share - h.resolved_n / h.n) < 0.0001);
  for (const k of ['resolved_precision', 'prequalified_precision']) assert.ok(inUnit(h[k]), `${k} = ${h[k]}`);
  assert.equal(h.resolved_precision === null, h.resolved_n === 0);
  assert.equal(h.errors, 0, h.first_error);
  assert.equal(Object.values(h.rules).reduce((a, b) => a + b, 0), h.n, 'every decision has an action/rule');
  assert.equal(typeof h.aim_met, 'boolean');
  assert.equal(o.aim.heldout_met, h.aim_met);
  // The baseline: the same messages through triage.classify.
  const b = h.baseline;
  for (const k of ['auto_share', 'auto_precision', 'prequalify_share', 'prequalify_precision', 'human_share', 'accuracy']) assert.ok(inUnit(b[k]), `${k} = ${b[k]}`);
  assert.ok(Math.abs(b.auto_share + b.prequalify_share + b.human_share - 1) <= 0.0003);
  assert.ok(Math.abs(b.auto_n / h.n - b.auto_share) < 0.0001);
  // Sections not asked for are not run.
  assert.equal(o.unseen, undefined);
  assert.equal(o.latency, undefined);
});

test('bench automation refuses a section it does not have, naming it', () => {
  const r = run(['bench', 'automation', '--only', 'heldout,bogus', '--json']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /"bogus"/);
});
