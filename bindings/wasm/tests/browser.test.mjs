// End-to-end test of the questionnaire page (examples/web) in a real browser: Debian's
// chromium driven by playwright-core, the page served from a node:http server on 127.0.0.1.
// It chooses a service type, answers questions, and checks that a constraint error appears
// inline and goes away when corrected, that a requirement flips from undecided to met and to
// not met, that relevance hides and shows questions, that every control is labelled, and that
// the page requests nothing from anywhere else. A screenshot is saved under test-output/.
// The web build's error paths too: report files as bytes, a Date answer, a panic and restart.
// The page loads the runtime module and the authoring module only for an own YAML pack; its
// first-paint-to-interactive and per-keystroke latency are measured with the performance API
// (User Timing marks and measures the page records, CDP Performance.getMetrics) and printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startBrowser, watch } from './chromium.mjs';
import { root, wasmDir } from './granska.mjs';

const webDir = path.join(root, 'examples', 'web');
const outputDir = path.join(wasmDir, 'test-output');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.ts': 'text/plain' };

let browser;
let origin;
let context;

/** Serves examples/web read-only; nothing outside it. */
function serve(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const file = path.normalize(path.join(webDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
  if (!file.startsWith(webDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(file));
}

before(async () => {
  for (const module of ['granska_runtime', 'granska_wasm']) {
    assert.ok(existsSync(path.join(webDir, 'pkg', `${module}_bg.wasm`)), 'examples/web/pkg is missing: run scripts/test-wasm.sh --build-only');
  }
  mkdirSync(outputDir, { recursive: true });
  browser = await startBrowser(serve, { viewport: { width: 1280, height: 900 } });
  ({ origin, context } = browser);
});

after(() => browser?.close());

test('the questionnaire validates answers and updates verdicts as they are typed', async () => {
  const page = await context.newPage();
  const foreign = [];
  const problems = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin + '/')) foreign.push(r.url());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });

  const wasmLoaded = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasmLoaded.push(path.basename(new URL(r.url()).pathname));
  });
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(wasmLoaded, ['granska_runtime_bg.wasm'], 'the questionnaire loads the runtime module only, once: init() uses the preloaded request');
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  assert.match(await page.inputValue('#date'), /^\d{4}-\d{2}-\d{2}$/, 'the report date defaults to today');

  // Choose a service type: its questionnaire appears.
  await page.selectOption('#service', 'jourhem');
  const q = (id) => page.locator(`[data-question="${id}"]`);
  const antal = q('personal.antal').locator('input');
  const examen = q('personal.med_examen').locator('input');
  await antal.waitFor();
  const requirement = page.locator('[data-requirement="utbildningsniva_jourhem"]');
  const verdict = () => requirement.getAttribute('data-verdict');
  assert.equal(await verdict(), 'unanswered');
  assert.match(await requirement.textContent(), /Avtal jourhem/, 'the source is cited');
  assert.match(await requirement.locator('.deciding').textContent(), /Avgörs av/);

  // Keyboard: the answers are typed into focused, labelled controls.
  await antal.focus();
  await page.keyboard.type('10');
  assert.equal(await verdict(), 'unanswered', 'still undecided with one of two answers');

  // A constraint error appears inline, described by the control …
  await examen.fill('12');
  const error = page.locator('#error-personal-med_examen');
  assert.match(await error.textContent(), /kan inte vara större än antalet/);
  assert.equal(await error.isVisible(), true);
  assert.equal(await examen.getAttribute('aria-invalid'), 'true');
  assert.ok((await examen.getAttribute('aria-describedby')).split(' ').includes('error-personal-med_examen'));
  await page.screenshot({ path: path.join(outputDir, 'questionnaire-error.png') });

  // … and disappears when corrected; the requirement is now met.
  await examen.fill('5');
  assert.equal(await error.textContent(), '');
  assert.equal(await error.isVisible(), false);
  assert.equal(await examen.getAttribute('aria-invalid'), null);
  assert.equal(await verdict(), 'met');

  // Too few with the education: not met, explained.
  await examen.fill('2');
  assert.equal(await verdict(), 'not_met');
  // The contract term is a parameter: the explanation shows its value beside the answers.
  assert.match(await requirement.locator('.why').textContent(), /personal\.med_examen \/ personal\.antal = 20, krav ≥ param\.jourhem\.andel_personal_utbildning \(50\)/);
  assert.equal(await page.locator('[data-count="not_met"] strong').textContent(), '1');

  // A wrong type is a field error too.
  await antal.fill('tio');
  assert.match(await page.locator('#error-personal-antal').textContent(), /"tio" är inte ett heltal/);
  await antal.fill('10');
  assert.equal(await page.locator('#error-personal-antal').textContent(), '');

  // Relevance: the date of the risk analysis is not asked when there is none (while the
  // answer is unknown the question counts as relevant).
  const riskDate = q('ledning.riskanalys_datum');
  assert.equal(await riskDate.isVisible(), true);
  await q('ledning.riskanalys').locator('select').selectOption('false');
  assert.equal(await riskDate.isHidden(), true);
  await q('ledning.riskanalys').locator('select').selectOption('true');
  assert.equal(await riskDate.isVisible(), true);

  // Multiple choice: checkboxes; "another method" asks which.
  await q('bedomning.anvander').locator('select').selectOption('true');
  const metoder = q('bedomning.metoder');
  const other = q('bedomning.annan_metod');
  await metoder.getByLabel('SDQ').check();
  assert.equal(await other.isHidden(), true);
  await metoder.getByLabel('Annan metod').check();
  assert.equal(await other.isVisible(), true);
  await other.locator('input').fill('YLS/CMI');
  await metoder.getByLabel('Annan metod').uncheck();
  assert.equal(await other.isHidden(), true);

  // Every visible control has an accessible name.
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((c) => c.offsetParent !== null)
      .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim())))
      .map((c) => c.id || c.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);

  // English.
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('label[for="service"]'), 'Service type');
  assert.equal(await requirement.locator('.badge').textContent(), 'Not met');
  await examen.fill('12');
  assert.match(await error.textContent(), /cannot exceed/);
  await examen.fill('5');
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  assert.equal(await verdict(), 'met', 'answers survive the language switch');

  // A report date that is not a date is shown at the date field.
  await page.fill('#date', '');
  assert.match(await page.textContent('#date-error'), /datum saknas/);
  await page.fill('#date', '2017-12-31');
  assert.equal(await page.textContent('#date-error'), '');

  await page.screenshot({ path: path.join(outputDir, 'questionnaire.png'), fullPage: true });
  assert.deepEqual(foreign, [], 'no request leaves the page’s own origin');
  assert.deepEqual(problems, []);
  await page.close();
});

