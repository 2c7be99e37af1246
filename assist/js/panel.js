// Parley Assist: the agent's side panel. Imperative shell around the core: it gathers the case
// from the host, asks the core (triage, route, SLA, knowledge, draft, lint, review, evidence) and
// shows the answers. Every decision is the core's; modules the core lacks are shown as such.
import { startCore } from './core.js';
import { Evidence } from './evidence.js';
import { isRtl, localise } from './i18n.js';
import { lastCustomerMessage, searchText, slotsFrom } from './context.js';
import { loadPack, marketFor, templatesFor } from './pack.js';
import { connectHost } from './hosts.js';
import { savedToken, saveToken } from './internal.js';
import { $, duration, el, level, notAvailable, now, params, percent, setText, state, status, t, translated, uiLang } from './ui.js';
import { exportEvidence, showEvidence, verifyEvidence } from './evidence-view.js';
import { loadInternal, showInternal } from './knowledge-view.js';

//-----------------------------------------------------------------------------
// Boot
//-----------------------------------------------------------------------------
async function boot() {
  localise(document, t, uiLang);
  // The host is connected first: it may send the conversation while the core still loads (the
  // relay console posts on the frame's load event); the latest one waits for the core.
  let pending = null;
  let started = false;
  const panel = {
    openConversation: (c) => (started ? openLatest(c) : (pending = c)),
    // The host may hand the agent's token at any time; once the pack is loaded it reads the
    // agents-only articles (before that, boot does).
    authenticate: (token) => {
      if (token === state.token) return;
      state.token = token;
      if (started) opening = opening.then(loadInternal).catch((e) => status('core-status', e.message));
    },
  };
  state.host = await connectHost(panel);
  // A host that hands no token of its own (Chatwoot, Zendesk, the extension): the agent signs in here.
  state.signIn = Boolean(state.host) && !state.host.handsToken;
  if (state.signIn && !state.token) state.token = savedToken();
  try {
    state.core = await startCore();
    state.evidence = new Evidence(state.core);
    state.pack = await loadPack(params.get('pack') || '/packs/demo/');
    await loadModels(state.pack.manifest.models || {});
    await loadInternal();
    status('core-status', t('ready'));
  } catch (e) {
    status('core-status', t('failed', e.message));
    $('panel').setAttribute('aria-busy', 'false');
    return;
  }
  $('panel').setAttribute('aria-busy', 'false');
  wireControls();
  wireSignIn();
  started = true;
  document.documentElement.dataset.ready = 'true';
  if (pending) await openLatest(pending);
}

// Conversations open one at a time, and only the latest one the host sent: an agent clicking
// through the inbox must never see one case's triage under another case's message.
let latest = null;
let opening = Promise.resolve();
function openLatest(c) {
  latest = c;
  opening = opening.then(() => (latest === c ? openConversation(c) : null)).catch((e) => status('core-status', e.message));
  return opening;
}

// Sign in (a host without a token of its own) and out; the open case's knowledge search runs again
// so its agents-only matches appear or go (the draft and its evidence are left as they are).
function wireSignIn() {
  const reload = () => {
    opening = opening.then(loadInternal).then(() => (state.kase ? search() : null)).catch((e) => status('core-status', e.message));
    return opening;
  };
  $('internal-signin').addEventListener('submit', (e) => {
    e.preventDefault();
    const token = $('internal-token').value.trim();
    if (!token) return;
    $('internal-token').value = '';
    state.token = token;
    reload();
  });
  $('internal-signout').addEventListener('click', () => {
    state.token = null;
    saveToken(null);
    reload().then(() => $('internal-token').focus());
  });
}

// Models named by the pack ({"triage": "/models/triage.bin"}) go to the core as assets. A missing
// model only disables what needs it (the method then answers with an error the panel shows).
async function loadModels(models) {
  for (const [name, url] of Object.entries(models)) {
    try {
      const res = await fetch(new URL(url, location.href));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await state.core.putAsset(name, new Uint8Array(await res.arrayBuffer()));
    } catch (e) {
      console.warn(`Parley Assist: model ${name} (${url}) not loaded: ${e.message}`);
    }
  }
}

