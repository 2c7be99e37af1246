// The Studio (studio/, docs/studio.md) in Debian Chromium, served by the real relay under its
// strict CSP: the demo pack's matrix, and a fixture pack (tests/fixtures/studio/) whose over-limit
// cells this test computes itself from the fixture files and the Studio's fill values.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PARLEY, ROOT, artifact, eventually, launchBrowser, startRelay } from './browser.mjs';
import { assertChrome, assertRunsFromStart, box } from './studio-layout.mjs';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'studio');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const fills = readJson(join(ROOT, 'studio', 'fills.json'));

let relay, browser;
// WebGL2 without a GPU: SwiftShader, which recent Chromium enables only on request.
before(async () => { relay = await startRelay(); browser = await launchBrowser({ args: ['--enable-unsafe-swiftshader', '--use-angle=swiftshader'] }); });
after(async () => { await browser?.close(); await relay?.stop(); });

/** A page that records console errors, page errors and CSP violations. */
async function openStudio(query = '') {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const fetched = [];  // every URL path the page requested
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  // The fixture packs are not part of site/: the test serves them on the same origin
  // (/fixture-studio/ → tests/fixtures/studio/, /fixture-studio-han/ → tests/fixtures/studio-han/).
  await page.route((url) => /^\/fixture-studio(-han)?\//.test(url.pathname), (route) => {
    const [, dir, rel] = new URL(route.request().url()).pathname.match(/^\/fixture-(studio(?:-han)?)\/(.*)$/);
    route.fulfill({ status: 200, contentType: 'application/json', body: readFileSync(join(FIXTURE, '..', dir, rel)) });
  });
  await page.goto(`${relay.url}/studio/${query}`);
  await page.waitForSelector('html[data-ready="true"], html[data-ready="error"]', { timeout: 60000 });
  const ready = await page.getAttribute('html', 'data-ready');
  assert.equal(ready, 'true', `the Studio did not start: ${await page.textContent('#status')} ${problems.join(' | ')}`);
  return { page, context, problems, fetched };
}

// ---- expectations from the pack files alone ------------------------------------------------
const uniq = (xs) => [...new Set(xs)];
function axes(pack, files) {
  const templates = files.flatMap((f) => f.templates);
  return {
    intents: uniq(templates.map((t) => t.intent)),
    locales: pack.locales,
    channels: uniq([...pack.markets.flatMap((m) => m.channels), ...templates.map((t) => t.channel)]),
    templates,
  };
}
// docs/studio.md: the exact variant, else the locale's first template for the intent, else none.
function variantOf(templates, intent, locale, channel) {
  const mine = templates.filter((t) => t.locale === locale && t.intent === intent);
  const exact = mine.find((t) => t.channel === channel);
  return exact ? { variant: 'exact', t: exact } : mine[0] ? { variant: 'fallback', t: mine[0] } : { variant: 'none' };
}
const fill = (body, values) => body.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
const GSM_SIMPLE = /^[A-Za-z0-9 .,:-]*$/;  // all in GSM 03.38's basic set: one septet each
function smsSegments(text) {
  const gsm = GSM_SIMPLE.test(text);
  const units = text.length;  // septets (one per simple character), or UTF-16 units
  const [single, concat] = gsm ? [160, 153] : [70, 67];
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: units <= single ? 1 : Math.ceil(units / concat) };
}
/** The channel's limit as the core's profile says it, with the pack's overrides. */
function profile(channel, overrides) {
  const req = JSON.stringify({ channel, ...(overrides ? { overrides } : {}) });
  return JSON.parse(execFileSync(PARLEY, ['call', 'channels.profile'], { input: req })).profile;
}

