// Load the built wasm cores in node (Emscripten 3.1.6 cannot fetch file paths: pass the bytes).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadParleyCore } from '../../wasm/js/parley-core.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'build', 'wasm', 'dist');

// Emscripten 3.1.6's ES6 output still reaches for CommonJS globals when it runs under node.
globalThis.__dirname ??= DIST;
globalThis.require ??= createRequire(import.meta.url);

/** Load a core with every models/<name>.bin put in as asset <name>, as the browser hosts do. */
export async function loadCore(flavor, { models = true } = {}) {
  const core = await loadParleyCore({
    flavor,
    baseUrl: pathToFileURL(DIST + '/').href,
    wasmBinary: readFileSync(join(DIST, `parley-${flavor}.wasm`)),
    icuData: flavor === 'full' ? readFileSync(join(DIST, 'icudt72l.dat')) : undefined,
  });
  const dir = join(ROOT, 'models');
  if (models && existsSync(dir)) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.bin'))) core.putAsset(f.slice(0, -4), readFileSync(join(dir, f)));
  }
  return core;
}