//-----------------------------------------------------------------------------
// A conversation arrives from the host
//-----------------------------------------------------------------------------
async function openConversation({ conversation, messages, contact, agent }) {
  const last = lastCustomerMessage(messages);
  const market = marketFor(state.pack, { country: contact.country || conversation.country, locale: contact.locale || conversation.locale });
  // A provider channel (WhatsApp, LINE, e-mail …) tells no locale: then the customer's own words
  // decide it (triage's language id), not the pack's default.
  const given = conversation.locale || contact.locale || '';
  const locale = given || market?.locale || state.pack.manifest.default_locale;
  state.kase = { conversation, messages, contact, agent, market, locale, localeGiven: Boolean(given), channel: conversation.channel || 'email',
    text: last?.text || '', lastAt: last?.at || null, triage: null };
  state.review = { required: [], approvedBy: null };
  state.template = null;
  state.rendered = null;
  // Hosts, tests and screen readers can tell when the first analysis of a case is complete.
  $('case').dataset.conversation = String(conversation.id ?? '');
  $('panel').setAttribute('aria-busy', 'true');
  delete $('case').dataset.analysed;

  $('waiting').hidden = true;
  for (const id of ['case', 'routing', 'templates', 'draft', 'evidence']) $(id).hidden = false;
  setText('contact-name', contact.name || '—');
  setText('channel-name', state.kase.channel);
  const quote = $('last-message');
  quote.textContent = state.kase.text;
  quote.dir = 'auto';
  quote.lang = locale;
  $('draft-text').lang = locale;
  $('draft-text').dir = isRtl(locale) ? 'rtl' : 'ltr';

  state.evidence.start(conversation.id);
  await record('message', { text: state.kase.text, at: state.kase.lastAt, channel: state.kase.channel }, 'customer');
  await triage();
  await Promise.all([route(), sla(), search()]);
  showTemplates();
  const intent = state.kase.triage?.intent;
  const first = templatesFor(state.pack, locale, state.kase.channel).find((x) => x.intent === intent);
  if (first) await draftFrom(first);
  $('case').dataset.analysed = 'true';
  $('panel').setAttribute('aria-busy', 'false');
}

async function record(kind, data, actor = 'parley') {
  try { await state.evidence.add(kind, data, actor); } catch (e) { status('evidence-status', e.message); }
  showEvidence();
}
function agentName() { return state.kase?.agent?.name || t('agent'); }

// The conversation as the SLA and review modules read it: inbound/outbound messages with times.
function history() {
  return state.kase.messages.filter((m) => m.at && (m.direction === 'in' || m.direction === 'out')).map((m) => ({
    direction: m.direction === 'in' ? 'inbound' : 'outbound', at: m.at, text: m.text || '' }));
}
function coreConversation() {
  const k = state.kase;
  return { ...k.conversation, channel: k.channel, language: k.locale, priority: k.triage?.urgency?.level || k.conversation.priority,
    history: history() };
}

//-----------------------------------------------------------------------------
// Triage, correction, route, SLA (other modules of the core, when present)
//-----------------------------------------------------------------------------
// The detected language becomes the case's locale: the pack's locale for it when it has one
// (ja → ja-JP), else the bare language; the market follows.
function adoptLanguage(language) {
  const k = state.kase;
  const base = (l) => String(l || '').toLowerCase().split('-')[0];
  if (base(k.locale) === base(language)) return;
  const packLocale = (state.pack.templates || []).map((x) => x.locale).find((l) => base(l) === base(language));
  k.locale = packLocale || language;
  k.market = marketFor(state.pack, { country: k.contact.country || k.conversation.country, locale: k.locale }) || k.market;
  $('draft-text').lang = k.locale;
  $('draft-text').dir = isRtl(k.locale) ? 'rtl' : 'ltr';
  $('last-message').lang = k.locale;
}

