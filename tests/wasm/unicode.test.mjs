// Unicode's own grapheme tests through the wasm cores: every line of GraphemeBreakTest.txt (each
// prefix's count gives every boundary: the rules look back, never ahead) and every code point of
// every Grapheme_Cluster_Break class in tests/unicode/grapheme-contexts.json. ICU (text.analyze,
// with the trimmed data) and our own rules (channels.measure) must both give Unicode's answer,
// in every core that has the method. UCD files from Debian's unicode-data (/usr/share/unicode).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIST, ROOT, loadCore } from './cores.mjs';

const UCD = process.env.PARLEY_UCD_DIR || '/usr/share/unicode';
const present = existsSync(join(UCD, 'auxiliary', 'GraphemeBreakTest.txt'));
const skip = present ? false : 'the Unicode Character Database is missing (apt-get install unicode-data)';

const lines = (file) => readFileSync(join(UCD, file), 'utf8').split('\n').map((l) => l.split('#')[0].trim()).filter(Boolean);
const str = (cps) => String.fromCodePoint(...cps);

function property(file, only) {
  const out = new Map();
  for (const l of lines(file)) {
    const [range, value] = l.split(';').map((p) => p.trim());
    if (only && value !== only) continue;
    const [lo, hi = lo] = range.split('..').map((h) => parseInt(h, 16));
    if (!out.has(value)) out.set(value, []);
    for (let cp = lo; cp <= hi; cp++) out.get(value).push(cp);
  }
  return out;
}

// [{text, clusters, label}] → labels whose count differs. One call for the whole batch, joined by
// U+0001 (a Control: a boundary on both sides); item by item only when the total is wrong.
function failures(core, method, items) {
  const count = (text) => {
    const r = core.call(method, { text });
    assert.ok(!r.error, `${method}: ${JSON.stringify(r.error)}`);
    return r.graphemes;
  };
  const total = items.reduce((n, it) => n + it.clusters, 0) + items.length - 1;
  if (count(items.map((it) => it.text).join('\u0001')) === total) return [];
  return items.filter((it) => count(it.text) !== it.clusters).map((it) => `${it.label}: expected ${it.clusters}`);
}

const hex = (cps) => cps.map((c) => c.toString(16).toUpperCase().padStart(4, '0')).join(' ');

function testLineItems() {
  const items = [];
  for (const l of lines('auxiliary/GraphemeBreakTest.txt')) {
    const toks = l.split(/\s+/);
    const cps = [], breaks = [];
    for (const t of toks) {
      if (t === '÷' || t === '×') breaks.push(t === '÷');
      else cps.push(parseInt(t, 16));
    }
    let clusters = 1;
    for (let k = 1; k <= cps.length; k++) {
      if (k > 1 && breaks[k - 1]) clusters++;
      items.push({ text: str(cps.slice(0, k)), clusters, label: `${l} (first ${k})` });
    }
  }
  return items;
}

function sweepItems() {
  const classes = property('auxiliary/GraphemeBreakProperty.txt');
  classes.set('Extended_Pictographic', property('emoji/emoji-data.txt', 'Extended_Pictographic').get('Extended_Pictographic'));
  const ctx = JSON.parse(readFileSync(join(ROOT, 'tests', 'unicode', 'grapheme-contexts.json'), 'utf8')).classes;
  assert.equal(Object.keys(ctx).length, classes.size);
  const batches = [];
  for (const [name, cps] of classes) {
    assert.ok(ctx[name], name);
    for (const [before, after, clusters] of ctx[name]) {
      const b = before.map((h) => parseInt(h, 16)), a = after.map((h) => parseInt(h, 16));
      const items = cps.filter((cp) => cp < 0xd800 || cp > 0xdfff).map((cp) => {
        const all = [...b, cp, ...a];
        return { text: str(all), clusters, label: `${name}: ${hex(all)}` };
      });
      batches.push({ name: `${name} ${hex(b)} X ${hex(a)}`, items });
    }
  }
  return batches;
}

const cases = [
  { flavor: 'full', method: 'text.analyze', who: 'ICU' },
  { flavor: 'full', method: 'channels.measure', who: 'our rules' },
  { flavor: 'widget', method: 'text.analyze', who: 'ICU' },
  { flavor: 'widget', method: 'channels.measure', who: 'our rules' },
];

