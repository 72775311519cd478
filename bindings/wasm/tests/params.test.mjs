// Pack parameters through the JS API: defaults and example values, `withParams` (an object)
// and `withParamsYaml` (a parameters file's text), mistakes as PackError with their place,
// and lint warnings among `warnings()`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pack } from './granska.mjs';

const PACK = `
pack: { id: demo, title: { sv: Demo, en: Demo } }
services: [{ id: jourhem, label: { sv: Jourhem, en: Emergency foster homes } }]
parameters:
  - id: examen_andel
    type: percent
    label: { sv: Lägsta andel med examen, en: Lowest share with a degree }
    default: 50
    example: true
  - id: kommun
    type: text
    label: { sv: Kommunen, en: The municipality }
    default: Nacka
    source: "Nacka kommun, Kvalitetsrapport 2019"
questions:
  - { id: antal, type: integer, min: 0, label: { sv: "Anställda i {param.kommun}", en: "Staff in {param.kommun}" } }
  - { id: examen, type: integer, min: 0, label: { sv: Med examen, en: With a degree } }
requirements:
  - id: utbildning
    title: { sv: Utbildningsnivå, en: Education level }
    source: "Avtal jourhem (LOU)"
    severity: krav
    area: kunskapsbaserad
    require: "examen * 100 >= param.examen_andel * antal"
    message:
      sv: "Minst {param.examen_andel} procent ska ha examen."
      en: "At least {param.examen_andel} percent must have a degree."
`;
const REPORT = { provider: 'P1', service: 'jourhem', date: '2017-12-31', answers: { antal: 10, examen: 4 } };
const verdictOf = (pack) => pack.check(REPORT).verdicts.find((v) => v.requirement === 'utbildning');

test('defaults are in force and example values are labelled', () => {
  const pack = Pack.fromYaml(PACK, 'demo.yaml');
  const andel = pack.parameters().find((p) => p.id === 'examen_andel');
  assert.deepEqual([andel.type, andel.value, andel.default, andel.example, andel.is_example, andel.set_by], ['percent', 50, 50, true, true, null]);
  const v = verdictOf(pack);
  assert.equal(v.verdict, 'not_met');
  assert.equal(v.message.en, 'At least 50 (example value) percent must have a degree.');
});

test('withParams sets values from an object', () => {
  const pack = Pack.fromYaml(PACK, 'demo.yaml').withParams({ examen_andel: 40, kommun: 'Värmdö' });
  assert.equal(verdictOf(pack).verdict, 'met');
  const andel = pack.parameters().find((p) => p.id === 'examen_andel');
  assert.deepEqual([andel.value, andel.is_example, andel.set_by], [40, false, 'params']);
  assert.equal(pack.questions().find((q) => q.id === 'antal').label.sv, 'Anställda i Värmdö');
});

test('withParamsYaml reads a parameters file and locates its mistakes', () => {
  const pack = Pack.fromYaml(PACK, 'demo.yaml');
  const set = pack.withParamsYaml('municipality: Värmdö kommun\nyear: 2017\nparameters:\n  examen_andel: 40\n', 'varmdo-2017.yaml');
  assert.equal(verdictOf(set).verdict, 'met');
  assert.throws(
    () => pack.withParamsYaml('parameters:\n  examen_andl: 40\n  examen_andel: 120\n', 'p.yaml'),
    (e) => {
      assert.equal(e.name, 'PackError');
      assert.deepEqual(e.diagnostics.map((d) => [d.code, d.file, d.line, d.column]), [['unknown-name', 'p.yaml', 2, 3], ['bad-value', 'p.yaml', 3, 17]]);
      assert.match(e.diagnostics[0].hint, /did you mean `examen_andel`\?/);
      return true;
    },
  );
  assert.throws(() => pack.withParams({ examen_andel: 'mycket' }), (e) => e.name === 'PackError' && /not a percentage/.test(e.diagnostics[0].message));
  for (const bad of [null, 42, 'examen_andel', [1], () => 1]) {
    assert.throws(() => pack.withParams(bad), TypeError);
  }
});

test('lint warnings are among the warnings', () => {
  const pack = Pack.fromYaml(PACK.replace('require: "examen * 100 >= param.examen_andel * antal"', 'require: "months_between(2017-01-01, report_date()) <= 12 and examen >= 0 and antal >= 0"'), 'demo.yaml');
  const window = pack.warnings().find((d) => d.code === 'window');
  assert.ok(window, JSON.stringify(pack.warnings()));
  assert.equal(window.severity, 'warning');
  assert.match(window.hint, /within_months\(2017-01-01, 12\)/);
});

test('an unanswered verdict says which answers are missing', () => {
  const pack = Pack.fromYaml(PACK, 'demo.yaml');
  const v = pack.check({ ...REPORT, answers: { antal: 10 } }).verdicts.find((x) => x.requirement === 'utbildning');
  assert.equal(v.verdict, 'unanswered');
  assert.equal(v.message.sv, 'Kravet kan inte bedömas: frågan ”Med examen” (examen) är obesvarad.');
});
