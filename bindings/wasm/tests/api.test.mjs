// The JS API of the WebAssembly package over its Node build: loading packs, questions,
// checking reports, form state, and errors as JS exceptions with their details. Checking runs
// in the runtime module (the small pack compiled by the authoring module, the built-in pack
// embedded compiled); loading YAML in the authoring module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Pack, Runtime, compiled, root, nodePkg } from './granska.mjs';

/** A small pack: two staff counts with a constraint, a routine with a relevant date. */
const STAFF_PACK = `pack: { id: demo, title: { sv: Demo, en: Demo } }
services:
  - { id: jourhem, label: { sv: Jourhem, en: Emergency foster care } }
  - { id: stodboende, label: { sv: Stödboende, en: Supported housing } }
questions:
  - id: personal.antal
    type: integer
    min: 0
    label: { sv: Antal anställda, en: Number of staff }
    required: true
  - id: personal.med_examen
    type: integer
    min: 0
    label: { sv: Antal med examen, en: Staff with a degree }
    constraint: ". <= personal.antal"
    constraint_message: { sv: Fler än antalet anställda., en: More than the staff. }
  - id: rutin.finns
    type: bool
    label: { sv: Finns rutinen?, en: Is there a routine? }
    required: true
  - id: rutin.reviderad
    type: date
    label: { sv: När reviderades den?, en: When was it revised? }
    relevant: "rutin.finns"
  - id: boende.platser
    type: integer
    label: { sv: Antal platser, en: Places }
    services: [stodboende]
requirements:
  - id: utbildning
    title: { sv: Utbildningsnivå, en: Education level }
    source: "Avtal 4.2"
    severity: krav
    area: kunskapsbaserad
    require: "personal.med_examen / personal.antal >= 0.8"
    message: { sv: "För få med examen ({personal.med_examen}).", en: "Too few with a degree ({personal.med_examen})." }
  - id: rutin
    title: { sv: Aktuell rutin, en: Current routine }
    source: "SOSFS 2011:9 5 kap. 1 §"
    severity: krav
    area: trygghet
    require: "rutin.finns and months_between(rutin.reviderad, report_date()) <= 24"
    message: { sv: Rutinen saknas eller är gammal., en: The routine is missing or old. }
`;

const demo = () => compiled(Pack.fromYaml(STAFF_PACK, 'demo.yaml'));
const report = (answers, extra = {}) => ({ provider: 'P1', service: 'jourhem', date: '2017-12-31', answers, ...extra });
const verdictOf = (result, id) => result.verdicts.find((v) => v.requirement === id);

/** Whether `value` is built of plain objects, arrays and JSON scalars only. */
function isPlain(value) {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isPlain);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(isPlain);
}

test('Pack.builtin loads the built-in pack with its nine service types', () => {
  const pack = Runtime.builtin();
  assert.equal(pack.info().id, 'granska');
  assert.deepEqual(pack.services().map((s) => s.id), ['familjeradgivning', 'familjebehandling', 'oppenvard', 'heldygnsvard', 'jourhem', 'familjehem', 'kontaktfamilj', 'forebyggande', 'stodboende']);
  for (const s of pack.services()) {
    assert.ok(s.label.sv && s.label.en, `${s.id} has labels in both languages`);
  }
  const ids = pack.requirements().map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort(), 'requirements are ordered by id');
  assert.ok(pack.requirements().every((r) => r.sources.length >= 1 && r.sources[0].text), 'every requirement cites a source');
});

test('questions(service) keeps the questions asked of that service type, in order', () => {
  const pack = demo();
  assert.deepEqual(pack.questions().map((q) => q.id), ['personal.antal', 'personal.med_examen', 'rutin.finns', 'rutin.reviderad', 'boende.platser']);
  assert.deepEqual(pack.questions('jourhem').map((q) => q.id), ['personal.antal', 'personal.med_examen', 'rutin.finns', 'rutin.reviderad']);
  assert.ok(pack.questions('stodboende').some((q) => q.id === 'boende.platser'));
  const q = pack.questions('jourhem')[1];
  assert.equal(q.type, 'integer');
  assert.deepEqual(q.label, { sv: 'Antal med examen', en: 'Staff with a degree' });
  assert.equal(q.constraint, '. <= personal.antal');
  assert.equal(q.min, 0);
  assert.equal(q.max, null);
  const builtin = Runtime.builtin();
  for (const s of builtin.services()) {
    const asked = builtin.questions(s.id);
    assert.ok(asked.length > 0 && asked.length <= builtin.questions().length, s.id);
  }
});

