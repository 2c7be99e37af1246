// Load the built wasm cores in node (Emscripten 3.1.6 cannot fetch file paths: pass the bytes).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadParleyCore } from '../../wasm/js/parley-core.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'build', 'wasm', 'dist');

// Emscripten 3.1.6's ES6 output still reaches for CommonJS globals when it runs under node.
globalThis.__dirname ??= DIST;
globalThis.require ??= createRequire(import.meta.url);

export async function loadCore(flavor) {
  return loadParleyCore({
    flavor,
    baseUrl: pathToFileURL(DIST + '/').href,
    wasmBinary: readFileSync(join(DIST, `parley-${flavor}.wasm`)),
    icuData: flavor === 'full' ? readFileSync(join(DIST, 'icudt72l.dat')) : undefined,
  });
}
