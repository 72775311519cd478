// Type-checked (never run) by types.test.mjs with `tsc --strict`: the runtime module's
// declarations used as a TypeScript user would, with the misuses that must not compile
// (among them the YAML API, which the runtime module does not have).
import { Pack, Form } from '../pkg-node/granska_runtime.js';
import type { CompiledPackError, CompiledPackErrorKind, FormChange, FormState, Report, ReportInput, Verdicts, Verdict } from '../pkg-node/granska_runtime.js';

const builtin: Pack = Pack.builtin();
const fromBytes: Pack = Pack.fromCompiled(new Uint8Array([0x47]));
const fromBuffer: Pack = Pack.fromCompiled(new ArrayBuffer(0));
const hash: string = builtin.contentHash();
const id: string = builtin.id();
const version: string | undefined = builtin.version();

const input: ReportInput = { provider: 'P1', service: 'jourhem', date: '2017-12-31', answers: { personal: { antal: 10 } } };
const report: Report = builtin.check(input);
const full: Report = builtin.checkJson('{}');
const alsoFull: Report = builtin.checkJson('{}', { explain: true });
const compact: Verdicts = builtin.checkJson('{}', { explain: false });
const compactVerdict: Verdict = compact.verdicts[0].verdict;
const compactHash: string = compact.pack_content_hash;
const state: FormState = builtin.formState(input);

const form: Form = builtin.form(input);
const change: FormChange = form.set('personal.med_examen', 6);
const cleared: FormChange = form.set('personal.med_examen', null);
const changedVerdicts: Verdict[] = change.verdicts.map((v) => v.verdict);
const shown: string[] | undefined = change.relevant;
const whole: FormState = form.state();

try {
  Pack.fromCompiled(new Uint8Array());
} catch (e) {
  const kind: CompiledPackErrorKind = (e as CompiledPackError).kind;
  const every: CompiledPackErrorKind[] = ['not-compiled', 'version', 'truncated', 'corrupt', 'invalid', 'unsupported', 'no-normalizer', 'too-large', 'hash-mismatch'];
  // @ts-expect-error a kind the engine does not give
  const unknown: CompiledPackErrorKind = 'damaged';
  void kind, every, unknown;
}

// @ts-expect-error the runtime module reads no YAML packs
Pack.fromYaml('pack: {}');
// @ts-expect-error nor YAML reports
builtin.checkYaml('provider: P1');
// @ts-expect-error nor parameters files (compile the pack with its parameters instead)
builtin.withParams({ kommun: 'Värmdö' });
// @ts-expect-error compiled packs are bytes, not text
Pack.fromCompiled('GRANSKA');
// @ts-expect-error the compact result has no explanations
const explanation = compact.verdicts[0].explanation;
// @ts-expect-error with { explain: false } the result is not a full report
const notFull: Report = builtin.checkJson('{}', { explain: false });

void [fromBytes, fromBuffer, hash, id, version, report, full, alsoFull, compactVerdict, compactHash, state, cleared, changedVerdicts, shown, whole, explanation, notFull];