test('questions() of an unknown service type throws an Error naming the known ones', () => {
  assert.throws(() => demo().questions('jourhen'), (e) => e instanceof Error && /unknown service type "jourhen"/.test(e.message) && /jourhem/.test(e.message));
});

test('check returns a plain object: counts, verdicts with source, message and explanation', () => {
  const result = demo().check(report({ personal: { antal: 10, med_examen: 6 }, rutin: { finns: true, reviderad: '2017-03-01' } }));
  assert.ok(isPlain(result), 'only plain objects, arrays and scalars');
  assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
  assert.equal(result.provider, 'P1');
  assert.equal(result.pack, 'demo');
  assert.equal(result.pack_version, null);
  assert.match(result.pack_content_hash, /^[0-9a-f]{64}$/, 'the pack that judged it, by content hash');
  assert.deepEqual(result.counts, { met: 1, not_met: 1, not_applicable: 0, unanswered: 0 });
  const utbildning = verdictOf(result, 'utbildning');
  assert.equal(utbildning.verdict, 'not_met');
  assert.equal(utbildning.source, 'Avtal 4.2');
  assert.equal(utbildning.severity, 'krav');
  assert.equal(utbildning.area, 'kunskapsbaserad');
  assert.deepEqual(utbildning.message, { sv: 'För få med examen (6).', en: 'Too few with a degree (6).' });
  assert.equal(utbildning.explanation.length, 1);
  assert.equal(utbildning.explanation[0].detail.en, 'personal.med_examen / personal.antal = 0.6, required ≥ 0.8');
  assert.equal(utbildning.explanation[0].detail.sv, 'personal.med_examen / personal.antal = 0,6, krav ≥ 0,8');
  assert.deepEqual(utbildning.explanation[0].reads, [{ name: 'personal.med_examen', value: 6 }, { name: 'personal.antal', value: 10 }]);
  const rutin = verdictOf(result, 'rutin');
  assert.equal(rutin.verdict, 'met');
  assert.equal(rutin.message, null);
});

test('answers may be nested objects or dotted keys, with the same verdicts', () => {
  const pack = demo();
  const nested = pack.check(report({ personal: { antal: 5, med_examen: 5 } }));
  const dotted = pack.check(report({ 'personal.antal': 5, 'personal.med_examen': 5 }));
  assert.deepEqual(nested, dotted);
  assert.equal(verdictOf(nested, 'utbildning').verdict, 'met');
});

test('a missing answer is unknown, and unanswered lists the questions that decide it', () => {
  const result = demo().check(report({ personal: { antal: 10 } }));
  const v = verdictOf(result, 'utbildning');
  assert.equal(v.verdict, 'unanswered');
  assert.deepEqual(v.deciding, ['personal.med_examen']);
  // Kleene: a false conjunct decides even with the other unknown.
  const rutin = verdictOf(demo().check(report({ rutin: { finns: false } })), 'rutin');
  assert.equal(rutin.verdict, 'not_met');
  assert.equal(rutin.explanation[0].detail.en, 'rutin.finns = no');
});

test('a BigInt answer is read exactly, past 2^53', () => {
  const pack = Pack.fromYaml(`pack: { id: big, title: { sv: B, en: B } }
questions:
  - { id: antal, type: integer, label: { sv: Antal, en: Count } }
requirements:
  - { id: exakt, title: { sv: E, en: E }, source: s, severity: krav, area: trygghet, require: "antal == 9007199254740993", message: { sv: m, en: m } }
`);
  const at = (answer) => verdictOf(pack.check({ provider: 'P1', service: 'x', date: '2017-12-31', answers: { antal: answer } }), 'exakt').verdict;
  assert.equal(at(9007199254740993n), 'met');
  assert.equal(at(9007199254740992n), 'not_met');
  assert.equal(at(9007199254740993), 'not_met', 'a JS number has already rounded to 2^53');
});

test('bad answers are issues of the report, not exceptions', () => {
  const result = demo().check(report({ personal: { antal: 'många', med_examen: -1 }, personal_antal: 3 }));
  assert.deepEqual(result.issues.map((i) => [i.field, i.code]), [
    ['personal.antal', 'wrong-type'],
    ['personal.med_examen', 'out-of-range'],
    ['personal_antal', 'unknown-question'],
  ]);
  assert.match(result.issues[0].message.sv, /många/);
  assert.equal(result.issues[0].value, 'många');
  assert.match(result.issues[2].message.en, /did you mean "personal.antal"/);
});

