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
 * The requirement's id.
 */
requirement: string, 
/**
 * The requirement's title in both languages.
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
 * The text cited, as valid on the report date.
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