async function triage() {
  const k = state.kase;
  fillIntentChoices();
  if (!state.core.has('triage.classify')) {
    setText('f-language', t('fromContact', k.locale));
    for (const id of ['f-intent', 'f-why', 'f-sentiment', 'f-urgency', 'f-churn']) setText(id, notAvailable('triage.classify'), { unavailable: true });
    delete $('f-intent').dataset.intent;
    return;
  }
  try {
    const r = await state.core.call('triage.classify', { text: k.text, channel: k.channel, ...(k.localeGiven ? { lang: k.locale } : {}),
      context: { messages: k.messages.slice(0, -1).filter((m) => m.direction === 'in').map((m) => ({ from: 'customer', text: m.text })) } });
    k.triage = r;
    if (!k.localeGiven && r.language && r.language !== 'und') adoptLanguage(r.language);
    setText('f-language', r.language || t('fromContact', k.locale));
    showIntent(r.intent, r.confidence, r.tier);
    const why = Array.isArray(r.why) ? r.why.map((w) => (typeof w === 'string' ? w : w.feature)).join(', ') : String(r.why || '—');
    setText('f-why', why);
    const s = r.sentiment || {};
    // Anger past the pack's threshold is the escalation's reason: the agent sees the words that tripped it.
    const angry = r.escalation?.because?.includes('anger') ? t('angry', s.anger, (r.escalation.cues || []).join(', ') || '—') : '';
    setText('f-sentiment', s.label ? [`${level('sentiment', s.label)} (${s.score})`, angry].filter(Boolean).join(' · ') : '—');
    setText('f-urgency', r.urgency?.level ? [level('urgency', r.urgency.level), ...(r.urgency.reasons || []).map((x) => level('cue', x))].join(' · ') : '—');
    setText('f-churn', r.churn_risk?.level ? `${level('churn', r.churn_risk.level)} (${r.churn_risk.score})` : '—');
    if (r.intent) $('correct-intent').value = r.intent;
    await record('triage', r);
  } catch (e) {
    setText('f-intent', e.message, { unavailable: true });
    delete $('f-intent').dataset.intent;
  }
}

// What the agent reads for an intent: the pack's label in the panel's language (then English), the
// id only when the pack gives no label. The id stays the value everywhere else (data-intent, <option>).
function intentName(id) {
  const entry = state.pack.taxonomy?.intents?.find((i) => typeof i === 'object' && (i.id || i.name) === id);
  const label = entry?.label;
  if (typeof label === 'string') return label;
  return label?.[uiLang] || label?.en || id;
}

function showIntent(intent, confidence, tier) {
  const node = $('f-intent');
  setText('f-intent', intent ? t('confidence', intentName(intent), percent(confidence ?? 0)) + (tier ? ` (${level('tier', tier)})` : '') : '—');
  if (intent) node.dataset.intent = intent; else delete node.dataset.intent;
}

function intents() {
  const fromTaxonomy = state.pack.taxonomy?.intents?.map((i) => (typeof i === 'string' ? i : i.id || i.name)).filter(Boolean);
  const fromTemplates = [...new Set(state.pack.templates.map((x) => x.intent))];
  return fromTaxonomy?.length ? fromTaxonomy : fromTemplates;
}

function fillIntentChoices() {
  const select = $('correct-intent');
  select.replaceChildren(...intents().map((i) => el('option', { value: i }, intentName(i))));
  const can = state.core.has('triage.correct');
  $('correct-button').disabled = !can;
  status('correct-status', can ? '' : notAvailable('triage.correct'));
}

async function correctIntent(event) {
  event.preventDefault();
  const intent = $('correct-intent').value;
  const k = state.kase;
  try {
    const r = await state.core.call('triage.correct', { text: k.text, intent });
    const previous = k.triage?.intent ?? null;
    k.triage = { ...(k.triage || {}), intent, confidence: r.confidence };
    showIntent(intent, r.confidence);
    status('correct-status', t('corrected', intentName(intent)));
    await record('triage', { correction: { from: previous, to: intent }, by: agentName() }, agentName());
    showTemplates();
    // The route follows the corrected intent unless the agent already chose a queue by hand.
    if (!k.route?.by) await route();
    await search();
    const tpl = templatesFor(state.pack, k.locale, k.channel).find((x) => x.intent === intent);
    if (tpl) await draftFrom(tpl);
  } catch (e) {
    status('correct-status', e.message);
  }
}

async function route() {
  const k = state.kase;
  if (!state.core.has('route.decide')) {
    setText('route-target', notAvailable('route.decide'), { unavailable: true });
    setText('route-reason', '');
    return;
  }
  try {
    const r = await state.core.call('route.decide', { routing: state.pack.routing || { rules: [] }, triage: k.triage || {},
      message: { text: k.text },
      conversation: { ...coreConversation(), country: k.market?.country }, contact: k.contact, now: now(),
      business_hours: state.pack.businessHours || undefined });
    k.route = r;
    setText('route-target', [queueName(r.queue) || '—', r.priority, r.ahead_of_line ? '⇡' : ''].filter(Boolean).join(' · '));
    // When no rule held, the last rule that failed on one condition only is the useful "why not".
    const near = !r.rule ? (r.skipped || []).filter((x) => x.failed?.fact?.startsWith('business_hours.')).at(-1) : null;
    setText('route-reason', [r.rule && `#${r.rule}`, reasonText(r.reason), near && t('routeNear', near.rule, near.why)]
      .filter(Boolean).join(' — '));
    fillQueueChoices(r.queue);
    await record('route', r);
  } catch (e) {
    setText('route-target', e.message, { unavailable: true });
  }
}