test('formState: relevant questions, missing required ones, field errors, verdicts and undecided', () => {
  const pack = demo();
  const empty = pack.formState(report({}));
  assert.ok(isPlain(empty));
  assert.deepEqual(empty.relevant, ['personal.antal', 'personal.med_examen', 'rutin.finns', 'rutin.reviderad']);
  assert.deepEqual(empty.missing, ['personal.antal', 'rutin.finns']);
  assert.deepEqual(empty.errors, []);
  assert.deepEqual(empty.verdicts, [{ requirement: 'rutin', verdict: 'unanswered' }, { requirement: 'utbildning', verdict: 'unanswered' }]);
  assert.deepEqual(empty.undecided.map((u) => [u.requirement, u.questions]), [
    ['rutin', ['rutin.finns', 'rutin.reviderad']],
    ['utbildning', ['personal.antal', 'personal.med_examen']],
  ]);
  assert.deepEqual(empty.undecided[1].title, { sv: 'Utbildningsnivå', en: 'Education level' });

  // No routine: its revision date is no longer asked, and an answer to it is ignored silently.
  const noRoutine = pack.formState(report({ rutin: { finns: false, reviderad: '2017-01-01' }, personal: { antal: 4, med_examen: 5 } }));
  assert.deepEqual(noRoutine.relevant, ['personal.antal', 'personal.med_examen', 'rutin.finns']);
  assert.deepEqual(noRoutine.missing, []);
  assert.deepEqual(noRoutine.errors.map((e) => [e.field, e.code, e.message.en]), [['personal.med_examen', 'constraint', 'More than the staff.']]);
  assert.deepEqual(noRoutine.undecided, []);
  assert.deepEqual(noRoutine.verdicts, [{ requirement: 'rutin', verdict: 'not_met' }, { requirement: 'utbildning', verdict: 'met' }]);
});

test('Pack.fromYaml throws a PackError with every diagnostic: file, line, column, code, message, hint', () => {
  const text = STAFF_PACK.replace('"personal.med_examen / personal.antal >= 0.8"', '"personal.med_exmen / personal.antal >= 0.8"').replace('"rutin.finns and months_between', '"rutin.finns and monts_between');
  let caught;
  try {
    Pack.fromYaml(text, 'rules/demo.yaml');
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, 'an Error');
  assert.equal(caught.name, 'PackError');
  assert.match(caught.message, /2 error\(s\)/);
  const ds = caught.diagnostics;
  assert.equal(ds.length, 2, JSON.stringify(ds));
  const lineOf = (needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const unknown = ds.find((d) => d.code === 'unknown-name');
  assert.ok(unknown, JSON.stringify(ds));
  assert.equal(unknown.severity, 'error');
  assert.equal(unknown.file, 'rules/demo.yaml');
  assert.equal(unknown.line, lineOf('personal.med_exmen'));
  assert.equal(unknown.column, text.split('\n')[unknown.line - 1].indexOf('personal.med_exmen') + 1);
  assert.match(unknown.message, /personal\.med_exmen/);
  assert.match(`${unknown.message} ${unknown.hint}`, /did you mean `personal\.med_examen`/);
  const fn = ds.find((d) => d.line === lineOf('monts_between'));
  assert.ok(fn, 'the unknown function is reported on its line');
  assert.match(`${fn.message} ${fn.hint}`, /months_between/);
  for (const d of ds) {
    assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'file', 'hint', 'line', 'message', 'severity']);
  }
});

test('Pack.fromYaml reports YAML syntax errors with their line and the default file name', () => {
  assert.throws(
    () => Pack.fromYaml('pack: { id: x, title: { sv: X, en: X } }\nquestions:\n  - id: a\n   type: bool\n'),
    (e) => e instanceof Error && e.name === 'PackError' && e.diagnostics.length === 1 && e.diagnostics[0].file === 'pack.yaml' && e.diagnostics[0].line >= 3 && e.diagnostics[0].code === 'yaml',
  );
  assert.throws(() => Pack.fromYaml(''), (e) => e.name === 'PackError' && e.diagnostics[0].code === 'yaml' && /empty/.test(e.diagnostics[0].message));
});

