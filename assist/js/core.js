// The full core in a Web Worker, plus what the panel needs around it: which optional methods this
// build has (other modules may be absent: the panel then says "not available", never guesses).
import { startCoreWorker } from '/wasm-js/core-client.js';

export async function startCore() {
  const core = await startCoreWorker({ workerUrl: '/wasm-js/core-worker.js', baseUrl: '/core/' });
  const names = new Set(typeof core.methods === 'function' ? core.methods() : core.methods || []);
  return {
    has: (method) => names.has(method),
    methods: () => [...names],
    /** Hand a model (bytes) to the core; modules keep state per asset generation. */
    putAsset: (name, bytes) => core.putAsset(name, bytes),
    /** Resolves to the answer object; an {error} answer rejects with the core's error attached. */
    async call(method, request) {
      const answer = await core.call(method, request);
      if (answer && answer.error) {
        const e = new Error(`${method}: ${answer.error.message}`);
        e.core = answer.error;
        throw e;
      }
      return answer;
    },
  };
}
