// Runs the full Parley core in a module Web Worker so the UI thread never waits on it.
// Protocol (postMessage): first {type:'init', baseUrl, flavor, assets?: {name: url}} -> {type:'ready'};
// then {id, method, request} -> {id, answer}, and {id, type:'asset', name, bytes} -> {id, answer:{ok}}.
import { loadParleyCore } from './parley-core.js';

let ready = null;

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type === 'init') {
    ready = (async () => {
      const core = await loadParleyCore({ flavor: msg.flavor || 'full', baseUrl: msg.baseUrl });
      // Assets (models) named in init are fetched here, off the UI thread.
      for (const [name, url] of Object.entries(msg.assets || {})) {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`asset ${name}: HTTP ${res.status} for ${url}`);
        core.putAsset(name, new Uint8Array(await res.arrayBuffer()));
      }
      return core;
    })();
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
  if (msg.type === 'asset') {
    core.putAsset(String(msg.name), msg.bytes);
    self.postMessage({ id: msg.id, answer: { ok: true } });
    return;
  }
  self.postMessage({ id: msg.id, answer: core.call(String(msg.method), msg.request ?? {}) });
};