test('Pack.fromYaml may include built-in files but nothing from disk', () => {
  const pack = Pack.fromYaml('pack: { id: mine, title: { sv: Min, en: Mine } }\ninclude: [builtin:law/lex-sarah.yaml]\n');
  assert.ok(pack.requirements().length >= 1);
  assert.ok(pack.info().packs.some((p) => p.file === 'builtin:law/lex-sarah.yaml'));
  assert.throws(() => Pack.fromYaml('pack: { id: x, title: { sv: X, en: X } }\ninclude: [../../etc/passwd]\n'), (e) => e.name === 'PackError' && e.diagnostics[0].code === 'include');
});

test('a report that cannot be judged throws a ReportError with its problems', () => {
  const pack = demo();
  const throwsReport = (value, fields) =>
    assert.throws(
      () => pack.check(value),
      (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.name, 'ReportError');
        assert.deepEqual(e.problems.map((p) => p.field), fields);
        for (const p of e.problems) assert.ok(p.message.sv && p.message.en && p.code);
        return true;
      },
    );
  throwsReport({ answers: {} }, ['provider', 'service', 'date']);
  throwsReport({ provider: 'P1', service: 'jourhemm', date: '2017-12-31' }, ['service']);
  throwsReport({ provider: 'P1', service: 'jourhem', date: '2017-02-30' }, ['date']);
  for (const notAReport of [undefined, null, 42, 'P1', () => 1, [1, 2]]) throwsReport(notAReport, ['']);
  assert.throws(() => pack.formState({ provider: 'P1', service: 'jourhem' }), (e) => e.name === 'ReportError' && e.problems[0].field === 'date');
  const missing = (() => {
    try {
      pack.check({ service: 'jourhem', date: '2017-12-31' });
    } catch (e) {
      return e;
    }
  })();
  assert.equal(missing.provider, null);
  assert.deepEqual(missing.problems[0], { field: 'provider', code: 'missing', message: { sv: 'Verksamhetens id saknas.', en: 'The provider id is missing.' }, value: null });
});

test('values JSON cannot hold are exceptions, never WebAssembly traps', () => {
  const pack = demo();
  const cyclic = report({});
  cyclic.answers.self = cyclic;
  let deep = {};
  const top = deep;
  for (let i = 0; i < 200000; i++) deep = deep.a = {};
  const moderatelyDeep = JSON.parse('{"a":'.repeat(1000) + '1' + '}'.repeat(1000));
  for (const bad of [cyclic, report(top), report(moderatelyDeep)]) {
    assert.throws(() => pack.check(bad), (e) => e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && e.name === 'ReportError');
  }
  // The module still works afterwards.
  assert.equal(verdictOf(pack.check(report({ personal: { antal: 1, med_examen: 1 } })), 'utbildning').verdict, 'met');
});

test('arguments of the wrong JS type are TypeErrors, never traps', () => {
  for (const text of [undefined, null, 42, {}, ['pack: {}'], Symbol('x')]) {
    assert.throws(() => Pack.fromYaml(text), (e) => e instanceof TypeError && /the pack text must be a string/.test(e.message), String(text?.toString?.()));
  }
  assert.throws(() => Pack.fromYaml(STAFF_PACK, 42), (e) => e instanceof TypeError && /pack name/.test(e.message));
  assert.throws(() => demo().questions(42), (e) => e instanceof TypeError && /service type/.test(e.message));
  assert.equal(Pack.fromYaml(STAFF_PACK, null).info().id, 'demo');
  assert.equal(demo().questions(null).length, 5);
  assert.equal(demo().questions(undefined).length, 5);
  const freed = demo();
  freed.free();
  assert.throws(() => freed.services(), (e) => e instanceof Error && !(e instanceof WebAssembly.RuntimeError));
  assert.equal(verdictOf(demo().check(report({ personal: { antal: 1, med_examen: 1 } })), 'utbildning').verdict, 'met');
});

test('hostile pack text gives diagnostics, never a trap', () => {
  const inputs = [
    'pack: ' + '['.repeat(100000) + ']'.repeat(100000),
    'pack: ' + '{a: '.repeat(20000) + '1' + '}'.repeat(20000),
    STAFF_PACK.replace('"rutin.finns and months_between(rutin.reviderad, report_date()) <= 24"', `"${'('.repeat(2000)}1${')'.repeat(2000)} > 0"`),
    STAFF_PACK.replace('"rutin.finns and months_between(rutin.reviderad, report_date()) <= 24"', `"${'not '.repeat(1000)}true"`),
    '\u0000\uffff',
    'a: &a [*a]',
    'x'.repeat(5 * 1024 * 1024),
  ];
  for (const text of inputs) {
    assert.throws(() => Pack.fromYaml(text), (e) => e instanceof Error && e.name === 'PackError' && e.diagnostics.length >= 1, text.slice(0, 40));
  }
  assert.equal(verdictOf(demo().check(report({ personal: { antal: 1, med_examen: 1 } })), 'utbildning').verdict, 'met');
});

