// The built-in questionnaire exported to SurveyJS (tests/golden/survey-tools/, written by
// `granska questions --format surveyjs` and kept by granska-summary's forms_export test)
// behaves in survey-core as in granska: for 1,000 generated answer sets per service type
// (seeded; unanswered questions, empty multiple choices, numbers and dates at and across
// their bounds), each question's visibility, each validator's verdict and each required
// question's "missing" in SurveyJS equal granska's `formState`. A disagreement fails with the
// answers that show it. The translation of unanswered values is in docs/survey-tools.md.
// Each service type runs in a worker thread (survey-tools.worker.mjs), as many at once as
// there are cores; SURVEY_SETS=N changes the number of answer sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Pack } from './granska.mjs';

const SETS_PER_SERVICE = Number(process.env.SURVEY_SETS ?? 1000);
const worker = new URL('./survey-tools.worker.mjs', import.meta.url);

/** The disagreements of one service type, computed in a worker. */
function compare(service) {
  return new Promise((resolve, reject) => {
    const w = new Worker(worker, { workerData: { service, sets: SETS_PER_SERVICE } });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => code === 0 || reject(new Error(`the worker for ${service} exited with ${code}`)));
  });
}

const services = Pack.builtin().services().map((s) => s.id);

test('survey-core agrees with formState', { concurrency: Math.max(1, availableParallelism()) }, async (t) => {
  const runs = services.map((service) =>
    t.test(`${SETS_PER_SERVICE} answer sets: ${service}`, async () => {
      const disagreements = await compare(service);
      if (disagreements.length) {
        const shown = disagreements.slice(0, 5).map((d) => `${d.problems.join('\n  ')}\n  answers: ${JSON.stringify(d.answers)}`);
        assert.fail(`${disagreements.length} of ${SETS_PER_SERVICE} answer sets disagree; the first:\n  ${shown.join('\n\n  ')}`);
      }
    }),
  );
  await Promise.all(runs);
});
