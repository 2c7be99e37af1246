// `parley train retrieval` is deterministic — the same command writes the same bytes — and
// `parley search --model FILE` answers with the encoder it wrote. A small table and few steps
// (and only the project's own messages plus a workspace history) keep it quick.
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

test('train retrieval: same command, same bytes; a different seed, different bytes; search --model uses it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-train-retrieval-'));
  try {
    const history = join(dir, 'history.jsonl');
    writeFileSync(history, [
      { text: 'my parcel never came', article_id: 'order-tracking.en' },
      { text: 'where is my package', article_id: 'order-tracking.en' },
      { text: 'the zip on my jacket broke after a month', article_id: 'warranty.en' },
      { text: 'the strap snapped after two weeks', article_id: 'warranty.en' },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const base = ['train', 'retrieval', '--exclude', 'banking77', '--exclude', 'clinc150', '--exclude', 'bitext',
      '--history', history, '--steps', '40', '--rows', '4096', '--dim', '16'];
    const a = run([...base, '--out', join(dir, 'a.bin')]);
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stderr, /history: 4 messages/);
    assert.doesNotMatch(a.stderr, /banking77/);
    assert.equal(run([...base, '--out', join(dir, 'b.bin')]).status, 0);
    const bytes = readFileSync(join(dir, 'a.bin'));
    assert.ok(bytes.equals(readFileSync(join(dir, 'b.bin'))), 'two runs wrote different bytes');
    assert.equal(bytes.subarray(0, 4).toString(), 'PRTE');
    assert.equal(run([...base, '--seed', '2', '--out', join(dir, 'c.bin')]).status, 0);
    assert.ok(!bytes.equals(readFileSync(join(dir, 'c.bin'))), 'the seed changed nothing');

    const kb = join(ROOT, 'site/packs/demo/kb/en.json');
    const s = run(['search', '--kb', kb, '--model', join(dir, 'a.bin')], JSON.stringify({ text: 'where is my package', locale: 'en' }) + '\n');
    assert.equal(s.status, 0, s.stderr);
    assert.ok(Array.isArray(JSON.parse(s.stdout).hits));
    const bad = run(['train', 'retrieval', '--exclude', 'nope', '--out', join(dir, 'd.bin')]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /unknown dataset "nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