test('the example reports give the verdicts of the Rust snapshots', () => {
  // Rendered exactly as crates/granska/tests/examples.rs renders its insta snapshots.
  const reportsDir = path.join(root, 'examples', 'reports');
  const snapshots = path.join(root, 'crates', 'granska', 'tests', 'snapshots');
  const pack = Runtime.builtin();
  const files = readdirSync(reportsDir).filter((f) => f.endsWith('.yaml')).sort();
  assert.ok(files.length >= 12);
  for (const name of files) {
    const stem = name.replace(/\.yaml$/, '');
    const result = pack.check(parseYaml(readFileSync(path.join(reportsDir, name), 'utf8')));
    let out = `${result.provider} ${result.service} ${result.date} ${JSON.stringify(result.counts)}\n`;
    for (const i of result.issues) out += `issue ${i.field} ${i.code}: ${i.message.en}\n`;
    for (const v of result.verdicts.filter((v) => v.verdict !== 'not_applicable')) {
      out += `${v.requirement.padEnd(32)} ${v.verdict.padEnd(12)} ${v.source}`;
      for (const e of v.explanation) out += ` | ${e.detail.sv}`;
      if (v.deciding.length) out += ` | avgörs av ${v.deciding.join(', ')}`;
      out += '\n';
    }
    const snap = path.join(snapshots, `examples__example_${stem}.snap`);
    assert.ok(existsSync(snap), `${snap} exists`);
    const expected = readFileSync(snap, 'utf8').split(/^---$/m).slice(2).join('---').replace(/^\n/, '');
    assert.equal(out.trimEnd(), expected.trimEnd(), stem);
  }
});

test('the TypeScript declarations type every export without `any`', () => {
  const dts = readFileSync(path.join(nodePkg, 'granska_wasm.d.ts'), 'utf8');
  for (const signature of [
    'static builtin(): Pack;',
    'static fromYaml(text: string, name?: string | null): Pack;',
    'questions(service?: string | null): Question[];',
    'services(): Service[];',
    'requirements(): Requirement[];',
    'check(report: ReportInput): Report;',
    'checkJson(file: string | Uint8Array | ArrayBuffer, options?: { explain?: true } | null): Report;',
    'checkJson(file: string | Uint8Array | ArrayBuffer, options: { explain: false }): Verdicts;',
    'static fromCompiled(bytes: Uint8Array | ArrayBuffer): Pack;',
    'toCompiled(): Uint8Array;',
    'contentHash(): string;',
    'form(report: ReportInput): Form;',
    'set(question: string, value: AnswerValue | undefined): FormChange;',
    'checkYaml(file: string | Uint8Array | ArrayBuffer): Report;',
    'formState(report: ReportInput): FormState;',
    'info(): PackInfo;',
    'warnings(): Diagnostic[];',
  ]) {
    assert.ok(dts.includes(signature), `declares ${signature}`);
  }
  for (const type of ['Verdict', 'Report', 'RequirementVerdict', 'FormState', 'Diagnostic', 'AnswerIssue', 'PackError', 'ReportError', 'GranskaError', 'Answers', 'CompiledPackError', 'Verdicts', 'FormChange']) {
    assert.match(dts, new RegExp(`export (interface|type) ${type}\\b`), type);
  }
  assert.doesNotMatch(dts, /\bany\b/);
  // The runtime module's declarations: the same names for what it has, none of the YAML API.
  const runtime = readFileSync(path.join(nodePkg, 'granska_runtime.d.ts'), 'utf8');
  for (const signature of ['static builtin(): Pack;', 'static fromCompiled(bytes: Uint8Array | ArrayBuffer): Pack;', 'check(report: ReportInput): Report;', 'formState(report: ReportInput): FormState;', 'contentHash(): string;', 'form(report: ReportInput): Form;']) {
    assert.ok(runtime.includes(signature), `the runtime declares ${signature}`);
  }
  for (const absent of ['static fromYaml(', 'withParams(', 'withParamsYaml(', 'checkYaml(', 'toCompiled(', 'interface PackError']) assert.ok(!runtime.includes(absent), `the runtime does not declare ${absent}`);
  assert.doesNotMatch(runtime, /\bany\b/);
});
