// The TypeScript declarations of both modules compile under `tsc --strict` and type the API
// precisely: tests/types.ts (the authoring module) and tests/types-runtime.ts (the runtime
// module) use them as a TypeScript user would, and mark misuses with `@ts-expect-error`,
// which fails the check if the declarations were loose (e.g. `any`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { wasmDir } from './granska.mjs';

for (const file of ['types.ts', 'types-runtime.ts']) test(`the TypeScript declarations type-check tests/${file} under --strict`, () => {
  const tsc = path.join(wasmDir, 'node_modules', 'typescript', 'bin', 'tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'esnext', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'false', path.join(wasmDir, 'tests', file)], { cwd: wasmDir, encoding: 'utf8' });
  } catch (e) {
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  assert.equal(output, '', output);
});