function queueName(id) { return state.pack.routing?.queues?.[id]?.name || id; }

function fillQueueChoices(current) {
  const queues = Object.keys(state.pack.routing?.queues || {});
  $('route-queue').replaceChildren(...queues.map((q) => el('option', { value: q }, queueName(q))));
  if (current) $('route-queue').value = current;
  $('route-form').hidden = !queues.length;
}

// The agent overrides the route: recorded as evidence with who and from where, and handed to the
// host when it can reassign (the relay console can; a read-only host just shows it).
async function correctRoute(event) {
  event.preventDefault();
  const k = state.kase;
  const to = $('route-queue').value;
  const from = k.route?.queue ?? null;
  if (!to || to === from) return;
  k.route = { ...(k.route || {}), queue: to, rule: null, by: agentName() };
  setText('route-target', [queueName(to), k.route.priority].filter(Boolean).join(' · '));
  setText('route-reason', t('routedBy', agentName()));
  state.host?.assign?.(to);
  status('route-status', t('rerouted', queueName(to)));
  await record('route', { correction: { from, to }, by: agentName() }, agentName());
}

async function sla() {
  const k = state.kase;
  if (!state.core.has('sla.status')) {
    setText('sla-status', notAvailable('sla.status'), { unavailable: true });
    return;
  }
  try {
    if (!state.pack.sla) throw new Error(notAvailable('sla.json'));
    const r = await state.core.call('sla.status', { targets: state.pack.sla, business_hours: state.pack.businessHours || undefined,
      conversation: coreConversation(), now: now() });
    // The clock that is running: the first response until it is met, then the next one.
    const first = r.first_response?.state !== 'met' && r.first_response?.due_at;
    const clock = first ? r.first_response : r.next_response?.state !== 'met' && r.next_response?.due_at ? r.next_response : null;
    if (clock) {
      const left = Date.parse(clock.due_at) - Date.parse(now());
      setText('sla-status', left >= 0 ? t(first ? 'dueIn' : 'nextDueIn', duration(left)) : t('overdue', duration(left)));
      $('sla-status').classList.toggle('breach', left < 0 || clock.breached === true);
    } else {
      setText('sla-status', t('slaMet'));
      $('sla-status').classList.remove('breach');
    }
    setText('sla-waiting', Number.isFinite(r.since_customer_ms) ? t('customerWaiting', duration(r.since_customer_ms)) : '');
  } catch (e) {
    setText('sla-status', e.message, { unavailable: true });
  }
}

//-----------------------------------------------------------------------------
// Knowledge, templates, draft, lint
//-----------------------------------------------------------------------------
async function search() {
  const k = state.kase;
  state.hits = [];
  // What the customer already wrote (order number, e-mail, phone …) fills the draft's slots.
  const inbound = (k.messages || []).filter((m) => m.direction === 'in' || m.sender === 'customer' || m.incoming === true);
  k.extracted = inbound.length
    ? (await state.core.call('draft.slots', { messages: inbound.map((m) => m.text || '') })).slots : {};
  if (!k.text) return;
  // Articles tagged with the triaged intent rank higher (the pack tags articles by intent).
  const r = await state.core.call('knowledge.search', { index_id: state.indexId, query: searchText(k.text), locale: k.locale, k: 3, audience: 'internal',
    boost_tags: k.triage?.intent ? [k.triage.intent] : undefined });
  // Internal articles guide the agent but are never quoted to the customer.
  state.hits = r.hits;
  showInternal();
  await record('knowledge', { query: k.text, hits: r.hits.map((h) => ({ article_id: h.article_id, score: h.score })) });
}

