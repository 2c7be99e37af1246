// Parley Studio shell: loads the wasm app, hands it the pack, its fonts and ICU's data, and
// exposes window.parleyStudio (state for tests and tools) and "save pack file" (a Blob download).
// Query: ?pack=URL of a pack.json (default: the demo pack), &lang=en|ja|ar (UI language),
// &evidence=URL of an exported evidence chain and &events=URL of a metrics event export (JSON
// Lines; default: the demo's, beside this page), &now= the moment metrics are for (ISO-8601 or
// Unix ms; default: now), &tz= the IANA time zone metrics count days in (default: the browser's),
// &view=matrix|replay|metrics; &events=relay reads the relay's own export
// (GET /api/v1/metrics/export) with the console's agent token of this tab. A .jsonl file opened (File menu) or
// dropped on the page is read as a chain if its first record has a prev_hash, else as events.
const params = new URLSearchParams(location.search);
const packUrl = new URL(params.get('pack') || '/packs/demo/pack.json', location.href);
const status = document.getElementById('status');
const canvas = document.getElementById('canvas');
// The page's own few strings (everything else is drawn by the app from studio/strings.cpp).
const STRINGS = {
  en: { loading: 'Loading the Studio…', data: 'Loading the pack, fonts and ICU data…', failed: 'The Studio could not start:' },
  ja: { loading: 'Studio を読み込んでいます…', data: 'パック、フォント、ICU データを読み込んでいます…', failed: 'Studio を起動できませんでした:' },
  ar: { loading: 'جارٍ تحميل Studio…', data: 'جارٍ تحميل الحزمة والخطوط وبيانات ICU…', failed: 'تعذّر تشغيل Studio:' },
};
const uiLang = STRINGS[params.get('lang')] ? params.get('lang') : 'en';
const t = STRINGS[uiLang];
document.documentElement.lang = uiLang;
document.documentElement.dir = uiLang === 'ar' ? 'rtl' : 'ltr';
status.textContent = t.loading;

