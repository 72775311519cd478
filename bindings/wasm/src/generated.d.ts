// Generated from the Rust types by bindings/wasm/tests/typescript.rs (ts-rs): do not edit.
// Regenerate with `BLESS=1 cargo test -p granska-wasm --test typescript`.

/**
 * A text in Swedish and English.
 */
export type Text = { 
/**
 * The Swedish text.
 */
sv: string, 
/**
 * The English text.
 */
en: string, };

/**
 * The outcome for one requirement.
 */
export type Verdict = "met" | "not_met" | "not_applicable" | "unanswered";

/**
 * `krav` (must) or `bor` (should).
 */
export type Severity = "krav" | "bor";

/**
 * Socialstyrelsen's six quality areas.
 */
export type QualityArea = "sjalvbestammande" | "helhetssyn" | "trygghet" | "kunskapsbaserad" | "tillganglighet" | "effektivitet";

/**
 * The type of a question's answer.
 */
export type QuestionType = "bool" | "integer" | "number" | "percent" | "date" | "text" | "choice" | "list";

/**
 * A service type reports can be of.
 */
export type Service = { 
/**
 * Its id, as reports name it (`service: jourhem`).
 */
id: string, 
/**
 * Its name in both languages.
 */
label: Text, 
/**
 * The contract forms it is bought under (e.g. `lov`, `lou`); empty when not declared.
 */
contracts: Array<string>, };

/**
 * One allowed value of a choice question.
 */
export type Choice = { 
/**
 * The value as answers give it.
 */
value: string, 
/**
 * Its text in both languages.
 */
label: Text, };

/**
 * A field of the records of a list question.
 */
export type Field = { 
/**
 * The field's id within a record.
 */
id: string, 
/**
 * The field's type (`type` in the pack).
 */
type: Exclude<QuestionType, "list">, 
/**
 * Its text in both languages.
 */
label: Text, 
/**
 * The allowed values of a choice field.
 */
choices: Array<Choice>, 
/**
 * The smallest allowed value of a numeric field.
 */
min: number | null, 
/**
 * The largest allowed value of a numeric field.
 */
max: number | null, };

/**
 * A question of the questionnaire.
 */
export type Question = { 
/**
 * Its id, e.g. `ledning.riskanalys`.
 */
id: string, 
/**
 * The answer's type (`type` in the pack).
 */
type: QuestionType, 
/**
 * The question's text in both languages.
 */
label: Text, 
/**
 * A help text shown beside the question.
 */
help: Text | null, 
/**
 * The allowed values of a choice question.
 */
choices: Array<Choice>, 
/**
 * A choice question that takes several values.
 */
multiple: boolean, 
/**
 * The fields of a list question's records.
 */
fields: Array<Field>, 
/**
 * The smallest allowed value of a numeric question.
 */
min: number | null, 
/**
 * The largest allowed value of a numeric question.
 */
max: number | null, 
/**
 * The `required` rule as written (`true`, or an expression).
 */
required: string | null, 
/**
 * The `relevant` rule as written: the question is asked only when it holds.
 */
relevant: string | null, 
/**
 * The `constraint` rule as written: an answer must satisfy it.
 */
constraint: string | null, 
/**
 * The message shown when the constraint does not hold.
 */
constraint_message: Text | null, 
/**
 * Service types it is asked of; empty means all.
 */
services: Array<string>, 
/**
 * The pack that declares it.
 */
pack: string, };

/**
 * The text a requirement cites, valid over a period.
 */
export type CitedSource = { 
/**
 * The first date it is valid, `YYYY-MM-DD`; `None` from the beginning.
 */
from: string | null, 
/**
 * The last date it is valid, `YYYY-MM-DD`; `None` with no end.
 */
until: string | null, 
/**
 * The citation, e.g. `SOSFS 2011:9, 5 kap. 1 §`.
 */
text: string, };

/**
 * A requirement of law or contract.
 */
export type Requirement = { 
/**
 * Its id, e.g. `riskanalys`.
 */
id: string, 
/**
 * Its title in both languages.
 */
title: Text, 
/**
 * The texts it cites, each over the period it is valid.
 */
sources: Array<CitedSource>, 
/**
 * `krav` or `bor`.
 */
severity: Severity, 
/**
 * The quality area it belongs to.
 */
area: QualityArea, 
/**
 * Service types it applies to; empty means all.
 */
services: Array<string>, 
/**
 * The first report date it applies to, `YYYY-MM-DD`.
 */
valid_from: string | null, 
/**
 * The last report date it applies to, `YYYY-MM-DD`.
 */
valid_to: string | null, 
/**
 * The `applies` condition as written: the requirement is judged only when it holds.
 */
applies: string | null, 
/**
 * The `require` condition as written.
 */
require: string, 
/**
 * The message of a `not_met` verdict, `{…}` placeholders unfilled.
 */
message: Text, 
/**
 * The pack's own message for an `unanswered` verdict, if it gives one.
 */
unanswered: Text | null, 
/**
 * The pack that declares it.
 */
pack: string, };

/**
 * One pack loaded: the root pack or one it includes.
 */
export type PackRef = { 
/**
 * The pack's id.
 */
id: string, 
/**
 * The pack's version, if given.
 */
version: string | null, 
/**
 * The pack's title.
 */
title: Text, 
/**
 * The file it was loaded from (`builtin:…` for a built-in pack).
 */
file: string, };