function showTemplates() {
  const k = state.kase;
  const list = templatesFor(state.pack, k.locale, k.channel);
  const suggested = k.triage?.intent;
  list.sort((a, b) => (b.intent === suggested) - (a.intent === suggested));
  $('template-list').replaceChildren(...list.map((tpl) => el('li', {},
    el('button', { type: 'button', class: tpl.intent === suggested ? 'chip suggested' : 'chip', 'data-template': tpl.id,
      'aria-pressed': String(state.template?.id === tpl.id), onclick: () => draftFrom(tpl) },
      tpl.adaptedFrom ? t('adapted', intentName(tpl.intent), tpl.adaptedFrom) : intentName(tpl.intent)))));
}

function publicCitation() {
  return state.hits.find((h) => h.audience !== 'internal') || null;
}

async function draftFrom(tpl) {
  const k = state.kase;
  state.template = tpl;
  delete $('draft-text').dataset.template;  // set again once this template's draft is in place
  state.review = { required: [], approvedBy: null, approvals: [] };
  const { frame, adaptedFrom, ...template } = tpl;
  const cite = publicCitation();
  const request = {
    template, slots: slotsFrom(k), time_zone: k.contact.time_zone || k.market?.time_zone || 'UTC', lint: state.pack.lint || undefined,
    citation: cite ? { article_id: cite.article_id, title: cite.title, snippet: cite.snippet } : undefined,
  };
  if (tpl.channel === 'email') {
    request.frame = frame || undefined;
    if (k.conversation.subject) request.thread = { subject: k.conversation.subject };
    if (!request.slots.agent_name) request.slots.agent_name = t('agent');
  }
  try {
    const r = await state.core.call('draft.render', request);
    state.rendered = r;
    $('draft-text').value = r.text;
    const subject = $('draft-subject');
    subject.hidden = !r.subject;
    subject.textContent = r.subject || '';
    showLength(r.length);
    showCitations(r.citations);
    state.findings = r.findings;
    showFindings();
    showTemplates();
    await record('draft', { template_id: r.template_id, text: r.text, citations: r.citations, findings: r.findings.map((f) => f.code) });
    await review();
    $('draft-text').dataset.template = tpl.id;
  } catch (e) {
    state.findings = [];
    $('findings').replaceChildren(el('li', { class: 'error' }, e.message));
  }
}

function showLength(length) {
  if (!length) { $('draft-length').textContent = ''; return; }
  const unit = t(`unit_${length.unit}`);
  $('draft-length').textContent = length.max ? t('length', length.value, length.max, unit) : t('lengthNoLimit', length.value, unit);
  $('draft-length').classList.toggle('error', !!length.over);
}

function showCitations(citations) {
  const hit = (id) => state.hits.find((h) => h.article_id === id);
  $('citations').replaceChildren(...(citations.length ? citations.map((c) => el('li', { 'data-article': c.article_id },
    el('strong', {}, c.title), ' ', el('q', {}, c.snippet), hit(c.article_id)?.fallback ? el('span', { class: 'tag' }, t('fallbackCitation')) : ''))
    : [el('li', { class: 'note' }, t('noCitation'))]));
}

// A reason from the core ({code, params, text}); the core's English text when the panel has no
// translation (pack-authored reasons carry the pack's own words).
function reasonText(reason) {
  if (!reason) return '';
  return translated(`r_${String(reason.code || '').replace(/\./g, '_')}`, reason.params || {}, reason.text || reason.code);
}

function findingText(f) { return translated(`f_${f.code}`, f.params || {}, f.message); }

function showFindings() {
  const list = state.findings;
  $('findings').replaceChildren(...(list.length ? list.map((f) => el('li', { class: f.severity, 'data-code': f.code },
    el('span', { class: 'sev' }, t(`sev_${f.severity}`)), ' ', findingText(f), f.phrase ? el('q', {}, f.phrase) : ''))
    : [el('li', { class: 'ok' }, t('noFindings'))]));
}

let lintTimer = null;
function onDraftEdited() {
  clearTimeout(lintTimer);
  status('send-status', '');  // an earlier "cannot send" is about the text before this edit
  lintTimer = setTimeout(async () => {
    const k = state.kase;
    const tpl = state.template;
    const r = await state.core.call('draft.lint', { text: $('draft-text').value, locale: k.locale, channel: k.channel,
      intent: tpl?.intent || k.triage?.intent || '', register: tpl?.register || undefined,
      specifics: slotsFrom(k).order_number ? { order_number: slotsFrom(k).order_number } : undefined, pack: state.pack.lint || undefined });
    state.findings = r.findings;
    showFindings();
    const length = state.rendered?.length;
    if (length && length.unit !== 'sms_segments') {
      const m = await state.core.call('text.validate', { text: $('draft-text').value });
      const value = length.unit === 'utf16' ? m.utf16_units : m.code_points;
      showLength({ ...length, value, over: length.max > 0 && value > length.max });
    }
    await review();
  }, 250);
}

