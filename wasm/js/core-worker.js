// Runs the full Parley core in a module Web Worker so the UI thread never waits on it.
// Protocol (postMessage): {id, method, request} -> {id, answer}; first {type:'init', baseUrl, flavor}.
import { loadParleyCore } from './parley-core.js';

let ready = null;

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type === 'init') {
    ready = loadParleyCore({ flavor: msg.flavor || 'full', baseUrl: msg.baseUrl });
    try {
      const core = await ready;
      self.postMessage({ type: 'ready', flavor: core.flavor, methods: core.methods() });
    } catch (e) {
      self.postMessage({ type: 'failed', message: String(e && e.message) });
    }
    return;
  }
  if (!ready) {
    self.postMessage({ id: msg.id, answer: { error: { code: 'not_ready', message: 'core not initialised', path: '' } } });
    return;
  }
  const core = await ready;
  self.postMessage({ id: msg.id, answer: core.call(String(msg.method), msg.request ?? {}) });
};
