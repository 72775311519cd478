// The shared conformance cases under tests/conformance/ (format in its README), run through
// the WebAssembly package's JS API. Mirrors the Rust runner
// (crates/granska/tests/conformance.rs): the same pack text for shorthand cases, the same
// report, the same expectations. One node test per case file and module, one subtest per
// case: every case runs through the authoring module (the pack from YAML) and the runtime
// module (the same pack compiled by the authoring module and loaded with `fromCompiled`;
// the built-in pack as the runtime embeds it). A report file in YAML is the authoring
// module's only (the runtime reads JSON), and so is a pack with a pattern (`matches`: the
// runtime has no pattern matching and refuses the pack with a CompiledPackError saying so):
// those cases are skipped in the runtime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Pack, Runtime, root } from './granska.mjs';

const casesDir = path.join(root, 'tests', 'conformance');

/**
 * Reads a case file. Integers are read as BigInt and kept so where a JS number would round
 * them (past 2^53), as the Rust runner reads them exactly; the binding passes a BigInt answer
 * on as its digits, which the core reads exactly.
 */
function readCases(text) {
  const unbig = (v) => {
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    if (Array.isArray(v)) return v.map(unbig);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unbig(x)]));
    return v;
  };
  return unbig(parseYaml(text, { intAsBigInt: true }));
}

/** JSON text in which a BigInt is written as a JSON integer with all its digits. */
function jsonText(value) {
  const marked = JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `\u0000bigint:${v}` : v));
  return marked.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}

/** The pack text of a shorthand case, built exactly as the README says (keys in order). */
function shorthandPack(file, kase) {
  const requirement = { id: 'r', title: { sv: 'R', en: 'R' }, source: 'Test 1 §', severity: 'krav', area: 'trygghet' };
  if (kase.applies !== undefined) requirement.applies = kase.applies;
  requirement.require = kase.require ?? null;
  requirement.message = { sv: 'Krav ej uppfyllt', en: 'Requirement not met' };
  return jsonText({
    pack: { id: 'conformance', title: { sv: 'Test', en: 'Test' } },
    services: file.services ?? [{ id: 'test', label: { sv: 'Test', en: 'Test' } }],
    questions: file.questions ?? [],
    derived: kase.derived ?? file.derived ?? [],
    requirements: [requirement],
  });
}

/** A YAML list as strings, like the Rust runner's `strings` (non-strings as their JSON). */
const strings = (v) => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : jsonText(x))) : undefined);

/** Runs one case through `module` (`authoring` or `runtime`); returns the failures found
 * (empty when it passes), or `null` for a case the runtime cannot run: a report file in
 * YAML, or a pack with a pattern (`matches`: refused, as checked here). */
