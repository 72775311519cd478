// The TypeScript declarations of the package compile under `tsc --strict` and type the API
// precisely: tests/types.ts uses them as a TypeScript user would, and marks misuses with
// `@ts-expect-error`, which fails the check if the declarations were loose (e.g. `any`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { wasmDir } from './granska.mjs';

test('the TypeScript declarations type-check tests/types.ts under --strict', () => {
  const tsc = path.join(wasmDir, 'node_modules', 'typescript', 'bin', 'tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'esnext', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'false', path.join(wasmDir, 'tests', 'types.ts')], { cwd: wasmDir, encoding: 'utf8' });
  } catch (e) {
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  assert.equal(output, '', output);
});
