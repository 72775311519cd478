// The survey-core differential check of one service type, run in a worker thread by
// survey-tools.test.mjs (one worker per service type, so that the 9,000 answer sets use every
// core): generates seeded answer sets, loads each into a SurveyJS model of the exported survey
// and into granska's `formState`, and returns every disagreement with its answers.
import { parentPort, workerData } from 'node:worker_threads';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConditionRunner, Model } from 'survey-core';
import { Pack, root } from './granska.mjs';

const golden = path.join(root, 'tests/golden/survey-tools');
const surveyJson = JSON.parse(readFileSync(path.join(golden, 'granska.surveyjs.json'), 'utf8'));
/** Form name → question id. */
const formNames = JSON.parse(readFileSync(path.join(golden, 'form-names.json'), 'utf8'));
const nameOf = Object.fromEntries(Object.entries(formNames).map(([name, id]) => [id, name]));
/** The "none of these" choice of a multiple choice question (granska's empty answer). */
const NONE = 'none';

/** A seeded random number generator (mulberry32), 0 ≤ x < 1. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = 86_400_000;
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * day).toISOString().slice(0, 10);
const REPORT_DATES = ['2024-12-31', '2025-03-31', '2024-02-29', '2017-12-31'];

/** One generated answer (granska's form), or undefined for unanswered. */
function answer(q, rnd, date) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  if (rnd() < 0.2) return undefined;
  switch (q.type) {
    case 'bool':
      return rnd() < 0.5;
    case 'integer':
    case 'number':
    case 'percent': {
      const bounds = [];
      if (q.min != null) bounds.push(q.min - 1, q.min, q.min + 1);
      if (q.max != null) bounds.push(q.max - 1, q.max, q.max + 1);
      const small = [0, 1, 2, 3, 4, 5];
      const n = rnd() < 0.3 && bounds.length ? pick(bounds) : rnd() < 0.8 ? pick(small) : Math.floor(rnd() * 50);
      return q.type === 'integer' || rnd() < 0.7 ? n : n + 0.5;
    }
    case 'date':
      return addDays(date, pick([-400, -31, -1, 0, 0, 1, 30]));
    case 'text':
      return pick(['Ja', 'text', 'Enligt rutin']);
    case 'choice':
      if (!q.multiple) return pick(q.choices).value;
      if (rnd() < 0.25) return [];
      return q.choices.filter(() => rnd() < 0.4).map((c) => c.value);
    default:
      throw new Error(`no generator for ${q.type}`);
  }
}

/** The SurveyJS value of a granska answer: an empty multiple choice is "none of these". */
function toSurveyJs(value) {
  if (Array.isArray(value) && value.length === 0) return [NONE];
  return value;
}

function questionOf(model, id) {
  const q = model.getQuestionByName(nameOf[id]);
  assert.ok(q, `the survey has no question ${nameOf[id]} for ${id}`);
  return q;
}

/** Which of a SurveyJS question's validators fail (by type), by SurveyJS's own validation. */
function failingByValidate(q) {
  if (!q.validators.length || q.isEmpty()) return new Set();
  q.validate(true);
  const texts = new Map(q.validators.map((v) => [v.text, v.getType()]));
  return new Set(q.errors.map((e) => texts.get(e.text)).filter(Boolean));
}

/** Expression validators' compiled expressions, by validator (SurveyJS parses the
 * expression again on every `validate`, which would make 10,000 answer sets take minutes). */
const runners = new WeakMap();

/** Which of a SurveyJS question's validators fail (by type): each validator run as
 * `validate` runs it — a numeric one on the value, an expression one by survey-core's
 * ConditionRunner in the question's context — with the expression compiled once. The first
 * answer sets of each service type check that this equals `validate` itself. */
function failingValidators(q) {
  const out = new Set();
  if (!q.validators.length || q.isEmpty()) return out;
  for (const v of q.validators) {
    let failed;
    if (v.getType() === 'expressionvalidator') {
      if (!runners.has(v)) runners.set(v, new ConditionRunner(v.expression));
      failed = !runners.get(v).runContext(q.getValueGetterContext(), {});
    } else {
      failed = v.validate(q.value, q.name, {}) != null;
    }
    if (failed) out.add(v.getType());
  }
  return out;
}

const pack = Pack.builtin();
const allQuestions = pack.questions();

/** Compares SurveyJS and granska on `sets` answer sets of service type `serviceId`. */
function run(serviceId, sets) {
  const asked = pack.questions(serviceId);
  const model = new Model(surveyJson);
  const rnd = random(0x5eed + serviceId.length * 7919 + serviceId.charCodeAt(0));
  const disagreements = [];
  for (let n = 0; n < sets; n++) {
    const date = REPORT_DATES[n % REPORT_DATES.length];
    const answers = {};
    const data = { provider: 'P1', service: serviceId, date };
    for (const q of asked) {
      const a = answer(q, rnd, date);
      if (a === undefined) continue;
      answers[q.id] = a;
      data[nameOf[q.id]] = toSurveyJs(a);
    }
    const report = { provider: 'P1', service: serviceId, date, answers };
    const state = pack.formState(report);
    model.data = data;
    const relevant = new Set(state.relevant);
    const missing = new Set(state.missing);
    const errors = new Map();
    for (const e of state.errors) {
      if (!errors.has(e.field)) errors.set(e.field, new Set());
      errors.get(e.field).add(e.code);
    }
    const problems = [];
    for (const q of allQuestions) {
      const sq = questionOf(model, q.id);
      const shown = sq.isVisible;
      if (shown !== relevant.has(q.id)) {
        problems.push(`${q.id}: ${shown ? 'shown' : 'hidden'} in SurveyJS, ${relevant.has(q.id) ? 'asked' : 'not asked'} by granska`);
        continue;
      }
      if (!shown) continue;
      const codes = errors.get(q.id) ?? new Set();
      const failing = failingValidators(sq);
      if (n < 50) {
        const slow = failingByValidate(sq);
        assert.deepEqual([...failing].sort(), [...slow].sort(), `${q.id}: the validators' verdicts differ from SurveyJS's validate()`);
      }
      const pairs = [
        ['numericvalidator', 'out-of-range'],
        ['expressionvalidator', 'constraint'],
      ];
      for (const [validator, code] of pairs) {
        if (failing.has(validator) !== codes.has(code)) {
          problems.push(`${q.id}: SurveyJS ${validator} ${failing.has(validator) ? 'fails' : 'passes'}, granska ${codes.has(code) ? 'reports' : 'has no'} ${code}`);
        }
      }
      // An answer granska refuses (out of range) is no answer there; SurveyJS shows the
      // validator's error instead of "required".
      const sjMissing = sq.isRequired && sq.isEmpty();
      if (!codes.has('out-of-range') && sjMissing !== missing.has(q.id)) {
        problems.push(`${q.id}: SurveyJS ${sjMissing ? 'requires' : 'does not require'} an answer, granska ${missing.has(q.id) ? 'lists it missing' : 'does not'}`);
      }
    }
    if (problems.length) disagreements.push({ answers: report, problems });
  }
  return disagreements;
}

parentPort.postMessage(run(workerData.service, workerData.sets));
