// Core check page: both cores in the page, the full core in a worker, and CSP probes.
import { loadParleyCore } from '/wasm-js/parley-core.js';
import { startCoreWorker } from '/wasm-js/core-client.js';

const results = {};
window.parleyCheck = results;  // read by the end-to-end test

function show(name, ok, detail) {
  results[name] = { ok, detail };
  const dl = document.getElementById('checks');
  const dt = document.createElement('dt');
  const dd = document.createElement('dd');
  dt.textContent = name;
  dd.textContent = `${ok ? '✓' : '✗'} ${detail}`;
  dd.className = ok ? 'ok' : 'bad';
  dl.append(dt, dd);
}

// The CSP must forbid string-to-code: these must throw (EvalError) and report a violation.
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
function blocked(probe) {
  try { probe(); return false; } catch (e) { return e instanceof EvalError; }
}
show('eval blocked', blocked(() => eval('1')), 'eval() refused by script-src');  // eslint-disable-line no-eval
show('new Function blocked', blocked(() => new Function('return 1')), 'Function constructor refused');

try {
  const widget = await loadParleyCore({ flavor: 'widget', baseUrl: '/core/' });
  const v = widget.call('core.version');
  show('widget core', v.icu === false, `version ${v.version}, ${widget.methods().length} methods, no ICU`);
  results.widgetCore = widget;

  const full = await loadParleyCore({ flavor: 'full', baseUrl: '/core/' });
  const fv = full.call('core.version');
  show('full core', fv.icu === true, `version ${fv.version}, ${full.methods().length} methods, ICU ${fv.icu}`);
  results.fullCore = full;

  const text = document.getElementById('text');
  const render = () => {
    document.getElementById('analysis').textContent = JSON.stringify(full.call('text.analyze', { text: text.value }), null, 2);
  };
  text.addEventListener('input', render);
  render();

  const worker = await startCoreWorker({ workerUrl: '/wasm-js/core-worker.js', baseUrl: '/core/' });
  const answer = await worker.call('text.analyze', { text: 'ＷＯＲＫＥＲ' });
  show('full core in a Web Worker', answer.normalized === 'worker', `normalized → ${answer.normalized}`);
  results.worker = worker;
} catch (e) {
  show('core', false, String(e && e.message));
}
// Give the inline-script control a moment to have (not) run, then report it.
show('inline script blocked', document.documentElement.getAttribute('data-inline-script') !== 'ran', 'inline <script> refused');
results.violations = violations;
results.done = true;
document.documentElement.setAttribute('data-ready', 'true');
