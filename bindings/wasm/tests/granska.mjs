// Shared by the node tests: loads the Node builds of the WebAssembly package's two modules
// (bindings/wasm/pkg-node, made by scripts/test-wasm.sh) and names the repository's folders.
// `Pack` is the authoring module's (YAML packs), `Runtime` the runtime module's (compiled
// packs only); `compiled(pack)` is an authoring pack loaded in the runtime module.
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

const require = createRequire(import.meta.url);
function load(name) {
  const entry = path.join(nodePkg, `${name}.js`);
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: build it with scripts/test-wasm.sh --build-only`);
  }
  return require(entry);
}

/** The authoring module's exports, all of them (with the hidden `__granskaPanicForTests`). */
export const module = load('granska_wasm');
/** The authoring module's `Pack`: YAML packs, parameters, lint, diagnostics, and checking. */
export const { Pack } = module;
/** The runtime module's exports, all of them. */
export const runtimeModule = load('granska_runtime');
/** The runtime module's `Pack`: compiled packs only (`fromCompiled`, `builtin`), and checking. */
export const { Pack: Runtime } = runtimeModule;
/** An authoring module's pack, compiled and loaded in the runtime module. */
export const compiled = (pack) => Runtime.fromCompiled(pack.toCompiled());
