// Shared by the node tests: loads the Node build of the WebAssembly package
// (bindings/wasm/pkg-node, made by scripts/test-wasm.sh) and names the repository's folders.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const root = path.resolve(here, '../../..');
/** bindings/wasm. */
export const wasmDir = path.resolve(here, '..');
/** bindings/wasm/pkg-node, the Node build. */
export const nodePkg = path.join(wasmDir, 'pkg-node');

const entry = path.join(nodePkg, 'granska_wasm.js');
if (!existsSync(entry)) {
  throw new Error(`${entry} is missing: build it with scripts/test-wasm.sh --build-only`);
}

const require = createRequire(import.meta.url);
/** The package's exports, all of them (with the hidden `__granskaPanicForTests`). */
export const module = require(entry);
/** The package's exports: `Pack`. */
export const { Pack } = module;
