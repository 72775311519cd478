// Measurement script (not a test): times the WebAssembly package under Node on the example
// reports — `pack.check(report)` (a JS object in, the full report with explanations out) and
// `pack.formState(report)` — and prints Markdown table rows for BENCHMARKS.md.
//
//   node bindings/wasm/bench/eval.mjs     (after scripts/test-wasm.sh --build-only)
//   GRANSKA_WASM_PKG=dir node bindings/wasm/bench/eval.mjs   (another Node build)
//
// Each figure is the median over 15 rounds of the mean time per call in a round; the pack
// is loaded once, the reports are parsed from YAML once, outside the timing.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const entry = path.join(process.env.GRANSKA_WASM_PKG ?? path.join(here, '..', 'pkg-node'), 'granska_wasm.js');
if (!existsSync(entry)) {
  console.log('| one report in Node | not measured: build bindings/wasm/pkg-node with scripts/test-wasm.sh --build-only | < 20 µs | |');
  process.exit(0);
}
const { Pack } = createRequire(import.meta.url)(entry);

const reportsDir = path.join(root, 'examples', 'reports');
const reports = readdirSync(reportsDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, report: parseYaml(readFileSync(path.join(reportsDir, f), 'utf8')) }));

const t0 = performance.now();
const pack = Pack.builtin();
const loadMs = performance.now() - t0;

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

let sink = 0;
const one = reports.find((r) => r.name === 'heldygnsvard-ok.yaml') ?? reports[0];
const checkOne = time(() => { sink += pack.check(one.report).verdicts.length; }, 2000);
const checkAll = time((i) => { sink += pack.check(reports[i % reports.length].report).verdicts.length; }, 2000);
const formOne = time(() => { sink += pack.formState(one.report).verdicts.length; }, 1000);
if (sink === 0) throw new Error('no verdicts');

const us = (x) => `${x.toFixed(1)} µs`;
const verdict = (x) => (x < 20 ? 'met' : '**not met**');
console.log(`| load the built-in pack in Node (\`Pack.builtin()\`, first call) | ${loadMs.toFixed(1)} ms | | |`);
console.log(`| one report in Node: \`pack.check\`, ${one.name} (JS object in, full report out) | ${us(checkOne)} | < 20 µs | ${verdict(checkOne)} |`);
console.log(`| one report in Node: \`pack.check\`, mean of the ${reports.length} example reports | ${us(checkAll)} | < 20 µs | ${verdict(checkAll)} |`);
console.log(`| form state in Node: \`pack.formState\`, ${one.name} | ${us(formOne)} | | |`);
