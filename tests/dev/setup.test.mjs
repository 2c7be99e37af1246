// tools/dev and wasm/icu/build.sh on a cold machine: an empty cache must fetch the Debian source
// packages, and every setup failure must stop the script with a message naming the step. The bug
// this guards against: under nullglob `ls -d "$dir"/icu-*/` became `ls -d`, nothing was fetched,
// ICU_SRC became "." and the run died six minutes later in the ICU build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const DEV = join(ROOT, 'tools/dev');

// A fake apt-get on PATH: `mode` says what `apt-get source PKG` does; every call is logged.
function fakeApt(mode) {
  const bin = mkdtempSync(join(tmpdir(), 'parley-fake-apt-'));
  const calls = join(bin, 'calls.log');
  const body = {
    ok: 'mkdir -p "$2-1.0/source/common/unicode" && touch "$2-1.0/source/common/unicode/uvernum.h" "$2-1.0/imgui.cpp"',
    fail: 'echo "E: You must put some source URIs in your sources.list" >&2; exit 100',
    empty: 'exit 0',  // claims success, unpacks nothing
  }[mode];
  writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\necho "$*" >> "${calls}"\n[ "$1" = source ] || exit 0\n${body}\n`);
  chmodSync(join(bin, 'apt-get'), 0o755);
  return { bin, calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []) };
}

// Sources tools/dev (it only runs a command when executed) and runs `script` after it.
function dev(script, { apt, cache }) {
  const pre = `source "${DEV}"; as_root() { "$@"; }; LOGS="$PARLEY_CACHE/logs"; `;
  return spawnSync('bash', ['-c', pre + script], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${apt.bin}:${process.env.PATH}`, PARLEY_CACHE: cache, HOME: cache },
  });
}

test('an empty cache fetches the source package and sets the variable to its tree', () => {
  const apt = fakeApt('ok');
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  const r = dev('source_dir icu source/common/unicode/uvernum.h ICU_SRC; echo "ICU_SRC=$ICU_SRC"', { apt, cache });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(apt.calls(), ['source icu']);
  assert.match(r.stdout, new RegExp(`ICU_SRC=${cache}/src/icu/icu-1\\.0\\n`));
  assert.ok(existsSync(join(cache, 'src/icu/icu-1.0/source/common/unicode/uvernum.h')));
});

test('a second run finds the unpacked tree without fetching again', () => {
  const apt = fakeApt('ok');
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  const twice = 'source_dir imgui imgui.cpp A; source_dir imgui imgui.cpp B; [ "$A" = "$B" ] && echo same';
  const r = dev(twice, { apt, cache });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(apt.calls().filter((c) => c.startsWith('source')).length, 1);
  assert.match(r.stdout, /same/);
});

test('a tree without its marker file (an interrupted unpack) is fetched again', () => {
  const apt = fakeApt('ok');
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  mkdirSync(join(cache, 'src/icu/icu-1.0'), { recursive: true });  // the shape the old glob accepted
  writeFileSync(join(cache, 'src/icu/.tree'), 'icu-1.0\n');
  const r = dev('source_dir icu source/common/unicode/uvernum.h ICU_SRC; echo "ICU_SRC=$ICU_SRC"', { apt, cache });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(apt.calls(), ['source icu']);
  assert.ok(existsSync(join(cache, 'src/icu/icu-1.0/source/common/unicode/uvernum.h')));
});

test('a failing apt-get source stops the script, names the step and the fix, after one update and retry', () => {
  const apt = fakeApt('fail');
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  const r = dev('source_dir icu source/common/unicode/uvernum.h ICU_SRC; echo "carried on with ICU_SRC=$ICU_SRC"', { apt, cache });
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stdout, /carried on/);
  assert.match(r.stderr, /step 'setup: source icu'/);
  assert.match(r.stderr, /deb-src/);
  assert.deepEqual(apt.calls(), ['source icu', 'update', 'source icu']);
});