async function fetchBytes(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** Offer `text` as a file download named after the pack file (templates/en.json → en.json). */
function saveFile(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name.split('/').pop();
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  window.parleyStudio.saved.push({ name, text });
}

function fitCanvas(M) {
  canvas.width = innerWidth;  // one canvas pixel per CSS pixel: ImGui sizes in those
  canvas.height = innerHeight;
  M?._studio_resize(innerWidth, innerHeight);
}

/** ?events=relay: the relay's event export, with the agent token the console keeps for this tab. */
async function relayExport(url) {
  const token = sessionStorage.getItem('parley.console.token');
  if (!token) throw new Error('events=relay: sign in to the console (/console/) in this tab first: the export is for agents');
  const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** "evidence" when the first record is a hash-chain record, else "events". */
function kindOf(text) {
  const first = text.split('\n').find((l) => l.trim());
  try { return first && 'prev_hash' in JSON.parse(first) ? 'evidence' : 'events'; } catch { return 'events'; }
}

/** File → Open and drops on the page: the file's text goes to the replay or metrics view. */
function acceptFiles(load) {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.jsonl,.json,.ndjson,application/x-ndjson';
  input.hidden = true;
  document.body.append(input);
  const read = async (file) => { if (file) { const text = await file.text(); load(kindOf(text), file.name, text); } };
  input.addEventListener('change', () => { read(input.files[0]); input.value = ''; });
  addEventListener('dragover', (e) => e.preventDefault());
  addEventListener('drop', (e) => { e.preventDefault(); read(e.dataTransfer?.files?.[0]); });
  return () => input.click();
}

/**
 * The IME overlay: ImGui 1.86 takes characters one key at a time and knows nothing of
 * composition, so while an ImGui text field is being edited (the app reports it: onTextField) a
 * textarea sits over its caret with the focus. The browser's input method composes there
 * (compositionstart … compositionend) and the committed text goes to the field (`commit`). Plain
 * keys still reach ImGui through GLFW's window listeners; what they leave in the textarea is cleared.
 */
function imeOverlay(commit) {
  const ime = document.createElement('textarea');
  ime.id = 'ime';
  ime.setAttribute('aria-hidden', 'true');
  ime.spellcheck = false;
  ime.autocomplete = 'off';
  document.body.append(ime);
  let composing = false;
  const state = { field: '', composing: false, committed: [] };
  ime.addEventListener('compositionstart', () => { composing = state.composing = true; ime.classList.add('composing'); });
  ime.addEventListener('compositionend', (e) => {
    composing = state.composing = false;
    ime.classList.remove('composing');
    if (e.data) { commit(e.data); state.committed.push(e.data); }
    ime.value = '';
  });
  ime.addEventListener('input', (e) => { if (!composing && !e.isComposing) ime.value = ''; });
  const onTextField = (name, x0, y0, x1, y1, caretX, caretY, size) => {
    state.field = name;
    if (!name) {
      ime.style.display = 'none';
      if (document.activeElement === ime) canvas.focus({ preventScroll: true });
      return;
    }
    Object.assign(ime.style, {
      display: 'block', left: `${Math.max(x0, caretX)}px`, top: `${caretY}px`,
      width: `${Math.max(size * 4, x1 - Math.max(x0, caretX))}px`, height: `${size * 1.3}px`, fontSize: `${size}px`,
    });
    if (document.activeElement !== ime) ime.focus({ preventScroll: true });
  };
  return { ime, state, onTextField };
}

async function start() {
  const { default: createParleyStudio } = await import('./parley-studio.mjs');
  fitCanvas(null);
  const opener = { open: () => {} };
  const fonts = { needFont: () => {} };
  const overlay = imeOverlay((text) => withStrings([text], (p) => M._studio_text_input(p)));
  const M = await createParleyStudio({
    canvas, onSaveFile: saveFile, onOpenFile: () => opener.open(), onNeedFont: (n) => fonts.needFont(n),
    onTextField: overlay.onTextField, printErr: (t) => console.warn(t),
  });
  const enc = new TextEncoder();
  const cstr = (s) => {
    const b = enc.encode(s);
    const p = M._malloc(b.length + 1);
    M.HEAPU8.set(b, p);
    M.HEAPU8[p + b.length] = 0;
    return p;
  };
  const take = (p) => { const s = M.UTF8ToString(p); M._studio_free(p); return JSON.parse(s); };
  const put = (kind, name, bytes) => {
    const k = cstr(kind), n = cstr(name), p = M._malloc(bytes.length || 1);
    M.HEAPU8.set(bytes, p);
    const rc = M._studio_put(k, n, p, bytes.length);
    [k, n, p].forEach((x) => M._free(x));
    if (rc !== 0) throw new Error(`studio could not read ${kind} ${name}: ${take(M._studio_state()).error || rc}`);
  };
  const withStrings = (strings, fn) => {
    const ptrs = strings.map(cstr);
    try { return fn(...ptrs); } finally { ptrs.forEach((p) => M._free(p)); }
  };

  M.callMain([String(innerWidth), String(innerHeight)]);
  addEventListener('resize', () => fitCanvas(M));

  status.textContent = t.data;
  const manifestBytes = await fetchBytes(packUrl);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  const names = [...(manifest.files?.templates || []), ...(manifest.files?.lint ? [manifest.files.lint] : [])];
  // The CJK faces as subsets of the text the Studio ships with; the whole collection only when
  // shown text needs more (the app asks: onNeedFont).
  // One Han face per locale (ja, ko, zh-Hans, zh-Hant: studio/fonts.h).
  const hanFaces = ['jp', 'kr', 'sc', 'tc'];
  // Emoji: Symbola (monochrome), subset like the CJK faces.
  const [icu, fills, latin, arabic, emoji, cjkCoverage, ...rest] = await Promise.all([
    fetchBytes('icudt72l.dat'), fetchBytes('fills.json'), fetchBytes('fonts/NotoSans-Regular.ttf'),
    fetchBytes('fonts/NotoSansArabic-Regular.ttf'), fetchBytes('fonts/Symbola-subset.ttf'), fetchBytes('fonts/cjk-subset.txt'),
    ...hanFaces.map((h) => fetchBytes(`fonts/NotoSansCJK${h}-subset.otf`)),
    ...names.map((n) => fetchBytes(new URL(n, packUrl))),
  ]);
  const files = rest.slice(hanFaces.length);
  put('icu', '', icu);
  put('font', 'latin', latin);
  put('font', 'arabic', arabic);
  put('font', 'emoji', emoji);
  hanFaces.forEach((h, i) => put('font', `cjk-${h}`, rest[i]));
  put('font-coverage', 'cjk-subset.txt', cjkCoverage);
  fonts.needFont = (name) => {
    if (name !== 'cjk') return;
    fetchBytes('fonts/NotoSansCJK-Regular.ttc').then((b) => put('font', 'cjk', b)).catch((e) => console.error(`the CJK collection: ${e.message}`));
  };
  put('fills', 'fills.json', fills);
  put('manifest', 'pack.json', manifestBytes);
  names.forEach((n, i) => put('file', n, files[i]));
  const opened = take(M._studio_open());
  if (opened.error) throw new Error(`${opened.error.code}: ${opened.error.message}`);

  const now = params.get('now') || new Date().toISOString();
  // Metrics are bucketed by the viewer's local days: the browser's zone goes in as data.
  const timeZone = params.get('tz') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  /** A chain (kind "evidence") or an event export (kind "events") into its view; the core's answer. */
  const load = (kind, name, text, at = now) => {
    const bytes = enc.encode(text), p = M._malloc(bytes.length || 1);
    M.HEAPU8.set(bytes, p);
    try { return withStrings([kind, name, at, timeZone], (k, n, a, z) => take(M._studio_load(k, n, p, bytes.length, a, z))); } finally { M._free(p); }
  };
  opener.open = acceptFiles((kind, name, text) => {
    const r = load(kind, name, text);
    if (r.error) console.warn(`${name}: ${r.error.message}`);
  });
  const evidenceUrl = new URL(params.get('evidence') || 'demo-evidence.jsonl', location.href);
  const fromRelay = params.get('events') === 'relay';
  const eventsUrl = fromRelay ? new URL('/api/v1/metrics/export', location.href) : new URL(params.get('events') || 'demo-events.jsonl', location.href);
  for (const [kind, url] of [['evidence', evidenceUrl], ['events', eventsUrl]]) {
    const r = load(kind, fromRelay && kind === 'events' ? 'relay' : url.pathname.split('/').pop(),
      new TextDecoder().decode(kind === 'events' && fromRelay ? await relayExport(url) : await fetchBytes(url)));
    if (r.error) throw new Error(`${url}: ${r.error.code}: ${r.error.message}`);
  }
  withStrings([params.get('view') || 'matrix'], (v) => M._studio_show_tab(v));

  const api = {
    saved: [],
    /** Everything the app shows: matrix axes and cells (see docs/studio.md). */
    state: () => take(M._studio_state()),
    cells: () => api.state().matrix.cells,
    overLimit: () => api.state().matrix.over_limit,
    /** The editor's "Apply": a template's new body; its cells are recomputed by the core. */
    edit: (id, body) => withStrings([id, body], (i, b) => take(M._studio_edit(i, b))),
    /** The pack file holding template `id`, as "Save pack file" downloads it. */
    templateFile: (id) => withStrings([id], (i) => take(M._studio_template_file(i))),
    save: (id) => { const f = api.templateFile(id); if (!f.error) saveFile(f.name, f.text); return f; },
    setLanguage: (code) => { withStrings([code], (c) => M._studio_set_ui_language(c)); document.documentElement.lang = code; document.documentElement.dir = code === 'ar' ? 'rtl' : 'ltr'; },
    showWorst: (worst) => M._studio_show_worst(worst ? 1 : 0),
    /** The replay and metrics views: {tab, replay:{verification, steps, …}, metrics:{series, selected, …}}. */
    views: () => take(M._studio_views_state()),
    /** Load a chain ("evidence") or an event export ("events"), as File → Open does: {ok,count} or {error}. */
    load,
    /** The replay's record editor: record `index` becomes `line`; {ok, verification} or {error}. */
    replaceRecord: (index, line) => withStrings([line], (l) => take(M._studio_replay_record(index, l))),
    replayStep: (i) => M._studio_replay_step(i) === 0,
    metricsMeasure: (id) => withStrings([id], (m) => M._studio_metrics_measure(m)) === 0,
    selectPoint: (channel, day) => withStrings([channel, day], (c, d) => M._studio_metrics_select(c, d)) === 0,
    /** Frames drawn so far (cheap: for waiting on frames between key presses). */
    frame: () => M._studio_frame(),
    /** Which CJK faces are in use: {cjk: "subset"|"full", missing: [code points], requested}. */
    fonts: () => take(M._studio_fonts_state()),
    /** The IME overlay: {field: the ImGui field being edited ("" none), composing, committed: [texts]}. */
    ime: () => ({ ...overlay.state, focused: document.activeElement === overlay.ime }),
    showView: (name) => withStrings([name], (v) => M._studio_show_tab(v)) === 0,
    /** CPU ms of the last frames (ImGui build + WebGL submit), oldest first: for `parley bench studio`. */
    frameTimes: () => take(M._studio_frame_times()).frame_ms,
  };
  api.saved = window.parleyStudio?.saved || [];
  window.parleyStudio = Object.assign(window.parleyStudio || {}, api);
  if (params.get('lang')) api.setLanguage(params.get('lang'));
  status.textContent = '';
  document.documentElement.dataset.ready = 'true';
}

window.parleyStudio = { saved: [] };
start().catch((e) => {
  status.textContent = `${t.failed} ${e.message}`;
  document.documentElement.dataset.ready = 'error';
  console.error(e);
});