const OWN_PACK = `pack: { id: egen, title: { sv: Eget regelpaket, en: Own rule pack } }
questions:
  - id: personal.nyanstallda
    type: list
    label: { sv: Nyanställda under året, en: New hires in the year }
    fields:
      - { id: registerutdrag, type: bool, label: { sv: Registerutdrag kontrollerat, en: Record checked } }
      - { id: dygn, type: integer, min: 0, max: 365, label: { sv: Dygn till kontrollen, en: Days to the check } }
requirements:
  - id: registerkontroll
    title: { sv: Registerkontroll av nyanställda, en: Record checks of new hires }
    source: "Lag (2007:171) om registerkontroll"
    severity: krav
    area: trygghet
    require: "all(p in personal.nyanstallda, p.registerutdrag)"
    message: { sv: Alla nyanställda är inte kontrollerade., en: Not every new hire was checked. }
`;

test('a rule author can load an own pack: its diagnostics, or its questionnaire with list records', async () => {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#own-pack summary');

  // A pack with a mistake is not used; its diagnostics are listed with file, line and column.
  const broken = OWN_PACK.replace('p.registerutdrag)', 'p.registerutdrg)');
  await page.setInputFiles('#pack-file', { name: 'egen.yaml', mimeType: 'text/yaml', buffer: Buffer.from(broken) });
  const diagnostic = page.locator('#pack-errors li[data-code]');
  await diagnostic.first().waitFor();
  assert.equal(await diagnostic.count(), 1);
  const line = broken.split('\n').findIndex((l) => l.includes('registerutdrg')) + 1;
  assert.match(await diagnostic.textContent(), new RegExp(`^egen\\.yaml:${line}:\\d+: .*registerutdrg`));
  assert.equal(await page.getAttribute('#pack-file', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');

  // The corrected pack replaces the built-in one.
  await page.setInputFiles('#pack-file', { name: 'egen.yaml', mimeType: 'text/yaml', buffer: Buffer.from(OWN_PACK) });
  await page.locator('[data-question="personal.nyanstallda"]').waitFor();
  assert.equal(await page.textContent('#pack-title'), 'Eget regelpaket');
  assert.equal(await page.locator('#pack-errors li').count(), 0);
  const requirement = page.locator('[data-requirement="registerkontroll"]');
  const verdict = () => requirement.getAttribute('data-verdict');
  assert.equal(await verdict(), 'unanswered');

  // Records: add one, answer its fields; an out-of-range field is an error in its row.
  const list = page.locator('[data-question="personal.nyanstallda"]');
  await list.getByRole('button', { name: 'Lägg till rad' }).click();
  assert.equal(await verdict(), 'unanswered', 'a record with its field unanswered leaves it undecided');
  await list.getByLabel('Registerutdrag kontrollerat').selectOption('true');
  assert.equal(await verdict(), 'met');
  const days = list.locator('[data-field="personal.nyanstallda[0].dygn"]');
  await days.locator('input').fill('400');
  assert.match(await days.locator('.error').textContent(), /större än 365/);
  assert.equal(await days.locator('input').getAttribute('aria-invalid'), 'true');
  await days.locator('input').fill('12');
  assert.equal(await days.locator('.error').textContent(), '');

  // A second record without the check: not met; removing it: met again.
  await list.getByRole('button', { name: 'Lägg till rad' }).click();
  await list.locator('[data-field="personal.nyanstallda[1].registerutdrag"] select').selectOption('false');
  assert.equal(await verdict(), 'not_met');
  await list.locator('.record').nth(1).getByRole('button', { name: 'Ta bort rad' }).click();
  assert.equal(await list.locator('.record').count(), 1);
  assert.equal(await verdict(), 'met');
  await page.screenshot({ path: path.join(outputDir, 'own-pack.png'), fullPage: true });

  // Back to the built-in pack.
  await page.click('#pack-reset');
  assert.equal(await page.locator('#service option').count(), 10);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the questionnaire page: first paint to interactive, and the latency of each keystroke (performance API)', async () => {
  const page = await context.newPage();
  await page.addInitScript(() => {
    // From each input event to the next frame: the evaluation, the page updated, and layout.
    window.__frames = [];
    document.addEventListener('input', (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => window.__frames.push(performance.now() - t0));
    }, true);
  });
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
  const startup = await page.evaluate(() => {
    const paint = performance.getEntriesByType('paint');
    const first = paint.find((e) => e.name === 'first-paint') ?? paint[0];
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      firstPaint: first ? first.startTime : null,
      interactive: performance.getEntriesByName('granska:interactive')[0]?.startTime,
      load: performance.getEntriesByName('granska:load')[0]?.duration,
      builtin: performance.getEntriesByName('granska:builtin')[0]?.duration,
      domContentLoaded: nav?.domContentLoadedEventEnd,
    };
  });
  assert.equal(typeof startup.interactive, 'number', 'the page marks granska:interactive');
  assert.equal(typeof startup.load, 'number', 'the page measures granska:load');

  await page.selectOption('#service', 'jourhem');
  const input = page.locator('[data-question="personal.antal"] input');
  await input.waitFor();
  await page.evaluate(() => { performance.clearMeasures('granska:evaluate'); window.__frames = []; });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metric();
  await input.focus();
  const KEYS = 40;
  for (let i = 0; i < KEYS / 2; i++) await page.keyboard.type(String((i % 9) + 1));
  for (let i = 0; i < KEYS / 2; i++) await page.keyboard.press('Backspace');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const after = await metric();
  const { evaluations, frames } = await page.evaluate(() => ({
    evaluations: performance.getEntriesByName('granska:evaluate').map((e) => e.duration),
    frames: window.__frames,
  }));
  assert.ok(evaluations.length >= KEYS, `one evaluation a keystroke (${evaluations.length} for ${KEYS})`);
  assert.ok(frames.length >= KEYS, `a frame after each keystroke (${frames.length} for ${KEYS})`);
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
    return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms`;
  };
  const ms = (x) => (typeof x === 'number' ? `${x.toFixed(1)} ms` : 'n/a');
  console.log(`questionnaire timings (chromium, runtime module, built-in pack):
  first paint ${ms(startup.firstPaint)} · interactive ${ms(startup.interactive)} · first paint to interactive ${ms(startup.firstPaint === null ? null : startup.interactive - startup.firstPaint)}
  module fetched, compiled and instantiated, and the built-in pack loaded (granska:load) ${ms(startup.load)}; the built-in pack alone (Pack.builtin(), granska:builtin) ${ms(startup.builtin)}
  per keystroke, evaluation and page update (granska:evaluate, ${evaluations.length}): ${stats(evaluations)}
  per keystroke, input event to next frame (${frames.length}): ${stats(frames)}
  CDP Performance.getMetrics over the ${KEYS} keystrokes: ScriptDuration ${ms((after.ScriptDuration - before.ScriptDuration) * 1000)}, TaskDuration ${ms((after.TaskDuration - before.TaskDuration) * 1000)}, LayoutDuration ${ms((after.LayoutDuration - before.LayoutDuration) * 1000)}`);
  await cdp.detach();
  await page.close();
});

for (const module of ['granska_wasm', 'granska_runtime']) test(`in the browser build (${module}), report files, values with no JSON form and a panic are JS errors, and the module restarts`, async () => {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
  const got = await page.evaluate(async (module) => {
    const m = await import(`/pkg/${module}.js`);
    await m.default();
    const name = (f) => {
      try {
        f();
        return 'no exception';
      } catch (e) {
        return `${e instanceof WebAssembly.RuntimeError ? 'TRAP ' : ''}${e.name}: ${e.message}`;
      }
    };
    const report = { provider: 'P1', service: 'jourhem', date: '2017-12-31', answers: { 'lex_sarah.rapporter': 1 } };
    const before = m.Pack.builtin();
    const bytes = new TextEncoder().encode(JSON.stringify(report));
    return {
      bytes: before.checkJson(bytes).provider,
      notUtf8: name(() => before.checkJson(new Uint8Array([0x7b, 0xff]))),
      date: name(() => before.check({ ...report, date: new Date() })),
      panic: name(() => m.__granskaPanicForTests('browser panic')),
      stale: name(() => before.check(report)),
      after: m.Pack.builtin().check(report).verdicts.length > 0,
    };
  }, module);
  assert.equal(got.bytes, 'P1');
  assert.match(got.notUtf8, /^ReportError: the report is not UTF-8/);
  assert.match(got.date, /^TypeError: date: a Date/);
  assert.match(got.panic, /^GranskaError: internal error in granska, please report it: browser panic at /);
  assert.match(got.stale, /^GranskaError: granska restarted after an internal error/);
  assert.equal(got.after, true);
  await page.close();
});
