// Measurement script (not a test): times both WebAssembly modules under Node on the example
// reports and prints Markdown table rows for BENCHMARKS.md (WASM):
// - loading the built-in pack (`Pack.builtin()`, first call: the runtime module reads its
//   embedded compiled pack, the authoring module compiles the YAML; for the runtime also with
//   V8's lazy compilation off, which separates the load's own work from V8 compiling the
//   functions it calls on first use) and a compiled pack file (`Pack.fromCompiled`);
// - `pack.check(report)` (a JS object in, the full report with explanations out);
// - the compact path `pack.checkJson(jsonText, { explain: false })` (JSON text in, verdicts
//   without explanations out);
// - `pack.formState(report)`, and `form.set(question, value)` (one answer changed, what
//   changed out).
//
//   node bindings/wasm/bench/eval.mjs     (after scripts/test-wasm.sh --build-only)
//   GRANSKA_WASM_PKG=dir node bindings/wasm/bench/eval.mjs   (another Node build)
//
// Each figure is the median over 15 rounds of the mean time per call in a round; the pack
// is loaded once, the reports are parsed from YAML (and written as JSON text) once, outside
// the timing. The first-call load times are of a fresh process: each module is loaded in a
// child process of its own (`--load-only`).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const pkg = process.env.GRANSKA_WASM_PKG ?? path.join(here, '..', 'pkg-node');
const entry = (name) => path.join(pkg, `${name}.js`);
if (!existsSync(entry('granska_runtime')) || !existsSync(entry('granska_wasm'))) {
  console.log('| WASM in Node | not measured: build bindings/wasm/pkg-node with scripts/test-wasm.sh --build-only | | |');
  process.exit(0);
}
const require = createRequire(import.meta.url);

// In a child process: load one module and its built-in pack, print the times, exit.
if (process.argv[2] === '--load-only') {
  const t0 = performance.now();
  const { Pack } = require(entry(process.argv[3]));
  const t1 = performance.now();
  const pack = Pack.builtin();
  const t2 = performance.now();
  if (!pack.contentHash()) throw new Error('no pack');
  console.log(JSON.stringify({ instantiate: t1 - t0, builtin: t2 - t1 }));
  process.exit(0);
}

const { Pack: Runtime } = require(entry('granska_runtime'));
const { Pack: Authoring } = require(entry('granska_wasm'));

const reportsDir = path.join(root, 'examples', 'reports');
const reports = readdirSync(reportsDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const report = parseYaml(readFileSync(path.join(reportsDir, f), 'utf8'));
    return { name: f, report, json: JSON.stringify(report) };
  });

/** Median over `rounds` of the mean µs per call of `f` over `calls` calls. */
function time(f, calls, rounds = 15) {
  for (let i = 0; i < calls; i++) f(i); // warm up: JIT, wasm tiers
  const means = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) f(i);
    means.push(((performance.now() - start) * 1000) / calls);
  }
  means.sort((a, b) => a - b);
  return means[Math.floor(means.length / 2)];
}

/**
 * The first-call times of `module` in fresh processes: the median of 5 (and the fastest first
 * call, which a busy machine disturbs least). `v8Flags` are given
 * to node: `--no-wasm-lazy-compilation` compiles every function when the module is
 * instantiated, so that the first call times the work alone, not V8 compiling what it calls.
 */
function firstLoad(module, v8Flags = []) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, [...v8Flags, fileURLToPath(import.meta.url), '--load-only', module], { encoding: 'utf8', env: process.env });
    runs.push(JSON.parse(out));
  }
  const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[2];
  return { instantiate: median('instantiate'), builtin: median('builtin'), builtinMin: Math.min(...runs.map((r) => r.builtin)) };
}

let sink = 0;
const runtime = Runtime.builtin();
const authoring = Authoring.builtin();
const compiledBytes = authoring.toCompiled();
const one = reports.find((r) => r.name === 'heldygnsvard-ok.yaml') ?? reports[0];
const at = (i) => reports[i % reports.length];

