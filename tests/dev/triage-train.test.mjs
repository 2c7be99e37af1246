// `parley train triage --add` (a workspace's labelled history) is deterministic — the same command
// writes the same bytes — and `parley triage --model FILE` answers with the model it wrote. Small
// data (the unit tests' tiny set, 200 calibration messages per public set) keeps it quick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PARLEY = process.env.PARLEY_BIN || join(ROOT, 'build/native/parley');
const run = (args, input = '') => spawnSync(PARLEY, args, { encoding: 'utf8', input, timeout: 300000 });

test('train triage --add: same command, same bytes; triage --model uses the workspace model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-train-triage-'));
  try {
    const history = join(dir, 'history.jsonl');
    writeFileSync(history, [
      { text: 'my card has not arrived yet', intent: 'order_status' },
      { text: 'when will my new card be delivered', intent: 'order_status' },
      { text: 'i was charged twice for one coffee', intent: 'billing' },
      { text: 'there is a fee on my statement i do not know', intent: 'billing' },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const base = ['train', 'triage', '--data', join(ROOT, 'tests/unit/triage/tiny-model.jsonl'), '--bitext-per-intent', '0',
      '--no-lexicon', '--familiarity-rows', '200', '--add', history];
    const a = run([...base, '--out', join(dir, 'a.bin')]);
    assert.equal(a.status, 0, a.stderr);
    const summary = JSON.parse(a.stdout);
    assert.equal(summary.added_rows, 4);
    assert.ok(summary.labels.includes('billing'), 'the workspace brings its own intent');
    assert.equal(run([...base, '--out', join(dir, 'b.bin')]).status, 0);
    assert.ok(readFileSync(join(dir, 'a.bin')).equals(readFileSync(join(dir, 'b.bin'))), 'two runs wrote different bytes');

    const t = run(['triage', '--model', join(dir, 'a.bin')], JSON.stringify({ text: 'i was charged twice', lang: 'en' }) + '\n');
    assert.equal(t.status, 0, t.stderr);
    const answer = JSON.parse(t.stdout);
    assert.equal(answer.intent, 'billing');
    assert.equal(answer.familiarity.calibrated, true);

    writeFileSync(history, JSON.stringify({ text: 'no label here' }) + '\n');
    const bad = run([...base, '--out', join(dir, 'c.bin')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /row 1 has no "intent"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