for (const { flavor, method, who } of cases) {
  test(`GraphemeBreakTest.txt and the class sweep: ${who} (${method}) in the ${flavor} core`, { skip }, async (t) => {
    const core = await loadCore(flavor, { models: false });
    if (!core.methods().includes(method)) {
      // The widget core carries neither ICU nor channels (cmake/wasm.cmake): it counts no graphemes.
      assert.equal(flavor, 'widget');
      t.skip(`${method} is not in the ${flavor} core`);
      return;
    }
    const lineItems = testLineItems();
    assert.ok(lineItems.length > 602);
    assert.deepEqual(failures(core, method, lineItems).slice(0, 20), []);
    let swept = 0;
    for (const batch of sweepItems()) {
      assert.deepEqual(failures(core, method, batch.items).slice(0, 20), [], batch.name);
      swept += batch.items.length;
    }
    assert.ok(swept > 100000);
  });
}

// ICU 72's Indic conjunct rule (CLDR's GB9c, not in Unicode 15.0's test file): our rules must give
// ICU's count for every code point of the Indic blocks and every Extend or ZWJ around क and ्.
test('the Indic conjunct rule: our rules and ICU agree in the full core', { skip }, async () => {
  const core = await loadCore('full', { models: false });
  const candidates = [];
  for (let cp = 0x0900; cp <= 0x0d7f; cp++) candidates.push(cp);
  const gbp = property('auxiliary/GraphemeBreakProperty.txt');
  candidates.push(...gbp.get('Extend'), ...gbp.get('ZWJ'));
  const ka = 0x0915, virama = 0x094d;
  const shapes = [[ka, virama, 0], [0, virama, ka], [ka, 0, ka], [ka, virama, 0, ka], [ka, 0, virama, ka], [0, 0x0d4d, 0x0d15]];
  const texts = [];
  for (const x of candidates) for (const shape of shapes) texts.push(str(shape.map((c) => (c === 0 ? x : c))));
  const count = (method, text) => core.call(method, { text }).graphemes;
  // Item by item: equal totals could hide differences that cancel out.
  const differ = texts.filter((t) => count('text.analyze', t) !== count('channels.measure', t));
  assert.deepEqual(differ.slice(0, 20).map((t) => hex([...t].map((c) => c.codePointAt(0)))), []);
  assert.ok(texts.length > 10000);
});

// WordBreakTest.txt on text.segment (full core, trimmed ICU data): every word starts and ends on a
// boundary. Lines where a colon joins letters are left out: ICU follows CLDR's root, which takes
// U+003A, U+FE55, U+FF1A out of MidLetter (as tests/unit/text/word_conformance_test.cpp).
test('WordBreakTest.txt: text.segment words start and end on its boundaries in the full core', { skip }, async () => {
  const core = await loadCore('full', { models: false });
  let words = 0, colonLines = 0;
  const wrong = [];
  for (const l of lines('auxiliary/WordBreakTest.txt')) {
    const cps = [], breaks = [];
    for (const t of l.split(/\s+/)) {
      if (t === '÷' || t === '×') breaks.push(t === '÷');
      else cps.push(parseInt(t, 16));
    }
    if (cps.some((cp, k) => k > 0 && [0x3a, 0xfe55, 0xff1a].includes(cp) && !breaks[k])) { colonLines++; continue; }
    const bounds = new Set();
    let at = 0;
    cps.forEach((cp, k) => { if (breaks[k]) bounds.add(at); at += Buffer.byteLength(String.fromCodePoint(cp)); });
    bounds.add(at);
    const r = core.call('text.segment', { text: str(cps) });
    assert.ok(!r.error, JSON.stringify(r.error));
    for (const w of r.words) {
      words++;
      if (!bounds.has(w.start) || !bounds.has(w.start + w.length)) wrong.push(l);
    }
  }
  assert.deepEqual(wrong.slice(0, 20), []);
  assert.equal(colonLines, 15);
  assert.ok(words > 1000);
});

