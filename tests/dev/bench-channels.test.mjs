// `parley bench channels --json` on a small run: every channel the core reads takes part (WeCom
// too, by callback and pull), the per-channel figures add up to the totals, and nothing
// acknowledged is lost or stored twice across the two SIGKILL restarts — for WeCom, every message
// a callback announced was pulled. It checks shapes, arithmetic and the no-loss invariant, never speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PARLEY = process.env.PARLEY_BIN || join(ROOT, 'build/native/parley');

test('bench channels --messages 270 --json: WeCom takes part, per-channel figures add up, nothing lost', () => {
  const r = spawnSync(PARLEY, ['bench', 'channels', '--messages', '270', '--json'], { encoding: 'utf8', timeout: 300000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.trim());
  assert.equal(lines.length, 1, 'exactly one JSON line on stdout');
  const o = JSON.parse(lines[0]);
  assert.ok(o.channels.includes('wecom'), `channels: ${o.channels}`);
  assert.deepEqual(o.channels_unsupported, []);
  assert.deepEqual(Object.keys(o.by_channel).sort(), [...o.channels].sort());
  const sum = (k) => Object.values(o.by_channel).reduce((a, c) => a + c[k], 0);
  assert.equal(sum('inbound_unique'), o.inbound_unique);
  assert.equal(sum('inbound_stored'), o.inbound_stored);
  assert.equal(sum('lost'), o.lost);
  assert.equal(sum('duplicated'), o.duplicated);
  assert.equal(sum('outbound_replies'), o.outbound_replies);
  assert.equal(o.inbound_unique, 270);
  assert.equal(o.restarts, 2);
  assert.deepEqual([o.lost, o.duplicated, o.forged_accepted], [0, 0, 0]);
  const w = o.by_channel.wecom;
  assert.ok(w.inbound_unique > 0);
  assert.equal(w.inbound_stored, w.inbound_unique, 'every WeCom message is stored');
  assert.equal(o.wecom_unpulled, 0, 'every WeCom message a callback announced was pulled');
  assert.ok(w.outbound_replies > 0, 'agents replied on WeCom');
  for (const [channel, c] of Object.entries(o.by_channel))
    assert.ok(c.outbound_sent + c.outbound_failed <= c.outbound_replies, `${channel}: settled replies ≤ replies`);
});
