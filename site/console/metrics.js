// The supervisor's metrics page: the relay's figures (GET /api/v1/metrics, docs/metrics.md) as
// summary cards, two charts (Observable Plot, bundled from npm at build time and served at
// /console/vendor/plot.js) and the same numbers as tables. Choosing a bar or a row lists the
// conversations behind it, each linking to the inbox. Without the chart bundle the tables remain.
import { el } from './render.js';
import { language, pickLanguage, setLanguage, t } from './strings.js';
import './metrics-strings.js';

const $ = (id) => document.getElementById(id);
const token = sessionStorage.getItem('parley.console.token');
let figures = null;
let Plot = null;

function duration(ms) {
  if (ms === null || ms === undefined) return t('metrics_none');
  const [value, unit] = ms < 1000 ? [ms, 'millisecond'] : ms < 60000 ? [ms / 1000, 'second'] : ms < 3600000 ? [ms / 60000, 'minute'] : ms < 86400000 ? [ms / 3600000, 'hour'] : [ms / 86400000, 'day'];
  return new Intl.NumberFormat(language(), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
const percent = (r) => (r === null || r === undefined ? t('metrics_none') : new Intl.NumberFormat(language(), { style: 'percent', maximumFractionDigits: 1 }).format(r));
const number = (n) => new Intl.NumberFormat(language()).format(n);

function card(label, value, detail) {
  return el('div', { class: 'card' }, el('span', { class: 'label', text: label }), el('span', { class: 'value', text: value }),
    detail ? el('span', { class: 'detail', text: detail }) : null);
}

function renderCards(o) {
  const cost = o.cost_per_resolution.micros;
  $('cards').replaceChildren(
    card(t('metrics_first_response'), duration(o.first_response.median), t('metrics_p90', { value: duration(o.first_response.p90) })),
    card(t('metrics_fcr'), percent(o.fcr_7d.rate), o.fcr_7d.denominator === 0 && o.fcr_7d.pending > 0
      ? t('metrics_pending', { n: number(o.fcr_7d.pending) })
      : t('metrics_of', { n: number(o.fcr_7d.numerator), d: number(o.fcr_7d.denominator) })),
    card(t('metrics_csat'), percent(o.csat.rate), t('metrics_csat_detail', { responses: number(o.csat.responses), requested: number(o.csat.requested) })),
    card(t('metrics_automation'), percent(o.automation_rate.rate), t('metrics_of', { n: number(o.automation_rate.numerator), d: number(o.automation_rate.denominator) })),
    card(t('metrics_cost'), cost === null ? t('metrics_none') : new Intl.NumberFormat(language(), { maximumFractionDigits: 2 }).format(cost / 1e6)),
  );
}

function drill(group, f) {
  $('drill').hidden = false;
  $('drill-title').textContent = t('metrics_drill', { group, count: number(f.ids.length) });
  $('drill-list').replaceChildren(...f.ids.map((id) => el('li', {}, el('a', { href: `./#c=${encodeURIComponent(id)}`, text: id, 'aria-label': t('metrics_open_conversation', { id }) }))));
  $('drill').scrollIntoView({ block: 'nearest' });
}

function table(dimensionLabel, rows, columns) {
  const head = el('tr', {}, el('th', { scope: 'col', text: dimensionLabel }), ...columns.map((c) => el('th', { scope: 'col', text: c.label })));
  const body = rows.map(([group, f]) => el('tr', {},
    el('th', { scope: 'row' }, el('button', { type: 'button', text: group }, )), ...columns.map((c) => el('td', { text: c.value(f) }))));
  for (const [i, [group, f]] of rows.entries()) body[i].querySelector('button').addEventListener('click', () => drill(group, f));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}

// A bar chart whose bars are keyboard- and pointer-choosable; `label` names each bar for screen readers.
function barChart(container, rows, { x, y, label, aria, horizontal, dates }) {
  container.replaceChildren();
  if (!Plot || rows.length === 0) return;
  // Days become Dates on a band scale, named in the page's language (ISO strings would make Plot
  // warn that they look like dates).
  const data = rows.map(([group, f]) => ({ group, key: dates ? new Date(`${group}T00:00:00Z`) : group, value: y(f), f }));
  const mark = horizontal
    ? Plot.barX(data, { y: 'group', x: 'value', fill: '#1f5fbf', ariaLabel: (d) => label(d) })
    : Plot.barY(data, { x: 'key', y: 'value', fill: '#1f5fbf', ariaLabel: (d) => label(d) });
  const chart = Plot.plot({
    ariaLabel: aria, marginLeft: horizontal ? 90 : 40, height: horizontal ? 40 + 28 * data.length : 240, width: 640,
    x: horizontal ? { label: x, grid: true, tickFormat: (v) => duration(v) }
      : { type: 'band', label: null, tickRotate: data.length > 8 ? -45 : 0,
        tickFormat: dates ? (d) => new Intl.DateTimeFormat(language(), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d) : undefined },
    y: horizontal ? { label: null, domain: data.map((d) => d.group) } : { label: x, grid: true },
    marks: [mark, horizontal ? Plot.ruleX([0]) : Plot.ruleY([0])],
  });
  // Plot puts a <style> element in its SVG; under the page's strict CSP (style-src 'self') it would
  // be refused, so it goes before the chart joins the page and metrics.css carries those rules.
  for (const style of chart.querySelectorAll('style')) style.remove();
  // Plot draws the bars in data order: the n-th rect is the n-th row.
  const bars = [...chart.querySelectorAll('g[aria-label] rect')];
  bars.forEach((rect, i) => {
    if (!data[i]) return;
    rect.setAttribute('role', 'button');
    rect.setAttribute('tabindex', '0');
    const open = () => drill(data[i].group, data[i].f);
    rect.addEventListener('click', open);
    rect.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
  });
  container.append(chart);
}

function render() {
  if (!figures) return;
  renderCards(figures.overall);
  const channels = Object.entries(figures.by.channel || {}).sort((a, b) => a[0].localeCompare(b[0]));
  const days = Object.entries(figures.by.day || {}).sort((a, b) => a[0].localeCompare(b[0]));
  const withFrt = channels.filter(([, f]) => f.first_response.median !== null);
  barChart($('chart-channel'), withFrt, {
    x: t('metrics_median'), y: (f) => f.first_response.median, horizontal: true, aria: t('metrics_chart_channel'),
    label: (d) => t('metrics_bar_label', { group: d.group, value: duration(d.value) }),
  });
  barChart($('chart-day'), days, {
    x: t('metrics_conversations'), y: (f) => f.conversations, aria: t('metrics_chart_day'), dates: true,
    label: (d) => `${d.group}: ${number(d.value)}`,
  });
  $('table-channel').replaceChildren(table(t('metrics_channel'), channels, [
    { label: t('metrics_conversations'), value: (f) => number(f.conversations) },
    { label: t('metrics_first_response'), value: (f) => duration(f.first_response.median) },
    { label: t('metrics_fcr'), value: (f) => percent(f.fcr_7d.rate) },
    { label: t('metrics_csat'), value: (f) => percent(f.csat.rate) },
  ]));
  $('table-day').replaceChildren(table(t('metrics_day'), days, [
    { label: t('metrics_conversations'), value: (f) => number(f.conversations) },
    { label: t('metrics_first_response'), value: (f) => duration(f.first_response.median) },
  ]));
}

async function load() {
  const status = $('metrics-status');
  if (!token) { status.textContent = t('metrics_sign_in'); return; }
  status.textContent = t('metrics_loading');
  try {
    Plot = await import('./vendor/plot.js').catch(() => null);
    const res = await fetch('/api/v1/metrics?group_by=channel,day', { headers: { Authorization: `Bearer ${token}` } });
    const json = await res.json();
    if (!res.ok) throw new Error(json?.error?.message || `HTTP ${res.status}`);
    figures = json;
    status.textContent = Plot ? '' : t('metrics_no_charts');
    render();
  } catch (e) {
    status.textContent = t('metrics_failed', { reason: e.message });
  }
}

$('csv-link').addEventListener('click', async (e) => {
  e.preventDefault();
  const res = await fetch('/api/v1/metrics?format=csv', { headers: { Authorization: `Bearer ${token}` } });
  const url = URL.createObjectURL(await res.blob());
  el('a', { href: url, download: 'parley-metrics.csv' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});
$('lang-select').addEventListener('change', (e) => {
  localStorage.setItem('parley.console.lang', setLanguage(e.target.value));
  render();
});
$('lang-select').value = setLanguage(pickLanguage(localStorage.getItem('parley.console.lang'), navigator.languages));
load();