test('an apt-get that succeeds but unpacks nothing is an error, not an empty path', () => {
  const apt = fakeApt('empty');
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  const r = dev('source_dir icu source/common/unicode/uvernum.h ICU_SRC; echo "carried on with ICU_SRC=$ICU_SRC"', { apt, cache });
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stdout, /carried on/);
  assert.match(r.stderr, /left no icu-\*\/source\/common\/unicode\/uvernum\.h/);
});

test('a failing quiet step stops the script and names the step and its log', () => {
  const apt = fakeApt('ok');
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  const r = dev('LOGS="$PARLEY_CACHE/logs"; quietly "build native" build-native sh -c "echo boom >&2; exit 3"; echo carried on', { apt, cache });
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stdout, /carried on/);
  assert.match(r.stderr, /boom/);
  assert.match(r.stderr, /step 'build native' failed/);
  assert.match(r.stderr, /logs\/build-native\.log/);
});

test('wasm/icu/build.sh refuses a directory that is not an ICU tree and prints no prefix', () => {
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  for (const arg of ['.', '']) {
    const r = spawnSync(join(ROOT, 'wasm/icu/build.sh'), [arg], { encoding: 'utf8', env: { ...process.env, PARLEY_CACHE: cache } });
    assert.notEqual(r.status, 0, `build.sh "${arg}" succeeded`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /\[icu\] error: .*(not an ICU source tree|usage)/);
  }
});

test('wasm/stemmer/build.sh refuses a directory that is not a snowball tree and prints no prefix', () => {
  const cache = mkdtempSync(join(tmpdir(), 'parley-cache-'));
  for (const arg of ['.', '']) {
    const r = spawnSync(join(ROOT, 'wasm/stemmer/build.sh'), [arg], { encoding: 'utf8', env: { ...process.env, PARLEY_CACHE: cache } });
    assert.notEqual(r.status, 0, `build.sh "${arg}" succeeded`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /\[stemmer\] error: .*(not a snowball source tree|usage)/);
  }
});

test('wasm/icu/build.sh finds icupkg in /usr/sbin for a user whose PATH lacks it', { skip: !existsSync('/usr/sbin/icupkg') && 'icu-devtools not installed' }, () => {
  // A tree whose uvernum.h has no version: the script must get past the tool checks and stop there.
  const tree = mkdtempSync(join(tmpdir(), 'parley-icu-'));
  mkdirSync(join(tree, 'source/common/unicode'), { recursive: true });
  writeFileSync(join(tree, 'source/common/unicode/uvernum.h'), '/* no version */\n');
  const bin = mkdtempSync(join(tmpdir(), 'parley-fake-emcc-'));
  writeFileSync(join(bin, 'emcc'), '#!/bin/sh\necho "emcc (fake) 0.0"\n');
  chmodSync(join(bin, 'emcc'), 0o755);
  const r = spawnSync(join(ROOT, 'wasm/icu/build.sh'), [tree], {
    encoding: 'utf8', env: { ...process.env, PATH: `${bin}:/usr/bin:/bin`, PARLEY_CACHE: mkdtempSync(join(tmpdir(), 'parley-cache-')) },
  });
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stderr, /icupkg not found/);
  assert.match(r.stderr, /no U_ICU_VERSION/);
});

test('every Debian package the setup lists is installed (a missing one would turn tests into skips)', () => {
  const r = spawnSync('bash', ['-c', `source "${DEV}"; missing_packages; printf '%s\\n' "\${MISSING[@]}"`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\n').filter(Boolean), [], 'run tools/dev setup');
});

test('the setup scripts pass shellcheck', () => {
  const r = spawnSync('shellcheck', [DEV, join(ROOT, 'wasm/icu/build.sh'), join(ROOT, 'tools/postgres/server'), join(ROOT, '.ci/run'), join(ROOT, '.ci/cold')], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'shellcheck is not installed (tools/dev setup installs it)');
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
