// Fixes the JS glue that wasm-bindgen 0.2.130 generates for instance re-creation after a
// panic (run by scripts/test-wasm.sh on each build, node and web alike):
//
//   node patch-glue.mjs <pkg-dir>/granska_wasm.js   (or granska_runtime.js)
//
// The panic hook (src/lib.rs) schedules a fresh WebAssembly instance for the next call
// (`wasm_bindgen::handler::schedule_reinit`). The glue re-creates the instance in
// `__wbg_call_guard()`, which a method calls only *after* checking that its object belongs
// to the current instance: the first call on an object made before the panic passes the
// check, then runs on the fresh instance with the old pointer (a trap, or a read of
// unrelated memory). And `free()` never checks, so it would free an old pointer inside the
// new instance. This moves the guard before the check in every method, makes `free()` of an
// old object do nothing (its memory went with the old instance), and words the error. The
// build fails if the glue does not have the expected shape (another wasm-bindgen version).
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
let js = readFileSync(file, 'utf8');

const staleCheck = /( *)if \(this\.__wbg_inst !== undefined && this\.__wbg_inst !== __wbg_instance_id\) \{\n *throw new Error\('Invalid stale object from previous Wasm instance'\);\n *\}\n/g;
const message = "Object.assign(new Error('granska restarted after an internal error: this object was made before then; make it again (Pack.builtin(), Pack.fromYaml(…))'), { name: 'GranskaError' })";
let methods = 0;
js = js.replace(staleCheck, (_, indent) => {
  methods++;
  return `${indent}__wbg_call_guard();\n${indent}if (this.__wbg_inst !== undefined && this.__wbg_inst !== __wbg_instance_id) {\n${indent}    throw ${message};\n${indent}}\n`;
});

const free = /(free\(\) \{\n *const ptr = this\.__destroy_into_raw\(\);\n( *)__wbg_call_guard\(\);\n)( *wasm\.__wbg_\w+_free\(ptr, 0\);)/g;
let frees = 0;
js = js.replace(free, (_, head, indent, call) => {
  frees++;
  return `${head}${indent}if (this.__wbg_inst !== undefined && this.__wbg_inst !== __wbg_instance_id) return;\n${call}`;
});

if (methods < 8 || frees < 2 || js.includes('Invalid stale object')) {
  console.error(`${file}: unexpected wasm-bindgen glue (${methods} stale checks, ${frees} free); check patch-glue.mjs against this wasm-bindgen version`);
  process.exit(1);
}
writeFileSync(file, js);
console.log(`${file}: call guard before the stale check in ${methods} methods, free() of a stale object skipped (${frees} classes)`);
