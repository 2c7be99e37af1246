// The Studio's replay and metrics views (studio/replay_view.cpp, studio/metrics_view.cpp) in
// Debian Chromium, served by the real relay. Expectations come from the files themselves: the
// demo's exported evidence chain (studio/demo-evidence.jsonl, written by evidence.export) and event
// export (studio/demo-events.jsonl), read and computed here in JavaScript.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, artifact, eventually, launchBrowser, startRelay } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';
import { assertChrome, assertRunsFromStart, box } from './studio-layout.mjs';

const CHAIN = readFileSync(join(ROOT, 'studio', 'demo-evidence.jsonl'), 'utf8');
const EVENTS = readFileSync(join(ROOT, 'studio', 'demo-events.jsonl'), 'utf8');
const NOW = '2026-03-20T00:00:00Z';

let relay, browser;
before(async () => { relay = await startRelay({ args: ['--agent-token', 'sup-token'] }); browser = await launchBrowser({ args: ['--enable-unsafe-swiftshader', '--use-angle=swiftshader'] }); });
after(async () => { await browser?.close(); await relay?.stop(); });

const WIDTH = 1600;
async function openStudio(query, { token, timezoneId } = {}) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 1000 }, ...(timezoneId ? { timezoneId } : {}) });
  // The console keeps the agent's token in the tab's sessionStorage; ?events=relay reads it there.
  if (token) await context.addInitScript((t) => sessionStorage.setItem('parley.console.token', t), token);
  const page = await context.newPage();
  const problems = [];
  // The browser's own favicon request is not the Studio's: /studio/ links none.
  page.on('console', (m) => { if (m.type() === 'error' && !/\/favicon\.ico$/.test(m.location()?.url || '')) problems.push(`${m.text()} ${m.location()?.url || ''}`); });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(`${relay.url}/studio/${query}`);
  await page.waitForSelector('html[data-ready="true"], html[data-ready="error"]', { timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-ready'), 'true', `the Studio did not start: ${await page.textContent('#status')} ${problems.join(' | ')}`);
  // ImGui 1.86 reads input once per frame: steps wait for frames the app has drawn, not for a time.
  const frames = async (n = 3) => {
    const at = await page.evaluate(() => window.parleyStudio.frame());
    await eventually(async () => (await page.evaluate(() => window.parleyStudio.frame())) >= at + n);
  };
  const views = () => page.evaluate(() => window.parleyStudio.views());
  return { page, context, problems, frames, views };
}

// ---- the chain, read here ------------------------------------------------------------------
const lines = CHAIN.split('\n').filter((l) => l.trim());
const records = lines.map((l) => JSON.parse(l));
const firstOf = (kind) => records.findIndex((r) => r.kind === kind && !(kind === 'message' && r.data.direction === 'outbound'));

test('replay: the demo chain verifies, its five stages and the suggestion → final diff; screenshots en, ja, ar', async () => {
  for (const lang of ['en', 'ja', 'ar']) {
    const { page, context, problems, frames, views } = await openStudio(`?view=replay&lang=${lang}`);
    await frames();
    const v = await views();
    assert.equal(v.tab, 'replay');
    const r = v.replay;
    assert.equal(r.count, records.length);
    assert.equal(r.verification.valid, true);
    assert.equal(r.verification.head_hash, records.at(-1).hash);
    assert.deepEqual(r.steps.map((s) => s.kind), records.map((x) => x.kind));
    assert.ok(r.steps.every((s) => s.trusted));
    assert.deepEqual(r.stages, { message: firstOf('message'), knowledge: firstOf('knowledge'), draft: firstOf('draft'), approval: firstOf('approval'), reply: firstOf('reply') });
    assert.ok(Object.values(r.stages).every((i) => i >= 0), 'the demo chain has every stage');
    // The AI suggestion is the first draft, the final the reply; the diff's ops rebuild both.
    const suggestion = records[firstOf('draft')].data.text, final = records[firstOf('reply')].data.text;
    assert.equal(r.suggestion, suggestion);
    assert.equal(r.final, final);
    const side = (keep) => r.diff.ops.filter((o) => o.op === 'equal' || o.op === keep).map((o) => o.text).join('');
    assert.equal(side('delete'), suggestion);
    assert.equal(side('insert'), final);
    assert.ok(r.diff.inserted > 0, 'the agent added words to the suggestion');
    assert.ok(r.hashes.every((h) => h.ok && h.stored === h.computed));
    // Each step's sentence in the UI language (the core's reason code and params, strings.cpp):
    // the core's own English in English, none of it left in English otherwise.
    const script = { ja: /[\u3040-\u30ff\u4e00-\u9fff]/, ar: /[\u0600-\u06ff]/ }[lang];
    for (const [i, s] of r.steps.entries()) {
      if (lang === 'en') assert.equal(s.sentence, s.text);
      else {
        assert.notEqual(s.sentence, s.text, `step ${i} (${s.kind}) still in English in ${lang}`);
        assert.match(s.sentence, script, `step ${i} (${s.kind}) in ${lang}: ${s.sentence}`);
        if (s.text.includes(records[i].actor)) assert.ok(s.sentence.includes(records[i].actor), `step ${i} names its actor`);
      }
    }
    // The chrome from the UI's start edge: in Arabic the step list is on the right, the stages run
    // from the right, the title hugs the right edge.
    await frames();
    const { layout } = await views();
    assertChrome(layout, lang, WIDTH, 'replay.title');
    assertRunsFromStart(layout, ['replay.first', 'replay.second'], lang === 'ar', 'step list, then the step');
    assertRunsFromStart(layout, ['message', 'knowledge', 'draft', 'approval', 'reply'].map((k) => `replay.stage.${k}`), lang === 'ar', 'stages');
    // The English demo's diff reads left to right whatever the UI's language.
    assert.equal(r.diff_layout.rtl, false);
    await page.screenshot({ path: artifact(`studio-replay-${lang}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('replay: a changed byte breaks the chain at that record; the record editor shows the offset', async () => {
  const { page, context, problems, frames, views } = await openStudio('?view=replay');
  // A tampered file: one byte of the AI suggestion's text changed (the amount of days, 5 → 9).
  const at = firstOf('draft');
  const bad = lines[at].replace('within 5 business', 'within 9 business');
  assert.notEqual(bad, lines[at]);
  const tampered = lines.map((l, i) => (i === at ? bad : l)).join('\n') + '\n';
  // Opened as File → Open does: the shell's file input (the picker's element), read as a chain.
  await page.setInputFiles('input[type=file]', { name: 'tampered.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(tampered) });
  await eventually(async () => (await views()).replay.name === 'tampered.jsonl');
  let r = (await views()).replay;
  assert.equal(r.count, records.length);
  assert.equal(r.verification.valid, false);
  assert.equal(r.verification.problem, 'changed');
  assert.equal(r.verification.first_bad_seq, records[at].seq);
  assert.equal(r.verification.position, at);
  // Steps before the changed record are trusted, from it on none is.
  assert.deepEqual(r.steps.map((s) => s.trusted), records.map((_, i) => i < at));
  assert.deepEqual(r.hashes.map((h) => h.ok), records.map((_, i) => i !== at));
  assert.equal(r.hashes[at].stored, records[at].hash);
  assert.notEqual(r.hashes[at].computed, records[at].hash);
  // The tampered text is what the replay shows as the suggestion.
  assert.match(r.suggestion, /within 9 business/);
  await frames();
  await page.screenshot({ path: artifact('studio-replay-tampered.png') });

  // Back to the good file, then the record editor's change (the same function its Apply calls):
  // the first changed byte is where this test changed it.
  assert.equal((await page.evaluate(([t]) => window.parleyStudio.load('evidence', 'demo-evidence.jsonl', t), [CHAIN])).ok, true);
  assert.equal((await views()).replay.verification.valid, true);
  const k = firstOf('approval');
  const edited = lines[k].replace('"approved"', '"rejected"');
  const [a, b] = [Buffer.from(lines[k]), Buffer.from(edited)];
  const offset = a.findIndex((byte, i) => byte !== b[i]);  // a byte offset, as the Studio reports it
  const answer = await page.evaluate(([l, i]) => window.parleyStudio.replaceRecord(i, l), [edited, k]);
  assert.equal(answer.ok, true);
  assert.equal(answer.verification.first_bad_seq, records[k].seq);
  r = (await views()).replay;
  assert.deepEqual(r.changed, [{ index: k, byte: offset }]);
  assert.equal(r.verification.valid, false);
  // A line that is not JSON is refused, naming it; the chain shown stays as it was.
  const refused = await page.evaluate(([i]) => window.parleyStudio.replaceRecord(i, '{"seq": 7,'), [k]);
  assert.equal(refused.error.path, `/line/${k + 1}`);
  assert.deepEqual((await views()).replay.changed, [{ index: k, byte: offset }]);

  // Keyboard navigation in the step list: click the first step, ArrowDown twice.
  assert.equal(await page.evaluate(() => window.parleyStudio.replayStep(0)), true);
  await frames();
  const first = box((await views()).layout, 'replay.step.0');  // step #1 in the list, where the app drew it
  await page.mouse.click((first.x0 + first.x1) / 2, (first.y0 + first.y1) / 2);
  await frames();
  const before = (await views()).replay.step;
  // Each ArrowDown is held until the step moves, then released: ImGui 1.86 reads key state once
  // per frame (a press between two frames is lost), and repeats a key held past 0.275 s.
  const step = () => page.evaluate(() => window.parleyStudio.views().replay.step);
  for (let i = 1; i <= 2; i++) {
    await page.keyboard.down('ArrowDown');
    for (const end = Date.now() + 10000; (await step()) === before + i - 1 && Date.now() < end;) await new Promise((r) => setTimeout(r, 5));
    await page.keyboard.up('ArrowDown');
    await frames(2);
  }
  assert.equal((await views()).replay.step, before + 2);
  await page.screenshot({ path: artifact('studio-replay-edited.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('replay: an Arabic suggestion → final diff is drawn right to left, word after word leftwards; screenshot', async () => {
  const suggestion = 'مرحبا ماريا، نأسف لأن طلبك PD-204816 وصل تالفا. سنرد المبلغ كاملا خلال 5 أيام عمل.';
  const final = 'مرحبا ماريا، نأسف جدا لأن طلبك PD-204816 وصل تالفا. سنرد المبلغ كاملا خلال 5 أيام عمل من مسح ملصق الإرجاع.';
  // The demo chain with Arabic texts: its hashes no longer match (the replay says so), the diff is what is looked at.
  const text = records.map((rec) => {
    const copy = structuredClone(rec);
    if (rec.kind === 'draft') copy.data.text = suggestion;
    if (rec.kind === 'edit' || rec.kind === 'reply') copy.data.text = final;
    return JSON.stringify(copy);
  }).join('\n');
  const { page, context, problems, frames, views } = await openStudio('?view=replay&lang=ar');
  assert.equal((await page.evaluate(([t]) => window.parleyStudio.load('evidence', 'arabic.jsonl', t), [text])).ok, true);
  await page.evaluate(([i]) => window.parleyStudio.replayStep(i), [firstOf('reply')]);
  await frames(4);
  const r = (await views()).replay;
  assert.equal(r.suggestion, suggestion);
  assert.equal(r.final, final);
  assert.equal(r.diff_layout.rtl, true);
  const words = r.diff_layout.words;
  assert.ok(words.length >= final.split(' ').length, `${words.length} words drawn`);
  assert.ok(words.some((w) => w.op === 'insert'), 'the agent\'s words are marked');
  // Right to left: the first word ends at the right edge, each next word on a line lies left of the one before.
  const right = Math.max(...words.map((w) => w.x + w.width));
  assert.ok(Math.abs(words[0].x + words[0].width - right) < 1, 'the first word ends at the right edge');
  let leftward = 0;
  for (let i = 1; i < words.length; i++) {
    if (words[i].y !== words[i - 1].y) continue;  // a new line starts at the right edge again
    assert.ok(words[i].x + words[i].width <= words[i - 1].x + 0.5, `word ${i} "${words[i].text}" lies left of "${words[i - 1].text}"`);
    leftward++;
  }
  assert.ok(leftward >= words.length / 2);
  await page.screenshot({ path: artifact('studio-replay-ar-diff.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

// ---- the event export, computed here -------------------------------------------------------
const events = EVENTS.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
/** A conversation's local day in `timeZone` (YYYY-MM-DD), as the Studio buckets it. */
const localDay = (at, timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
function expectedSeries(timeZone) {
  const channel = new Map(), started = new Map(), firstHuman = new Map(), order = [];
  for (const e of events) {
    if (e.channel) channel.set(e.conversation, e.channel);
    if (!started.has(e.conversation) && e.type === 'message' && e.sender === 'customer') started.set(e.conversation, e.at);
    if (e.type === 'message' && e.sender === 'human' && !firstHuman.has(e.conversation)) firstHuman.set(e.conversation, e.at);
  }
  for (const e of events) if (!order.includes(channel.get(e.conversation))) order.push(channel.get(e.conversation));
  const rank = (xs, p) => xs[Math.ceil(p * xs.length) - 1];  // nearest rank (docs/metrics.md)
  return order.map((ch) => {
    const byDay = new Map();
    for (const [c, at] of started) if (channel.get(c) === ch) {
      const day = localDay(at, timeZone);  // the browser's local day
      if (!byDay.has(day)) byDay.set(day, { ids: [], ms: [] });
      byDay.get(day).ids.push(c);
      byDay.get(day).ms.push(Date.parse(firstHuman.get(c)) - Date.parse(at));
    }
    return { channel: ch, days: [...byDay].sort().map(([day, g]) => {
      const ms = [...g.ms].sort((a, b) => a - b);
      return { day, ids: [...g.ids].sort(), median: rank(ms, 0.5), p90: rank(ms, 0.9) };
    }) };
  });
}

// Each language in another browser time zone: Tokyo moves 17 of the demo's conversations to the next day.
const ZONES = { en: 'UTC', ja: 'Asia/Tokyo', ar: 'Asia/Riyadh' };
test('metrics: per-channel first response by local day (median, p90) as plotted; a clicked point lists its cases; screenshots en, ja, ar', async () => {
  assert.notDeepEqual(expectedSeries('Asia/Tokyo'), expectedSeries('UTC'), 'the demo export has conversations whose day differs in Tokyo');
  for (const lang of ['en', 'ja', 'ar']) {
    const want = expectedSeries(ZONES[lang]);
    assert.ok(want.length >= 3 && want.every((s) => s.days.length >= 5), 'the demo export has 3 channels over 5 days');
    const { page, context, problems, frames, views } = await openStudio(`?view=metrics&now=${NOW}&lang=${lang}`, { timezoneId: ZONES[lang] });
    await frames(5);
    const { metrics: m, layout } = await views();
    assert.equal(m.measure, 'first_response');
    assert.equal(m.time_zone, ZONES[lang], 'the browser\'s time zone is what days are counted in');
    // One unit per axis, the one its top needs: no "0 ms" under a scale of seconds or minutes.
    for (const s of m.series) {
      const units = s.axis.map((l) => l.split(' ')[1]);
      assert.equal(new Set(units).size, 1, `${s.channel} axis ${s.axis}`);
      assert.equal(s.axis.length, 3);
      const top = Math.max(...s.points.filter((p) => p.n).map((p) => p.p90)) * 1.1;
      assert.equal(units[0], top < 1000 ? 'ms' : top < 60000 ? 's' : top < 3600000 ? 'min' : 'h', `${s.channel} axis ${s.axis} for a top of ${top} ms`);
    }
    // Arabic: the plots mirror (days run right to left, the value axis on the right), the cases on the left.
    const rtl = lang === 'ar';
    assertChrome(layout, lang, WIDTH, 'metrics.title');
    assertRunsFromStart(layout, ['metrics.first', 'metrics.second'], rtl, 'plots, then the cases');
    for (const [i, s] of m.series.entries()) {
      const drawn = s.points.filter((p) => p.n > 0), axis = box(layout, `metrics.axis.${i}`);
      for (let j = 1; j < drawn.length; j++) assert.ok(rtl ? drawn[j].x < drawn[j - 1].x : drawn[j].x > drawn[j - 1].x, `${s.channel}: later days ${rtl ? 'left' : 'right'}`);
      assert.ok(drawn.every((p) => (rtl ? p.x < axis.x0 : p.x > axis.x0)), `${s.channel}: the value axis at the start edge`);
    }
    assert.deepEqual(m.series.map((s) => s.channel), want.map((s) => s.channel));
    for (const [i, s] of m.series.entries()) {
      const drawn = s.points.filter((p) => p.n > 0);
      assert.deepEqual(drawn.map((p) => p.day), want[i].days.map((d) => d.day), s.channel);
      for (const [j, p] of drawn.entries()) {
        const w = want[i].days[j];
        assert.deepEqual([...p.ids].sort(), w.ids, `${s.channel} ${p.day}`);
        assert.equal(p.median, w.median, `${s.channel} ${p.day} median`);
        assert.equal(p.p90, w.p90, `${s.channel} ${p.day} p90`);
        assert.ok(p.x > 0 && p.y > 0, 'the point was drawn');
      }
      // Higher on screen is longer: the p90-free check of the y scale, point against point.
      const byMedian = [...drawn].sort((a, b) => a.median - b.median);
      assert.ok(byMedian.at(-1).y < byMedian[0].y || byMedian.at(-1).median === byMedian[0].median);
    }
    await page.screenshot({ path: artifact(`studio-metrics-${lang}.png`) });
    if (lang === 'en') {
      // A click on a point (the second channel's third day) lists that point's conversations.
      const s = m.series[1], p = s.points.filter((q) => q.n > 0)[2];
      await page.mouse.move(p.x, p.y);
      await frames();
      await page.mouse.down();
      await frames();
      await page.mouse.up();
      await frames();
      const sel = (await views()).metrics.selected;
      assert.deepEqual(sel && { channel: sel.channel, day: sel.day }, { channel: s.channel, day: p.day });
      assert.deepEqual([...sel.ids].sort(), want[1].days[2].ids);
      // Hover another point: its tooltip's values are that point's.
      const q = m.series[2].points.filter((x) => x.n > 0)[4];
      await page.mouse.move(q.x, q.y + 1);
      await frames();
      const hovered = (await views()).metrics.hovered;
      assert.deepEqual(hovered, { channel: m.series[2].channel, day: q.day, n: q.n, median: q.median, p90: q.p90 });
      await page.mouse.move(p.x, p.y + 1);
      await frames();
      await page.screenshot({ path: artifact('studio-metrics-clicked.png') });
      // Another measure: resolution (full), as the chooser sets it.
      assert.equal(await page.evaluate(() => window.parleyStudio.metricsMeasure('resolution')), true);
      assert.equal((await views()).metrics.measure, 'resolution');
      assert.equal(await page.evaluate(() => window.parleyStudio.metricsMeasure('nope')), false);
      // A file dropped on the page: the shell reads it (no prev_hash: events) into this view.
      const dt = await page.evaluateHandle(([t]) => { const d = new DataTransfer(); d.items.add(new File([t], 'dropped.jsonl')); return d; },
        [EVENTS.split('\n').filter((l) => l.includes('"wh-') || l.includes('"channel":"whatsapp"')).join('\n')]);
      await page.dispatchEvent('canvas', 'drop', { dataTransfer: dt });
      await eventually(async () => (await views()).metrics.name === 'dropped.jsonl');
      assert.deepEqual((await views()).metrics.series.map((x) => x.channel), ['whatsapp']);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('metrics from the relay serving the Studio (?events=relay): its own conversations, per channel and day', async () => {
  const agent = api(relay.url, 'sup-token');
  const ids = [];
  for (let i = 0; i < 2; i++) {
    const v = await newVisitor(relay.url);
    const c = (await v.call('POST', '/api/v1/conversations', {})).json;
    ids.push(c.id);
    await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'm', text: 'Where is my order?' });
    await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'a', text: 'On its way' });
  }
  const { context, problems, views } = await openStudio('?view=metrics&events=relay', { token: 'sup-token' });
  const m = (await views()).metrics;
  assert.equal(m.name, 'relay');
  const webchat = m.series.find((s) => s.channel === 'webchat');
  assert.ok(webchat, `channels: ${m.series.map((s) => s.channel)}`);
  const listed = webchat.points.flatMap((p) => p.ids);
  for (const id of ids) assert.ok(listed.includes(id), `${id} is one of the plotted cases`);
  // Both were answered: each counts in its day's first response.
  const mine = webchat.points.filter((p) => p.ids.some((id) => ids.includes(id)));
  assert.ok(mine.every((p) => p.n >= p.ids.filter((id) => ids.includes(id)).length && p.median >= 0));
  assert.deepEqual(problems, []);
  await context.close();
});