// BidiCharacterTest.txt on text.bidi in the full core: the same lines and the same few known ICU 72
// differences as tests/unit/text/bidi_conformance_test.cpp (explicit embeddings, which Parley
// removes before display; a mark after a closing bracket; more than 63 nested brackets).
test('BidiCharacterTest.txt: text.bidi levels and display order in the full core', { skip }, async () => {
  const core = await loadCore('full', { models: false });
  const direction = { 0: 'ltr', 1: 'rtl', 2: 'auto' };
  let checked = 0, embeddingLines = 0, embeddingFailures = 0, known = 0;
  const unexplained = [];
  for (const l of lines('BidiCharacterTest.txt')) {
    const [cpsField, dir, para, levelsField, orderField] = l.split(';');
    const cps = cpsField.trim().split(/\s+/).map((h) => parseInt(h, 16));
    const r = core.call('text.bidi', { text: str(cps), direction: direction[dir] });
    assert.ok(!r.error, JSON.stringify(r.error));
    const levels = r.levels.map((v) => (v === null ? 'x' : String(v))).join(' ');
    const ok = String(r.paragraph_level) === para.trim() && levels === levelsField.trim() && r.visual.join(' ') === orderField.trim();
    if (cps.some((c) => c >= 0x202a && c <= 0x202e)) {
      embeddingLines++;
      if (!ok) embeddingFailures++;
      continue;
    }
    checked++;
    if (ok) continue;
    const markAfterBracket = cps.some((c, k) => {
      if (c !== 0x29 && c !== 0x5d) return false;
      let j = k + 1;
      while (j < cps.length && cps[j] >= 0x200b && cps[j] <= 0x200d) j++;
      return [0x331, 0x332, 0x333, 0x20d6].includes(cps[j]);
    });
    if (markAfterBracket || cps.filter((c) => c === 0x28).length > 63) known++;
    else unexplained.push(l);
  }
  assert.deepEqual(unexplained.slice(0, 10), []);
  assert.ok(checked > 90000);
  assert.ok(known <= 10);
  assert.equal(embeddingLines, 81);
  assert.ok(embeddingFailures <= 21);
});

// Dictionary scripts: the full core's words for Japanese, Chinese and Thai equal native ICU's
// (Debian's full data, dictionaries included) on real sentences: xSID ja/zh test utterances and
// lingua's Thai sentences, joined by newlines into one text (words never cross a line break).
// Han/Kana runs are one "cjk" word by design, so the 2 MB CJK dictionary the wasm data leaves out
// changes nothing; Thai is split by the Thai dictionary, which it keeps.
test('text.segment on Japanese, Chinese and Thai: the full core gives native ICU\'s words', async (t) => {
  const native = join(ROOT, 'build', 'native', 'parley');
  const shared = join(ROOT, '..', 'shared', 'data', 'langid');
  if (!existsSync(native)) {
    t.skip('needs build/native/parley (tools/dev build)');
    return;
  }
  const xsid = readFileSync(join(shared, 'xsid', 'xsid_0.7_utterances.tsv'), 'utf8').split('\n').map((l) => l.split('\t'));
  // xSID's Japanese is space-tokenised (DATA.md): the spaces are taken out, as a customer writes.
  const ja = xsid.filter((c) => c[0] === 'ja' && c[1] === 'test').slice(0, 150).map((c) => c[4].replace(/ /g, ''));
  const zh = xsid.filter((c) => c[0] === 'zh' && c[1] === 'test').slice(0, 150).map((c) => c[4]);
  const th = readFileSync(join(shared, 'lingua', 'sentences', 'th.txt'), 'utf8').split('\n').filter(Boolean).slice(0, 150);
  const { execFileSync } = await import('node:child_process');
  const words = (answer) => answer.words.map((w) => `${w.start}:${w.length}:${w.kind}`);
  const core = await loadCore('full', { models: false });
  for (const [name, lines] of [['ja', ja], ['zh', zh], ['th', th]]) {
    assert.ok(lines.length >= 100, name);
    const text = lines.join('\n');
    const want = JSON.parse(execFileSync(native, ['call', 'text.segment'], { input: JSON.stringify({ text }) }).toString());
    assert.ok(want.words.length >= lines.length, name);
    const got = core.call('text.segment', { text });
    assert.deepEqual(words(got), words(want), name);
    assert.deepEqual(got.tokens, want.tokens, name);
  }
});
