// Type-checked (never run) by types.test.mjs with `tsc --strict`: uses the package's
// declarations the way a TypeScript user would, and marks misuses that must not compile.
import { Pack } from '../pkg-node/granska_wasm.js';
import type { AnswerIssue, Diagnostic, Parameter, FormState, GranskaError, PackError, Question, Report, ReportError, ReportInput, Verdict } from '../pkg-node/granska_wasm.js';

const pack: Pack = Pack.fromYaml('pack: { id: x, title: { sv: X, en: X } }', 'x.yaml');
const builtin: Pack = Pack.builtin();

const withParams: Pack = builtin.withParams({ kommun: 'Värmdö', andel: 80, krav: true });
const fromParamsFile: Pack = builtin.withParamsYaml('parameters: { kommun: Värmdö }', 'varmdo.yaml');
const parameter: Parameter = withParams.parameters()[0];
const parameterValue: boolean | number | string = parameter.value;
const isExample: boolean = parameter.is_example;
const about: string | undefined = fromParamsFile.info().about?.sv;

const questions: Question[] = builtin.questions('jourhem');
const firstLabel: string = questions[0].label.sv;
const kind: 'bool' | 'integer' | 'number' | 'percent' | 'date' | 'text' | 'choice' | 'list' = questions[0].type;
const serviceIds: string[] = builtin.services().map((s) => s.id);
const sources: string[] = builtin.requirements().map((r) => r.sources[0].text);

const input: ReportInput = {
  provider: 'P1',
  service: 'jourhem',
  date: '2017-12-31',
  answers: { personal: { antal: 10, med_examen: '5' }, 'ledning.riskanalys': true, 'bedomning.metoder': ['bbic'], big: 9007199254740993n },
};
const report: Report = pack.check(input);
const verdict: Verdict = report.verdicts[0].verdict;
const detail: string = report.verdicts[0].explanation[0].detail.en;
const counts: number = report.counts.met + report.counts.not_met + report.counts.unanswered + report.counts.not_applicable;
const issue: AnswerIssue | undefined = report.issues[0];

const fromText: Report = pack.checkJson('{"provider": "P1", "service": "jourhem", "date": "2017-12-31"}');
const fromBytes: Report = pack.checkYaml(new TextEncoder().encode('provider: P1'));
const fromBuffer: Report = pack.checkJson(new ArrayBuffer(0));
try {
  pack.checkJson('');
} catch (e) {
  const why: string | undefined = (e as ReportError).problems[0]?.code;
  const internal: 'GranskaError' = (e as GranskaError).name;
  void [why, internal];
}

const form: FormState = pack.formState(input);
const deciding: string[] = form.undecided.flatMap((u) => u.questions);
const errorText: string = form.errors.map((e) => e.message.sv).join();

try {
  Pack.fromYaml('');
} catch (e) {
  const diagnostics: Diagnostic[] = (e as PackError).diagnostics;
  const where: string = `${diagnostics[0].file}:${diagnostics[0].line}:${diagnostics[0].column} ${diagnostics[0].hint ?? ''}`;
  void where;
}
try {
  pack.check({ provider: '', service: '', date: '' });
} catch (e) {
  const fields: string[] = (e as ReportError).problems.map((p) => p.field);
  void fields;
}

// Misuses the declarations reject (each line must be an error, or tsc fails on the directive).
// @ts-expect-error a verdict is one of four names
const wrongVerdict: Verdict = 'passed';
// @ts-expect-error a report needs a provider
pack.check({ service: 'jourhem', date: '2017-12-31' });
// @ts-expect-error the date is a string
pack.formState({ provider: 'P1', service: 'jourhem', date: new Date() });
// @ts-expect-error counts are numbers, not texts
const countText: string = report.counts.met;
// @ts-expect-error questions are not reports
const notAReport: Report = builtin.questions();
// @ts-expect-error a report file is text or bytes, not an object
pack.checkJson({ provider: 'P1' });

void [fromText, fromBytes, fromBuffer, builtin, firstLabel, kind, serviceIds, sources, verdict, detail, counts, issue, deciding, errorText, wrongVerdict, countText, notAReport];