/**
 * Metadata of the root pack and the packs it includes.
 */
export type PackInfo = { 
/**
 * The root pack's id (`pack.id`).
 */
id: string, 
/**
 * The root pack's version (`pack.version`), if given.
 */
version: string | null, 
/**
 * The root pack's title.
 */
title: Text, 
/**
 * Every pack loaded, root first: (id, title).
 */
packs: Array<PackRef>, 
/**
 * The texts the packs draw on.
 */
sources: Array<string>, 
/**
 * The root pack's `about` text (Markdown), `{param.id}` filled.
 */
about: Text | null, };

/**
 * How many requirements got each verdict.
 */
export type Counts = { 
/**
 * Requirements met.
 */
met: number, 
/**
 * Requirements not met.
 */
not_met: number, 
/**
 * Requirements that do not apply to the report.
 */
not_applicable: number, 
/**
 * Requirements the answers cannot decide.
 */
unanswered: number, };

/**
 * A value a condition read.
 */
export type Read = { 
/**
 * The question id or derived value read.
 */
name: string, 
/**
 * Its value as JSON; `null` when unanswered.
 */
value: boolean | number | string | string[] | null, };

/**
 * One failed condition of a `not_met` requirement.
 */
export type Explanation = { 
/**
 * The condition as written in the pack.
 */
condition: string, 
/**
 * What it read and required, in words: "personal.med_examen / personal.antal = 0,6, krav ≥ 0,8".
 */
detail: Text, 
/**
 * The answers and derived values the condition read.
 */
reads: Array<Read>, };

/**
 * The verdict of one requirement, explained.
 */
export type RequirementVerdict = { 
/**
 * The requirement's id (shared with the pack: cloning it allocates nothing).
 */
requirement: string, 
/**
 * The requirement's title in both languages (shared with the pack).
 */
title: Text, 
/**
 * The verdict.
 */
verdict: Verdict, 
/**
 * `krav` or `bor`.
 */
severity: Severity, 
/**
 * The requirement's quality area.
 */
area: QualityArea, 
/**
 * The text cited, as valid on the report date (shared with the pack).
 */
source: string, 
/**
 * The requirement's message with placeholders filled, for `not_met` and `unanswered`.
 */
message: Text | null, 
/**
 * For `not_met`: the conditions that failed and the answers they read.
 */
explanation: Array<Explanation>, 
/**
 * For `unanswered`: the unanswered questions that would decide it.
 */
deciding: Array<string>, };

/**
 * The outcome of checking one provider's answers.
 */
export type Report = { 
/**
 * The provider's id, as the report wrote it.
 */
provider: string, 
/**
 * The provider's name, if the report gave one.
 */
name: string | null, 
/**
 * The report's service type.
 */
service: string, 
/**
 * The contract form (e.g. `lov`, `lou`), if the report gave one.
 */
contract: string | null, 
/**
 * The report date, `YYYY-MM-DD`.
 */
date: string, 
/**
 * The id of the pack that checked it.
 */
pack: string, 
/**
 * The version of the pack that checked it, if it declares one.
 */
pack_version: string | null, 
/**
 * The content hash of the pack that checked it: 64 lowercase hexadecimal digits
 * ([`Pack::content_hash`]), the same for the same rules and parameter values. Shared
 * with the pack.
 */
pack_content_hash: string, 
/**
 * How many requirements got each verdict.
 */
counts: Counts, 
/**
 * Problems with the answers (each treated as unanswered, or ignored, as it says).
 */
issues: AnswerIssue[], 
/**
 * One entry per requirement, ordered by requirement id.
 */
verdicts: Array<RequirementVerdict>, };

/**
 * A requirement's verdict in a [`FormState`].
 */
export type FormVerdict = { 
/**
 * The requirement's id.
 */
requirement: string, 
/**
 * Its verdict on the answers so far.
 */
verdict: Verdict, };

/**
 * A requirement the answers so far cannot decide, in a [`FormState`].
 */
export type Undecided = { 
/**
 * The requirement's id.
 */
requirement: string, 
/**
 * The requirement's title in both languages.
 */
title: Text, 
/**
 * The unanswered questions that would decide it.
 */
questions: Array<string>, };

/**
 * The state of a questionnaire for the answers given so far.
 */
export type FormState = { 
/**
 * Questions to show now (asked of the service type and relevant), in order.
 */
relevant: Array<string>, 
/**
 * Required questions that are shown but not answered.
 */
missing: Array<string>, 
/**
 * Field errors: wrong type, out of range, broken constraints, ….
 */
errors: AnswerIssue[], 
/**
 * Every requirement's current verdict.
 */
verdicts: Array<FormVerdict>, 
/**
 * Requirements still undecided, with the questions that would decide them.
 */
undecided: Array<Undecided>, };

/** A stable code of a problem with an answer (`granska::IssueCode`). */
export type IssueCode = "unknown-question" | "wrong-type" | "out-of-range" | "not-a-choice" | "bad-date" | "error-cell" | "too-long" | "too-many-records" | "constraint" | "not-relevant" | "not-asked" | "missing" | "syntax" | "not-utf8" | "answered-twice" | (string & {});

/** Why a compiled pack does not load (`granska::CompiledPackError::kind`). */
export type CompiledPackErrorKind = "not-compiled" | "version" | "truncated" | "corrupt" | "invalid" | "unsupported" | "no-normalizer" | "too-large" | "hash-mismatch";