const loadRuntime = firstLoad('granska_runtime');
const loadRuntimeEager = firstLoad('granska_runtime', ['--no-wasm-lazy-compilation']);
const loadAuthoring = firstLoad('granska_wasm');
const fromCompiled = time(() => { sink += Runtime.fromCompiled(compiledBytes).id().length; }, 20, 9) / 1000;

const checkOne = time(() => { sink += runtime.check(one.report).verdicts.length; }, 2000);
const checkAll = time((i) => { sink += runtime.check(at(i).report).verdicts.length; }, 2000);
const compactOne = time(() => { sink += runtime.checkJson(one.json, { explain: false }).verdicts.length; }, 5000);
const compactAll = time((i) => { sink += runtime.checkJson(at(i).json, { explain: false }).verdicts.length; }, 5000);
const fullJsonOne = time(() => { sink += runtime.checkJson(one.json).verdicts.length; }, 2000);
const formOne = time(() => { sink += runtime.formState(one.report).verdicts.length; }, 1000);
const authoringCheckOne = time(() => { sink += authoring.check(one.report).verdicts.length; }, 2000);

// One answer changed at a time, as a user types: a number question, alternating values.
const form = runtime.form(one.report);
const number = runtime.questions(one.report.service).find((q) => q.type === 'integer')?.id;
if (!number) throw new Error('no integer question to type into');
const formSet = time((i) => { sink += form.set(number, i % 7).verdicts.length + 1; }, 2000);
if (sink === 0) throw new Error('no verdicts');

const us = (x) => `${x.toFixed(1)} µs`;
const ms = (x) => `${x.toFixed(2)} ms`;
const met = (x, target) => (x < target ? 'met' : '**not met**');
console.log(`| runtime module: instantiate in Node (\`require\`, fresh process) | ${ms(loadRuntime.instantiate)} | | |`);
console.log(`| runtime module: \`Pack.builtin()\`, first call (embedded compiled pack) | ${ms(loadRuntime.builtin)} (fastest of 5: ${ms(loadRuntime.builtinMin)}) | < 5 ms (browser) | ${met(loadRuntime.builtin, 5)} |`);
console.log(`| runtime module: \`Pack.builtin()\`, first call, every function compiled at instantiation (\`--no-wasm-lazy-compilation\`: the load's own work) | ${ms(loadRuntimeEager.builtin)} (fastest of 5: ${ms(loadRuntimeEager.builtinMin)}; instantiate ${ms(loadRuntimeEager.instantiate)}) | | |`);
console.log(`| runtime module: \`Pack.fromCompiled(bytes)\`, built-in pack | ${ms(fromCompiled)} | | |`);
console.log(`| authoring module: instantiate in Node (\`require\`, fresh process) | ${ms(loadAuthoring.instantiate)} | | |`);
console.log(`| authoring module: \`Pack.builtin()\`, first call (YAML compiled) | ${ms(loadAuthoring.builtin)} | | |`);
console.log(`| one report: \`checkJson(json, { explain: false })\`, ${one.name} | ${us(compactOne)} | < 50 µs | ${met(compactOne, 50)} |`);
console.log(`| one report: \`checkJson(json, { explain: false })\`, mean of the ${reports.length} example reports | ${us(compactAll)} | < 50 µs | ${met(compactAll, 50)} |`);
console.log(`| one report: \`checkJson(json)\` (full report), ${one.name} | ${us(fullJsonOne)} | | |`);
console.log(`| one report: \`check(object)\` (full report), ${one.name} | ${us(checkOne)} | | |`);
console.log(`| one report: \`check(object)\`, mean of the ${reports.length} example reports | ${us(checkAll)} | | |`);
console.log(`| one report: \`check(object)\` in the authoring module, ${one.name} | ${us(authoringCheckOne)} | | |`);
console.log(`| \`formState(object)\`, ${one.name} | ${us(formOne)} | | |`);
console.log(`| \`form.set(question, value)\`: one answer changed (${number}), ${one.name} | ${us(formSet)} | < 50 µs | ${met(formSet, 50)} |`);
