// The Studio's native development build (studio/platform_native.cpp: GLFW + desktop OpenGL, the
// demo read from disk) under Xvfb with Mesa's software OpenGL: it opens the demo pack, replays the
// demo chain, computes the metrics, and mirrors its chrome in Arabic, as the browser build does.
// The app's state after N frames is what its --state file holds (window.parleyStudio's state() and views()).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, artifact } from './browser.mjs';
import { rgbaPng } from '../../tools/package/png.mjs';
import { assertChrome, assertRunsFromStart } from './studio-layout.mjs';

const BIN = join(ROOT, 'build', 'native', 'parley-studio');
const WIDTH = 1280, HEIGHT = 800;

function run(lang) {
  assert.ok(existsSync(BIN), `${BIN} missing: the native preset builds it (PARLEY_STUDIO_NATIVE)`);
  const dir = mkdtempSync(join(tmpdir(), 'studio-native-')), out = join(dir, 'state.json'), raw = join(dir, 'frame.rgba');
  execFileSync('xvfb-run', ['-a', '-s', `-screen 0 ${WIDTH}x${HEIGHT}x24`, BIN, '--frames', '20', '--lang', lang, '--size', `${WIDTH}x${HEIGHT}`, '--state', out, '--pixels', raw],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
  return { ...JSON.parse(readFileSync(out, 'utf8')), pixels: readFileSync(raw) };
}

test('native Studio under Xvfb: the demo matrix, the replay verified, metrics per channel; the Arabic chrome mirrored', () => {
  const pack = JSON.parse(readFileSync(join(ROOT, 'site', 'packs', 'demo', 'pack.json'), 'utf8'));
  const chain = readFileSync(join(ROOT, 'studio', 'demo-evidence.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  for (const lang of ['en', 'ar']) {
    const { state, views, pixels } = run(lang);
    // The frame was drawn (Mesa's software OpenGL): the size asked for, and not one flat colour.
    assert.equal(pixels.length, WIDTH * HEIGHT * 4);
    const colours = new Set();
    for (let i = 0; i < pixels.length; i += 4 * 97) colours.add(pixels.readUInt32BE(i));
    assert.ok(colours.size > 20, `${colours.size} colours in the frame`);
    writeFileSync(artifact(`studio-native-${lang}.png`), rgbaPng(WIDTH, HEIGHT, pixels));
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