function runCase(file, kase, module) {
  if (module === 'runtime' && typeof kase.report_text === 'string' && !kase.report_text.trimStart().startsWith('{')) return null;
  const failures = [];
  const fullPack = typeof kase.pack === 'string';
  const builtin = (kase.builtin ?? file.builtin) === true;
  const text = fullPack ? kase.pack : shorthandPack(file, kase);
  let pack;
  let loadError;
  try {
    pack = builtin ? Pack.builtin() : Pack.fromYaml(text, 'case.yaml');
    // A parameters file applied to the pack; its errors are located in `params.yaml`.
    if (typeof kase.params === 'string') pack = pack.withParamsYaml(kase.params, 'params.yaml');
    if (module === 'runtime') {
      const hash = pack.contentHash();
      const bytes = builtin && typeof kase.params !== 'string' ? null : pack.toCompiled();
      try {
        pack = bytes === null ? Runtime.builtin() : Runtime.fromCompiled(bytes);
      } catch (e) {
        // The runtime has no pattern matching: a pack with a pattern is refused as unsupported.
        if (e?.name === 'CompiledPackError' && e.kind === 'unsupported') return null;
        throw e;
      }
      if (pack.contentHash() !== hash) return [`the runtime's pack has content hash ${pack.contentHash()}, the authoring module's ${hash}`];
    }
  } catch (e) {
    if (e?.name !== 'PackError') throw e;
    loadError = e;
  }
  const expected = Array.isArray(kase.errors) ? kase.errors : undefined;
  if (expected) {
    if (!loadError) return [`expected ${expected.length} load error(s), the pack loaded`];
    assert.ok(loadError instanceof Error, 'a PackError is an Error');
    const got = loadError.diagnostics.filter((d) => d.severity === 'error');
    if (got.length !== expected.length) {
      failures.push(`expected ${expected.length} error(s), got ${got.length}:\n${loadError.message}`);
    }
    for (let i = 0; i < Math.min(got.length, expected.length); i++) {
      const want = expected[i];
      const d = got[i];
      if (typeof want.code === 'string' && d.code !== want.code) failures.push(`error code: want ${want.code}, got ${d.code} (${d.message})`);
      if (typeof want.message === 'string' && !d.message.includes(want.message) && !(d.hint ?? '').includes(want.message)) {
        failures.push(`error message: want it to contain ${JSON.stringify(want.message)}, got ${d.message} (hint: ${d.hint})`);
      }
      if (fullPack || d.file === 'params.yaml') {
        for (const key of ['line', 'column']) {
          if (Number.isInteger(want[key]) && want[key] >= 0 && want[key] !== d[key]) failures.push(`error ${key}: want ${want[key]}, got ${d[key]} (${d.message})`);
        }
      }
    }
    return failures;
  }
  if (loadError) return [`the pack did not load:\n${loadError.message}`];
  if (Array.isArray(kase.warnings)) {
    const got = pack.warnings();
    if (got.length !== kase.warnings.length) failures.push(`expected ${kase.warnings.length} warning(s), got ${got.length}:\n${got.map((d) => `${d.code}: ${d.message}`).join('\n')}`);
    for (let i = 0; i < Math.min(got.length, kase.warnings.length); i++) {
      const want = kase.warnings[i];
      const d = got[i];
      if (typeof want.code === 'string' && d.code !== want.code) failures.push(`warning code: want ${want.code}, got ${d.code} (${d.message})`);
      if (typeof want.message === 'string' && !d.message.includes(want.message) && !(d.hint ?? '').includes(want.message)) {
        failures.push(`warning message: want it to contain ${JSON.stringify(want.message)}, got ${d.message} (hint: ${d.hint})`);
      }
      if (fullPack) {
        for (const key of ['line', 'column']) {
          if (Number.isInteger(want[key]) && want[key] >= 0 && want[key] !== d[key]) failures.push(`warning ${key}: want ${want[key]}, got ${d[key]} (${d.message})`);
        }
      }
    }
  }

  const report = {
    provider: 'T1',
    service: kase.service ?? 'test',
    date: kase.date ?? '2017-12-31',
    answers: kase.answers ?? {},
  };
  if (kase.contract !== undefined) report.contract = kase.contract;

  let result;
  try {
    // A report given as a file's text is read as the CLI reads files (JSON when it starts
    // with `{`, else YAML), typed by the questions.
    if (typeof kase.report_text === 'string') {
      result = kase.report_text.trimStart().startsWith('{') ? pack.checkJson(kase.report_text) : pack.checkYaml(kase.report_text);
    } else {
      result = pack.check(report);
    }
  } catch (e) {
    if (e?.name !== 'ReportError') throw e;
    if (kase.report_error === undefined) return [`the report was rejected: ${e.message}`];
    assert.ok(e instanceof Error, 'a ReportError is an Error');
    const got = e.problems.map((p) => p.field);
    if (JSON.stringify(got) !== JSON.stringify(strings(kase.report_error))) failures.push(`report_error: want ${JSON.stringify(kase.report_error)}, got ${JSON.stringify(got)}`);
    return failures;
  }
  if (kase.report_error !== undefined) return ['expected the report to be rejected'];
  if (module === 'runtime' && typeof kase.report_text !== 'string') {
    // The compact path gives the same verdicts, counts and issues.
    const compact = pack.checkJson(jsonText(report), { explain: false });
    const want = result.verdicts.map((v) => ({ requirement: v.requirement, verdict: v.verdict }));
    if (JSON.stringify(compact.verdicts) !== JSON.stringify(want)) failures.push(`checkJson explain:false verdicts: want ${JSON.stringify(want)}, got ${JSON.stringify(compact.verdicts)}`);
    if (JSON.stringify(compact.counts) !== JSON.stringify(result.counts)) failures.push('checkJson explain:false counts differ');
    if (JSON.stringify(compact.issues) !== JSON.stringify(result.issues)) failures.push('checkJson explain:false issues differ');
  }

  const of = (id) => result.verdicts.find((v) => v.requirement === id);
  if (kase.message && typeof kase.message === 'object') {
    const id = typeof kase.requirement === 'string' ? kase.requirement : 'r';
    const message = of(id)?.message;
    for (const lang of ['sv', 'en']) {
      const want = kase.message[lang];
      if (typeof want === 'string' && message?.[lang] !== want) failures.push(`message.${lang} of ${id}: want ${JSON.stringify(want)}, got ${JSON.stringify(message?.[lang])}`);
    }
  }
  const show = (v) => (v ? `${JSON.stringify(v.explanation.map((e) => e.detail.en))} ${JSON.stringify(v.deciding)}` : '');
  if (typeof kase.requirement === 'string') {
    // Built-in cases name the requirement they test instead of `r`.
    if (typeof kase.verdict === 'string') {
      const v = of(kase.requirement);
      if (v?.verdict !== kase.verdict) failures.push(`verdict of ${kase.requirement}: want ${kase.verdict}, got ${v?.verdict} ${show(v)}`);
    }
    return failures;
  }
  if (typeof kase.verdict === 'string') {
    const v = of('r');
    if (!v) failures.push('no requirement `r`');
    else if (v.verdict !== kase.verdict) failures.push(`verdict: want ${kase.verdict}, got ${v.verdict} (explanation/deciding ${show(v)})`);
  }
  if (kase.verdicts && typeof kase.verdicts === 'object') {
    for (const [id, want] of Object.entries(kase.verdicts)) {
      const got = of(id)?.verdict;
      if (got !== want) failures.push(`verdict of ${id}: want ${want}, got ${got}`);
    }
  }
  const wantExplanation = strings(kase.explanation);
  if (wantExplanation) {
    const got = (of('r')?.explanation ?? []).map((e) => e.detail.en);
    if (JSON.stringify(got) !== JSON.stringify(wantExplanation)) failures.push(`explanation: want ${JSON.stringify(wantExplanation)}, got ${JSON.stringify(got)}`);
  }
  const wantDeciding = strings(kase.deciding);
  if (wantDeciding) {
    const got = of('r')?.deciding ?? [];
    if (JSON.stringify(got) !== JSON.stringify(wantDeciding)) failures.push(`deciding: want ${JSON.stringify(wantDeciding)}, got ${JSON.stringify(got)}`);
  }
  if (typeof kase.provider === 'string' && result.provider !== kase.provider) failures.push(`provider: want ${JSON.stringify(kase.provider)}, got ${JSON.stringify(result.provider)}`);
  if (Array.isArray(kase.issues)) {
    const got = result.issues.map((i) => [i.field, i.code]);
    const want = kase.issues.map((w) => [typeof w.field === 'string' ? w.field : '', typeof w.code === 'string' ? w.code : '']);
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`issues: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    // `message`: a part of the English message; `value`: the value as the user wrote it.
    kase.issues.forEach((w, k) => {
      const issue = result.issues[k];
      if (!issue) return;
      if (typeof w.message === 'string' && !issue.message.en.includes(w.message)) failures.push(`issue ${issue.field}: want the message to contain ${JSON.stringify(w.message)}, got ${JSON.stringify(issue.message.en)}`);
      if (typeof w.value === 'string' && issue.value !== w.value) failures.push(`issue ${issue.field}: want the value ${JSON.stringify(w.value)}, got ${JSON.stringify(issue.value)}`);
    });
  }
  if (kase.form && typeof kase.form === 'object') {
    const state = pack.formState(report);
    for (const key of ['relevant', 'missing']) {
      const want = strings(kase.form[key]);
      if (want && JSON.stringify(state[key]) !== JSON.stringify(want)) failures.push(`form.${key}: want ${JSON.stringify(want)}, got ${JSON.stringify(state[key])}`);
    }
  }
  return failures;
}

const files = readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort();

test('there are conformance cases', () => {
  assert.ok(files.length >= 1, `no case files in ${casesDir}`);
});

for (const module of ['authoring', 'runtime']) {
  const seen = new Set();
  for (const name of files) {
    const stem = name.replace(/\.yaml$/, '');
    const file = readCases(readFileSync(path.join(casesDir, name), 'utf8'));
    const cases = Array.isArray(file?.cases) ? file.cases : [];
    test(`conformance (${module}): ${stem}`, async (t) => {
      assert.ok(cases.length >= 1, `${name} has no cases`);
      for (const kase of cases) {
        const caseName = typeof kase.name === 'string' ? kase.name : '(unnamed)';
        await t.test(caseName, (c) => {
          assert.ok(!seen.has(`${stem}/${caseName}`), `duplicate case name ${stem}/${caseName}`);
          seen.add(`${stem}/${caseName}`);
          const failures = runCase(file, kase, module);
          if (failures === null) {
            c.skip('a YAML report file, or a pattern, which the runtime has no matching for (refused with a CompiledPackError saying so): the authoring module runs it');
            return;
          }
          assert.deepEqual(failures, [], `${stem}/${caseName}:\n  ${failures.join('\n  ')}`);
        });
      }
    });
  }
}
