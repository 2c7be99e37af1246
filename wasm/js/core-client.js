// The UI side of the core worker: promises over postMessage.
//   const core = await startCoreWorker({ workerUrl: '/wasm-js/core-worker.js', baseUrl: '/core/' });
//   const answer = await core.call('text.analyze', { text });
//   await core.putAsset('triage', bytes)        // or pass assets: {triage: '/models/triage.bin'} to start
export function startCoreWorker({ workerUrl, baseUrl, flavor = 'full', assets = {} }) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const pending = new Map();
  let next = 1;
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const msg = event.data || {};
      if (msg.type === 'ready') {
        resolve({
          methods: msg.methods,
          call(method, request) {
            const id = next++;
            return new Promise((done) => { pending.set(id, done); worker.postMessage({ id, method, request }); });
          },
          putAsset(name, bytes) {
            const id = next++;
            return new Promise((done) => { pending.set(id, done); worker.postMessage({ id, type: 'asset', name, bytes }); });
          },
          terminate: () => worker.terminate(),
        });
      } else if (msg.type === 'failed') {
        reject(new Error(msg.message));
      } else if (pending.has(msg.id)) {
        pending.get(msg.id)(msg.answer);
        pending.delete(msg.id);
      }
    };
    worker.onerror = (e) => reject(new Error(e.message || 'core worker failed to start'));
    const absolute = Object.fromEntries(Object.entries(assets).map(([k, v]) => [k, new URL(v, location.href).href]));
    worker.postMessage({ type: 'init', baseUrl: new URL(baseUrl, location.href).href, flavor, assets: absolute });
  });
}
