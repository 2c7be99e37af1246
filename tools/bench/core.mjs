// Wasm side of `parley bench core`: per-call latency of the same requests through both cores in
// node. Prints one JSON object. Usage: node tools/bench/core.mjs REQUESTS.json ITERATIONS
import { readFileSync } from 'node:fs';
import { loadCore } from '../../tests/wasm/cores.mjs';

const [requestsFile, iterations = '2000'] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(requestsFile, 'utf8'));
const out = {};
for (const flavor of ['widget', 'full']) {
  const core = await loadCore(flavor);
  const available = new Set(core.methods());
  for (const { method, request } of requests) {
    if (!available.has(method)) continue;
    const text = JSON.stringify(request);
    for (let i = 0; i < 200; i++) core.callJson(method, text);  // warm up the JIT tiers
    const times = [];
    for (let i = 0; i < Number(iterations); i++) {
      const t0 = process.hrtime.bigint();
      core.callJson(method, text);
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    out[`${flavor}:${method}`] = { p50_us: times[Math.floor(times.length * 0.5)], p99_us: times[Math.floor(times.length * 0.99)] };
  }
}
console.log(JSON.stringify(out));
