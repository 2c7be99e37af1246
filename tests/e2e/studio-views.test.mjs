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

const CHAIN = readFileSync(join(ROOT, 'studio', 'demo-evidence.jsonl'), 'utf8');
const EVENTS = readFileSync(join(ROOT, 'studio', 'demo-events.jsonl'), 'utf8');
const NOW = '2026-03-20T00:00:00Z';

let relay, browser;
before(async () => { relay = await startRelay({ args: ['--agent-token', 'sup-token'] }); browser = await launchBrowser({ args: ['--enable-unsafe-swiftshader', '--use-angle=swiftshader'] }); });
after(async () => { await browser?.close(); await relay?.stop(); });

async function openStudio(query, { token } = {}) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
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
  await page.mouse.click(120, 182);  // step #1 in the list
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

// ---- the event export, computed here -------------------------------------------------------
const events = EVENTS.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
function expectedSeries() {
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
      const day = at.slice(0, 10);  // UTC: no workspace time zone given
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

test('metrics: per-channel first response by day (median, p90) as plotted; a clicked point lists its cases; screenshots en, ja, ar', async () => {
  const want = expectedSeries();
  assert.ok(want.length >= 3 && want.every((s) => s.days.length >= 5), 'the demo export has 3 channels over 5 days');
  for (const lang of ['en', 'ja', 'ar']) {
    const { page, context, problems, frames, views } = await openStudio(`?view=metrics&now=${NOW}&lang=${lang}`);
    await frames(5);
    const m = (await views()).metrics;
    assert.equal(m.measure, 'first_response');
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
