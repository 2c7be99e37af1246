// The `parley` CLI's contract: every command answers --help with its usage and exit 0 without doing
// the work, and an unknown option or a malformed value is an error naming it. ../shared/tools/check-cli
// checks the same for every listed command (and the JSON Lines shape); these cases pin the ones that
// used to go wrong: `parley relay --help` started a relay, a misspelt option fell back to a default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PARLEY = process.env.PARLEY_BIN || join(ROOT, 'build/native/parley');
const SHARED = process.env.PARLEY_SHARED || join(ROOT, '../shared');
const run = (args, input = '') => spawnSync(PARLEY, args, { encoding: 'utf8', input, timeout: 20000 });

test('parley --help lists the commands and exits 0; no command at all is an error', () => {
  const h = run(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^  relay\s/m);
  assert.match(h.stdout, /^  bench triage\s/m);
  assert.equal(run([]).status, 2);
});

test('parley relay --help prints its options and does not start a relay', () => {
  const h = run(['relay', '--help', '--port', '0']);
  assert.equal(h.error, undefined, 'timed out: the relay started');
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^usage: parley relay \[options\]/);
  for (const o of ['--port N', '--data DIR', '--allow-origin ORIGIN', '--help']) assert.ok(h.stdout.includes(o), o);
  assert.doesNotMatch(h.stderr, /http:\/\//);
});

test('an unknown option is an error naming it, before the command runs', () => {
  for (const args of [['relay', '--prot', '9'], ['bench', 'triage', '--sede', '2'], ['triage', '--modle', 'x'], ['methods', '--json']]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`unknown option ${args.find((a) => a.startsWith('--'))}\\b`));
    assert.equal(r.stdout, '');
  }
});

test('a malformed or missing value names the option and what it needs', () => {
  const bad = run(['relay', '--port', 'eighty']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /option --port needs a whole number, not "eighty"/);
  const missing = run(['eval', 'triage', '--model']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /option --model needs a value \(FILE\)/);
  const flag = run(['eval', 'triage', '--json=yes']);
  assert.match(flag.stderr, /option --json takes no value/);
  const stray = run(['triage', 'extra']);
  assert.equal(stray.status, 2);
  assert.match(stray.stderr, /unexpected argument "extra"/);
});

test('options keep working in both spellings, positional arguments where declared', () => {
  const sms = run(['sms', '--json', 'hello', 'world']);
  assert.equal(sms.status, 0, sms.stderr);
  assert.equal(JSON.parse(sms.stdout).characters, 11);
  const call = run(['call', 'channels.sms'], '{"text":"hi"}');
  assert.equal(call.status, 0, call.stderr);
  const fmt = run(['format', '--channel=sms'], '{"blocks":[{"type":"paragraph","text":"hi"}]}\n');
  assert.equal(fmt.status, 0, fmt.stderr);
  assert.equal(fmt.stdout.trim().split('\n').length, 1);
});

test('../shared/tools/check-cli passes (every command: --help, unknown options, JSON Lines)', { skip: !existsSync(join(SHARED, 'tools/check-cli')) && 'no ../shared/tools/check-cli' }, () => {
  const r = spawnSync('python3', [join(SHARED, 'tools/check-cli'), PARLEY], { encoding: 'utf8', cwd: ROOT, timeout: 600000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('parley metrics: an export in, one object out; --csv one row per conversation; a bad line names its number', () => {
  const events = [
    { conversation: 'c1', contact: 'k1', channel: 'sms', at: '2026-03-01T10:00:00Z', type: 'message', sender: 'customer', text: 'order 10023, "late"' },
    { conversation: 'c1', at: '2026-03-01T10:05:00Z', type: 'message', sender: 'human', agent: 'a1' },
    { conversation: 'c1', at: '2026-03-01T11:00:00Z', type: 'status', status: 'resolved' },
  ].map((e) => JSON.stringify(e)).join('\n') + '\n';
  const r = run(['metrics', '--now', '2026-03-20T00:00:00Z', '--group-by', 'channel'], events);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.overall.first_response.median, 5 * 60000);
  assert.equal(out.overall.fcr_7d.rate, 1);
  assert.deepEqual(out.by.channel.sms.ids, ['c1']);
  const csv = run(['metrics', '--csv', '--now', '2026-03-20T00:00:00Z'], events).stdout.trim().split('\n');
  assert.equal(csv.length, 2);
  const head = csv[0].split(',');
  assert.equal(csv[1].split(',')[head.indexOf('first_response_ms')], '300000');
  const bad = run(['metrics', '--now', '0'], events + '{"conversation":"c2","at":0,"type":"csat","score":9}\n');
  assert.equal(bad.status, 1);
  const err = JSON.parse(bad.stdout).error;
  assert.equal(err.line, 4);
  assert.equal(err.path, '/events/3/score');
  assert.equal(JSON.parse(run(['metrics', '--now', '0'], 'not json\n').stdout).error.line, 1);
});