test('the Studio is served under the strict CSP, its module as application/wasm', async () => {
  const page = await fetch(`${relay.url}/studio/`);
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  const wasm = await fetch(`${relay.url}/studio/parley-studio.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const glue = await (await fetch(`${relay.url}/studio/parley-studio.mjs`)).text();
  assert.doesNotMatch(glue, /new Function\(|\beval\(/, 'the module glue must not need eval (DYNAMIC_EXECUTION=0)');
});

test('the demo pack: every intent × locale × channel, rendered by the core, screenshots in en, ja, ar', async () => {
  const pack = readJson(join(ROOT, 'site', 'packs', 'demo', 'pack.json'));
  const files = pack.files.templates.map((f) => readJson(join(ROOT, 'site', 'packs', 'demo', f)));
  const want = axes(pack, files);
  for (const lang of ['en', 'ja', 'ar']) {
    const { page, context, problems } = await openStudio(`?lang=${lang}`);
    const state = await page.evaluate(() => window.parleyStudio.state());
    assert.equal(state.ui_language, lang);
    const m = state.matrix;
    assert.deepEqual(m.intents, want.intents);
    assert.deepEqual(m.locales, want.locales);
    assert.deepEqual(m.channels, want.channels);
    assert.equal(m.cells.length, want.intents.length * want.locales.length * want.channels.length);
    for (const c of m.cells) {
      const v = variantOf(want.templates, c.intent, c.locale, c.channel);
      assert.equal(c.variant, v.variant, `${c.intent}/${c.locale}/${c.channel}`);
      if (v.t) assert.equal(c.template, v.t.id);
      if (c.error) continue;  // e.g. a channel id the core does not know: shown as refused
      if (v.variant === 'none') continue;
      assert.ok(c.worst.length >= c.sample.length, `${c.intent}/${c.locale}/${c.channel}: worst case shorter than sample`);
      assert.ok(!c.worst.text.includes('⟦'), `${c.template}: a required slot had no worst-case value`);
      if (c.channel === 'sms') assert.match(c.worst.sms.encoding, /^(GSM-7|UCS-2)$/);
    }
    // Arabic cells are drawn through ICU shaping + bidi and say they are approximate.
    assert.ok(m.cells.filter((c) => c.locale === 'ar' && c.sample).every((c) => c.approximate));
    await page.waitForTimeout(500);  // a few frames with the atlas built from the shown text
    // The chrome reads from the UI's start edge: in Arabic the table's columns are mirrored
    // (intent rightmost, the pack's first channel next to it) and the editor is on the left.
    const { layout } = await page.evaluate(() => window.parleyStudio.state());
    const width = page.viewportSize().width;
    assertChrome(layout, lang, width, 'matrix.title');
    const rtl = lang === 'ar';
    assertRunsFromStart(layout, ['matrix.col.intent', ...want.channels.slice(0, 3).map((c) => `matrix.col.${c}`)], rtl, 'matrix columns');
    assertRunsFromStart(layout, ['matrix.first', 'matrix.second'], rtl, 'table, then editor');
    assert.ok(box(layout, 'matrix.col.intent').x1 <= box(layout, 'matrix.first').x1 + 1 && box(layout, 'matrix.col.intent').x0 >= box(layout, 'matrix.first').x0 - 1,
      'the intent column is in view (the mirrored table opens scrolled to its right end)');
    await page.screenshot({ path: artifact(`studio-${lang}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('fixture pack: the over-limit cells are the ones its worst-case fills push past the limits; edits move them', async () => {
  const pack = readJson(join(FIXTURE, 'pack.json'));
  const files = pack.files.templates.map((f) => readJson(join(FIXTURE, f)));
  const want = axes(pack, files);
  const limits = Object.fromEntries(want.channels.map((ch) => [ch, profile(ch, pack.channel_overrides?.[ch])]));

  const expectOver = (templates) => {
    const over = [];
    for (const intent of want.intents) for (const locale of want.locales) for (const channel of want.channels) {
      const v = variantOf(templates, intent, locale, channel);
      if (!v.t) continue;
      const p = limits[channel];
      const isOver = ['sample', 'worst'].some((kind) => {
        const text = fill(v.t.body, fills[kind][locale]);
        if ([...text].length > p.text.max) return true;
        return channel === 'sms' && smsSegments(text).segments > p.segments.max;
      });
      if (isOver) over.push(`${intent}/${locale}/${channel}`);
    }
    return over;
  };
  // The fixture keeps to what this test can compute: plain {slot} arguments, simple characters.
  for (const t of want.templates) assert.doesNotMatch(t.body, /[{][^}]*,/, `${t.id}: only plain {slot} arguments in the fixture`);
  const expected = expectOver(want.templates);
  assert.ok(expected.length >= 3, `the fixture should have over-limit cells, has ${expected}`);

  const { page, context, problems } = await openStudio('?pack=/fixture-studio/pack.json');
  const over = await page.evaluate(() => window.parleyStudio.overLimit());
  assert.deepEqual([...over].sort(), [...expected].sort());
  const cells = await page.evaluate(() => window.parleyStudio.cells());
  const wa = cells.find((c) => c.intent === 'order_status' && c.locale === 'en' && c.channel === 'whatsapp');
  const waBody = want.templates.find((t) => t.id === 'en.whatsapp.order_status').body;
  assert.equal(wa.worst.limit, 1024);
  assert.equal(wa.worst.unit, 'code_points');
  assert.equal(wa.worst.length, [...fill(waBody, fills.worst.en)].length);
  assert.equal(wa.sample.over_limit, false);
  assert.equal(wa.worst.over_limit, true);
  const arSms = cells.find((c) => c.intent === 'order_status' && c.locale === 'ar' && c.channel === 'sms');
  assert.equal(arSms.variant, 'fallback');
  assert.equal(arSms.worst.sms.encoding, 'UCS-2');
  assert.equal(arSms.worst.sms.segments, smsSegments(fill(want.templates.find((t) => t.id === arSms.template).body, fills.worst.ar)).segments);
  const none = cells.filter((c) => c.variant === 'none').map((c) => `${c.intent}/${c.locale}/${c.channel}`);
  assert.deepEqual(none, ['cancellation/ar/whatsapp', 'cancellation/ar/sms']);
  await page.screenshot({ path: artifact('studio-fixture.png') });

  // A click on a cell (first row, first channel) opens its template in the editor: ImGui's input
  // through the canvas, as a designer would.
  await page.mouse.click(300, 160);
  await eventually(async () => (await page.evaluate(() => window.parleyStudio.state().editing)) === 'en.whatsapp.order_status');
  await page.waitForTimeout(300);
  await page.screenshot({ path: artifact('studio-editor.png') });

  // Edit in the editor itself: select all, type a short body, Apply; the cell leaves the red.
  const shortEn = 'Hello {name}, order {order_number} is on its way.';
  // ImGui 1.86 reads key state once per frame, so a key pressed and released between two frames
  // is never seen: each step waits for frames the app has drawn (not for a time), keys held across them.
  const frames = async (n = 3) => {
    const at = (await page.evaluate(() => window.parleyStudio.state().frame));
    await eventually(async () => (await page.evaluate(() => window.parleyStudio.state().frame)) >= at + n);
  };
  await page.mouse.click(1350, 230);  // the template text box
  await frames();
  await page.keyboard.down('Control');
  await page.keyboard.down('a');
  await frames();
  await page.keyboard.up('a');
  await page.keyboard.up('Control');
  await frames();
  await page.keyboard.type(shortEn);
  await frames();
  await page.mouse.click(1152, 347);  // Apply (below the view tabs)
  await eventually(async () => !(await page.evaluate(() => window.parleyStudio.overLimit())).includes('order_status/en/whatsapp'));
  assert.equal(JSON.parse((await page.evaluate(() => window.parleyStudio.templateFile('en.whatsapp.order_status'))).text)
    .templates.find((t) => t.id === 'en.whatsapp.order_status').body, shortEn);
  await page.screenshot({ path: artifact('studio-edited.png') });

  // Edit through the same function the editor's Apply calls; the cells follow.
  const shortAr = 'مرحبا {name}، طلبك في الطريق.';
  assert.deepEqual(await page.evaluate(([b]) => window.parleyStudio.edit('en.whatsapp.order_status', b), [shortEn]), { ok: true });
  assert.deepEqual(await page.evaluate(([b]) => window.parleyStudio.edit('ar.whatsapp.order_status', b), [shortAr]), { ok: true });
  const edited = want.templates.map((t) => (t.id === 'en.whatsapp.order_status' ? { ...t, body: shortEn } : t.id === 'ar.whatsapp.order_status' ? { ...t, body: shortAr } : t));
  const afterEdit = await page.evaluate(() => window.parleyStudio.overLimit());
  assert.deepEqual([...afterEdit].sort(), expectOver(edited).sort());
  assert.ok(!afterEdit.includes('order_status/en/whatsapp') && !afterEdit.includes('order_status/ar/sms'));
  assert.ok(afterEdit.includes('order_status/en/sms'), 'a template not edited keeps its cells');
  const bad = await page.evaluate(() => window.parleyStudio.edit('no.such.template', 'x'));
  assert.equal(bad.error.code, 'unknown_template');
  assert.equal(bad.error.path, '/id');

  // Save: the pack file as a Blob download, with the edit in it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.parleyStudio.save('en.whatsapp.order_status'))]);
  assert.equal(download.suggestedFilename(), 'en.json');
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(saved.templates.find((t) => t.id === 'en.whatsapp.order_status').body, shortEn);
  assert.equal(saved.templates.length, files[0].templates.length);
  assert.deepEqual(problems, []);
  await context.close();
});

test('first open: the CJK faces are subsets of the shipped text; a character outside them fetches the whole collection, once', async () => {
  const covered = new Set(readFileSync(join(ROOT, 'build', 'wasm', 'studio', 'fonts', 'cjk-subset.txt'), 'utf8'));
  const pack = readJson(join(ROOT, 'site', 'packs', 'demo', 'pack.json'));
  const shipped = pack.files.templates.map((f) => readFileSync(join(ROOT, 'site', 'packs', 'demo', f), 'utf8')).join('');
  const cjk = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]/u;
  const shippedCjk = [...new Set(shipped)].filter((c) => cjk.test(c));
  assert.ok(shippedCjk.length > 100 && shippedCjk.every((c) => covered.has(c)), 'every CJK character of the demo templates is in the subsets');
  const { page, context, problems, fetched } = await openStudio('?lang=ja');
  const collection = () => fetched.filter((p) => p.endsWith('/fonts/NotoSansCJK-Regular.ttc')).length;
  for (const face of ['jp', 'kr', 'sc', 'tc']) assert.ok(fetched.includes(`/studio/fonts/NotoSansCJK${face}-subset.otf`), `the ${face} subset`);
  assert.equal(collection(), 0, 'the first open does not fetch the 19 MB collection');
  // The collection's state (the glyph reports are the other tests').
  const fonts = () => page.evaluate(() => { const { cjk, missing, requested } = window.parleyStudio.fonts(); return { cjk, missing, requested }; });
  assert.deepEqual(await fonts(), { cjk: 'subset', missing: [], requested: false });
  const frames = async (n = 3) => {
    const at = await page.evaluate(() => window.parleyStudio.frame());
    await eventually(async () => (await page.evaluate(() => window.parleyStudio.frame())) >= at + n);
  };
  const cell = (await page.evaluate(() => window.parleyStudio.state())).matrix.cells.find((c) => c.locale === 'ja' && c.template && !c.error);
  const body = JSON.parse(shipped.length ? readFileSync(join(ROOT, 'site', 'packs', 'demo', 'templates', 'ja.json'), 'utf8') : '{}').templates.find((t) => t.id === cell.template).body;
  // Kana are always in the subsets: an edit with them keeps the first-open faces.
  assert.equal((await page.evaluate(([id, b]) => window.parleyStudio.edit(id, b), [cell.template, `${body}\nまたのご利用をおまちしております`])).ok, true);
  await frames();
  assert.equal((await fonts()).cjk, 'subset');
  assert.equal(collection(), 0);
  // A kanji the subsets lack: the app asks for the collection, the shell fetches it once.
  const rare = [...'鬱麒麟薔薇檸檬'].find((c) => !covered.has(c));
  assert.ok(rare, 'a kanji outside the subsets');
  assert.equal((await page.evaluate(([id, b]) => window.parleyStudio.edit(id, b), [cell.template, `${body}${rare}`])).ok, true);
  await eventually(async () => (await fonts()).cjk === 'full', 60000);
  await frames();
  assert.equal(collection(), 1);
  assert.deepEqual(await fonts(), { cjk: 'full', missing: [], requested: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('CJK input: the IME overlay sits over the edited field, composition (CDP Input.imeSetComposition) commits into it once; plain keys still go through once', async () => {
  const { page, context, problems } = await openStudio('?lang=ja');
  const frames = async (n = 3) => {
    const at = await page.evaluate(() => window.parleyStudio.frame());
    await eventually(async () => (await page.evaluate(() => window.parleyStudio.frame())) >= at + n);
  };
  const state = () => page.evaluate(() => window.parleyStudio.state());
  const ime = () => page.evaluate(() => window.parleyStudio.ime());
  const center = (b) => [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];
  await frames();
  const first = (await state()).matrix.channels[0];
  await page.mouse.click(...center(box((await state()).layout, `matrix.col.${first}`)));
  await eventually(async () => (await state()).editing !== '');
  assert.equal((await ime()).field, '', 'no field edited yet: no overlay');
  await frames();
  const body = box((await state()).layout, 'matrix.editor.body');
  await page.mouse.click(body.x0 + 20, body.y0 + 10);
  await eventually(async () => (await ime()).field === 'matrix.editor.body' && (await ime()).focused);
  // The overlay is over the field (at its caret), inside its rectangle.
  const r = await page.locator('#ime').boundingBox();
  assert.ok(r.x >= body.x0 - 1 && r.x < body.x1 && r.y >= body.y0 - 1 && r.y < body.y1, `overlay ${JSON.stringify(r)} in ${JSON.stringify(body)}`);
  const before = (await state()).editor_text;

  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 });
  await eventually(async () => (await ime()).composing);
  await frames();
  assert.equal((await state()).editor_text, before, 'nothing reaches the field while composing');
  await page.screenshot({ path: artifact('studio-ime-composing.png') });
  await cdp.send('Input.insertText', { text: '日本語' });
  await eventually(async () => (await state()).editor_text.includes('日本語'));
  const after = (await state()).editor_text;
  assert.equal(after.split('日本語').length - 1, 1, 'committed once');
  assert.equal(after.replace('日本語', ''), before, 'the field gained exactly the committed text');
  assert.deepEqual((await ime()).committed, ['日本語']);
  assert.equal((await ime()).composing, false);
  // Plain keys with the overlay focused: through GLFW to ImGui, once each, after the committed text.
  await frames();
  await page.keyboard.type('ab');
  await eventually(async () => (await state()).editor_text.includes('日本語ab'));
  await frames();
  assert.equal((await state()).editor_text.replace('日本語ab', ''), before);
  assert.equal(await page.locator('#ime').inputValue(), '', 'the overlay keeps nothing');
  await page.screenshot({ path: artifact('studio-ime-committed.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

// 骨 and 直 have a different glyph in each Han face of Noto Sans CJK: each row is drawn with its
// locale's face (ja → JP, ko → KR, zh-Hans → SC, zh-Hant → TC), as the app reports drawing it.
test('the matrix draws Han text with the face of the cell\'s locale', async () => {
  const { page, context, problems } = await openStudio('?pack=/fixture-studio-han/pack.json');
  const want = { ja: 'jp', ko: 'kr', 'zh-Hans': 'sc', 'zh-Hant': 'tc' };
  // The fixture's characters are outside the shipped subsets: the whole collection comes once.
  await eventually(async () => (await page.evaluate(() => window.parleyStudio.fonts())).cjk === 'full', 60000);
  await eventually(async () => {
    const cells = await page.evaluate(() => window.parleyStudio.state().matrix.cells);
    return cells.length === 4 && cells.every((c) => c.face === want[c.locale]);
  }, 30000);
  const cells = await page.evaluate(() => window.parleyStudio.state().matrix.cells);
  assert.deepEqual(Object.fromEntries(cells.map((c) => [c.locale, c.face])), want);
  // …and each face has the glyphs (not ImGui's fallback).
  const { no_glyph: noGlyph } = await page.evaluate(() => window.parleyStudio.fonts());
  for (const face of Object.values(want)) {
    for (const ch of '骨直') assert.ok(!noGlyph[face].includes(ch.codePointAt(0)), `${face} face lacks ${ch}`);
  }
  // The pixels differ too: ja and zh-Hans rows (same row shade) draw the same text, 骨 直, in two faces.
  const { layout } = await page.evaluate(() => window.parleyStudio.state());
  const clip = async (i) => {
    const b = box(layout, `matrix.cell.${i}.text`);
    return page.screenshot({ clip: { x: b.x0, y: b.y0, width: 60, height: b.y1 - b.y0 } });
  };
  const ja = cells.findIndex((c) => c.locale === 'ja'), hans = cells.findIndex((c) => c.locale === 'zh-Hans');
  assert.notDeepEqual(await clip(ja), await clip(hans), 'the JP and SC faces draw 骨 直 differently');
  await page.screenshot({ path: artifact('studio-han.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

// ImGui 1.86 draws no colour emoji: the emoji in the demo pack's templates (😊, 📌) come from the
// monochrome Symbola subset, as glyphs, not U+FFFD or ImGui's fallback '?'.
test('emoji in templates are drawn as glyphs (monochrome fallback)', async () => {
  const { page, context, problems } = await openStudio();
  const bodies = readdirSync(join(ROOT, 'site', 'packs', 'demo', 'templates')).map((n) => readFileSync(join(ROOT, 'site', 'packs', 'demo', 'templates', n), 'utf8')).join('');
  const shipped = [...new Set([...bodies].filter((c) => c.codePointAt(0) >= 0x1F000).map((c) => c.codePointAt(0)))];
  assert.ok(shipped.length >= 1, 'the demo pack has emoji');
  const fonts = await page.evaluate(() => window.parleyStudio.fonts());
  for (const cp of shipped) assert.ok(fonts.emoji.includes(cp), `U+${cp.toString(16)} drawn as a glyph: ${JSON.stringify(fonts.emoji)}`);
  for (const face of ['jp', 'kr', 'sc', 'tc']) assert.ok(!fonts.no_glyph[face].includes(0xFFFD), `${face}: no U+FFFD shown`);
  assert.ok(!fonts.no_glyph.jp.some((c) => shipped.includes(c)));
  await page.screenshot({ path: artifact('studio-emoji.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
