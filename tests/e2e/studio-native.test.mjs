// The Studio's native development build (studio/platform_native.cpp: GLFW + desktop OpenGL, the
// demo read from disk) under Xvfb with Mesa's software OpenGL: it opens the demo pack, replays the
// demo chain, computes the metrics, and mirrors its chrome in Arabic, as the browser build does.
// The app's state after N frames is what its --state file holds (window.parleyStudio's state() and views()).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './browser.mjs';
import { assertChrome, assertRunsFromStart } from './studio-layout.mjs';

const BIN = join(ROOT, 'build', 'native', 'parley-studio');
const WIDTH = 1280;

function run(lang) {
  assert.ok(existsSync(BIN), `${BIN} missing: the native preset builds it (PARLEY_STUDIO_NATIVE)`);
  const out = join(mkdtempSync(join(tmpdir(), 'studio-native-')), 'state.json');
  execFileSync('xvfb-run', ['-a', '-s', `-screen 0 ${WIDTH}x800x24`, BIN, '--frames', '20', '--lang', lang, '--size', `${WIDTH}x800`, '--state', out],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
  return JSON.parse(readFileSync(out, 'utf8'));
}

test('native Studio under Xvfb: the demo matrix, the replay verified, metrics per channel; the Arabic chrome mirrored', () => {
  const pack = JSON.parse(readFileSync(join(ROOT, 'site', 'packs', 'demo', 'pack.json'), 'utf8'));
  const chain = readFileSync(join(ROOT, 'studio', 'demo-evidence.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  for (const lang of ['en', 'ar']) {
    const { state, views } = run(lang);
    assert.equal(state.open, true);
    assert.equal(state.ui_language, lang);
    assert.equal(state.frame, 20);
    const m = state.matrix;
    assert.deepEqual(m.locales, pack.locales);
    assert.equal(m.cells.length, m.intents.length * m.locales.length * m.channels.length);
    assert.equal(views.replay.count, chain.length);
    assert.equal(views.replay.verification.valid, true);
    assert.ok(views.metrics.series.length >= 3);
    assertChrome(state.layout, lang, WIDTH, 'matrix.title');
    assertRunsFromStart(state.layout, ['matrix.first', 'matrix.second'], lang === 'ar', 'table, then editor');
  }
});