//-----------------------------------------------------------------------------
// Review gate, approval, insert, send
//-----------------------------------------------------------------------------
async function review() {
  const k = state.kase;
  const text = $('draft-text').value;
  let required = [];
  state.review.instead = null;
  if (state.core.has('review.check') && state.pack.review) {
    try {
      const r = await state.core.call('review.check', { policy: state.pack.review,
        draft: { text, channel: k.channel, intent: state.template?.intent, language: k.locale },
        conversation: reviewConversation(), triage: k.triage || undefined, approvals: state.review.approvals || [], now: now() });
      const open = r.gates.filter((g) => !g.satisfied);
      required = open.filter((g) => g.kind === 'review').map((g) => reasonText(g.reason) || g.required || g.id);
      state.review.gates = open.filter((g) => g.kind === 'review').map((g) => g.id);
      state.review.instead = r.required_instead;
      const lines = [];
      if (required.length) lines.push(t('reviewNeeded', required.join(', ')));
      if (r.required_instead) lines.push(reasonText(r.required_instead.reason) || r.required_instead.required);
      status('review-status', lines.length ? lines.join(' — ') : t('reviewNone'));
      state.review.canSend = r.can_send;
      showTemplateChoice(r.required_instead?.required === 'template' ? r.required_instead.templates || [] : null);
    } catch (e) {
      status('review-status', e.message);
    }
  } else {
    // Without the governance module, the lint's own promise findings still stop an unapproved send.
    required = state.findings.filter((f) => f.code === 'promise').map((f) => findingText(f));
    state.review.gates = required.length ? ['lint.promise'] : [];
    state.review.canSend = undefined;
    status('review-status', required.length ? t('reviewNeeded', required.join(', ')) : t('reviewUnavailable'));
  }
  state.review.required = required;
  $('approve').hidden = !required.length;
  // A platform or consent rule no approval can lift: the draft itself cannot go out.
  $('send').disabled = state.review.canSend === false && !!state.review.instead;
}

// What the review module reads beyond the SLA view: where the customer is (quiet hours are local
// time) and what they agreed to (opt-in), as the host told us.
function reviewConversation() {
  const k = state.kase;
  const conversation = { ...coreConversation(), country: k.conversation.country || k.contact.country || k.market?.country };
  const offset = offsetMinutes(k.contact.time_zone || k.market?.time_zone, new Date(now()));
  if (offset !== null) conversation.timezone_offset_minutes = offset;
  const consent = k.conversation.consent || k.contact.consent;
  if (consent) conversation.consent = consent;
  return conversation;
}

// The zone's UTC offset at an instant, from the browser's own time-zone data.
function offsetMinutes(timeZone, at) {
  if (!timeZone) return null;
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at).find((p) => p.type === 'timeZoneName')?.value || '';
    const m = name.match(/GMT([+-])(\d{2}):?(\d{2})?/);
    if (!m) return name === 'GMT' ? 0 : null;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] || 0));
  } catch {
    return null;  // an unknown zone: the review module then says local time is unknown
  }
}

//-----------------------------------------------------------------------------
// Approved templates (the only thing a channel allows outside its window)
//-----------------------------------------------------------------------------
function showTemplateChoice(templates) {
  const box = $('template-required');
  box.hidden = !templates;
  state.review.templates = templates || [];
  if (!templates) return;
  const select = $('template-name');
  const previous = select.value;
  select.replaceChildren(...templates.map((tpl, i) => el('option', { value: String(i) }, `${tpl.name} (${tpl.language || '—'})`)));
  if (previous && Number(previous) < templates.length) select.value = previous;
  status('template-status', templates.length ? '' : t('noApprovedTemplate'));
  $('template-send').disabled = !templates.length;
  showTemplateParams();
}

function showTemplateParams() {
  const tpl = state.review.templates[Number($('template-name').value)];
  const slots = slotsFrom(state.kase);
  $('template-params').replaceChildren(...(tpl?.params || []).map((name) => el('label', {},
    el('span', {}, name), el('input', { type: 'text', 'data-param': name, value: slots[name] ?? '' }))));
}

async function sendTemplate() {
  if (!state.host) { status('template-status', t('noHost')); return; }
  const k = state.kase;
  const tpl = state.review.templates[Number($('template-name').value)];
  if (!tpl) return;
  const params = {};
  for (const input of $('template-params').querySelectorAll('input[data-param]')) params[input.dataset.param] = input.value.trim();
  const missing = Object.keys(params).filter((p) => !params[p]);
  if (missing.length) { status('template-status', t('templateMissing', missing.join(', '))); return; }
  const text = `${tpl.name}: ${Object.values(params).join(' · ')}`;
  // The template message goes through the same gates as any draft: window, consent, quiet hours.
  const r = await state.core.call('review.check', { policy: state.pack.review,
    draft: { text, channel: k.channel, language: tpl.language || k.locale, template: { name: tpl.name, status: 'approved' } },
    conversation: reviewConversation(), now: now() });
  if (!r.can_send) {
    status('template-status', r.gates.filter((g) => !g.satisfied).map((g) => reasonText(g.reason) || g.id).join(' — '));
    return;
  }
  const template = { name: tpl.name, language: tpl.language || k.locale, params };
  state.host.send(text, { template });
  status('template-status', t('sent'));
  await record('reply', { text, template }, agentName());
}

async function approve() {
  const by = agentName();
  const at = now();
  state.review.approvals = (state.review.gates || []).map((gate) => ({ gate, by, at }));
  state.review.approvedBy = by;
  state.review.approvedText = $('draft-text').value;
  await record('approval', { by, gates: state.review.gates, required: state.review.required }, by);
  await review();
  if (!state.core.has('review.check') || !state.pack.review) { state.review.required = []; $('approve').hidden = true; }
  status('review-status', t('approved', by));
}

async function insert() {
  if (!state.host) { status('send-status', t('noHost')); return; }
  try {
    // A host that cannot reach its reply box copies the draft instead, and says so.
    const how = await state.host.insertDraft($('draft-text').value);
    status('send-status', t(how === 'copied' ? 'copied' : 'inserted'));
  } catch {
    // The host refused (e.g. no clipboard permission in its frame): the agent copies by hand.
    $('draft-text').focus();
    $('draft-text').select();
    status('send-status', t('copyManually'));
  }
}

async function send() {
  if (!state.host) { status('send-status', t('noHost')); return; }
  if (state.findings.some((f) => f.severity === 'error')) { status('send-status', t('blocked')); return; }
  const text = $('draft-text').value;
  const approved = state.review.approvedBy && state.review.approvedText === text;
  if (state.review.required.length && !approved) { status('send-status', t('needsApproval')); return; }
  if (state.review.canSend === false && state.review.instead) { status('send-status', reasonText(state.review.instead.reason) || t('needsApproval')); return; }
  if (state.rendered && text !== state.rendered.text) {
    const edit = state.core.has('evidence.diff') ? await state.core.call('evidence.diff', { before: state.rendered.text, after: text }) : null;
    await record('edit', { text, diff: edit }, agentName());
  }
  // The article the draft cites goes with it: the relay learns it answers the customer's words.
  const extra = {};
  if (state.rendered?.subject) extra.subject = state.rendered.subject;
  const cited = state.rendered?.citations?.[0]?.article_id;
  if (cited) extra.article = cited;
  state.host.send(text, extra);
  status('send-status', t('sent'));
  await record('reply', { text, template_id: state.template?.id ?? null }, agentName());
}

function wireControls() {
  // Hosts that keep sending in their own UI (Chatwoot) get no Send here.
  const canSend = !!state.host?.send;
  $('send').hidden = !canSend;
  $('template-send').hidden = !canSend;
  if (state.host && !canSend) status('send-status', t('sendInHost'));
  $('correct-form').addEventListener('submit', correctIntent);
  $('route-form').addEventListener('submit', correctRoute);
  $('draft-text').addEventListener('input', onDraftEdited);
  $('approve').addEventListener('click', approve);
  $('insert').addEventListener('click', insert);
  $('send').addEventListener('click', send);
  $('template-name').addEventListener('change', showTemplateParams);
  $('template-send').addEventListener('click', sendTemplate);
  $('evidence-verify').addEventListener('click', verifyEvidence);
  $('evidence-export').addEventListener('click', exportEvidence);
}

boot();
