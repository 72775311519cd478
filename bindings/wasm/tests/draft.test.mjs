// The questionnaire page keeps the provider's work (examples/web/draft.js), in a real browser
// (Debian's chromium, playwright-core, the page served from 127.0.0.1): answers survive a
// reload (a draft in localStorage), download as a JSON and a YAML report that granska reads
// with the same verdicts, and open again after the draft is cleared; the report date defaults
// to 31 December of the previous year in January–March, else of the current year. A provider's
// action plan (examples/web/actions.js; the file `granska actions --provider` writes,
// examples/history/atgarder-P101.json) shows its open actions next to the questions they
// concern, in both languages, and a file of another format or provider is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startBrowser, watch } from './chromium.mjs';
import { Pack, root } from './granska.mjs';

const webDir = path.join(root, 'examples', 'web');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };

let browser;
let origin;
let context;

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
  assert.ok(existsSync(path.join(webDir, 'pkg', 'granska_wasm_bg.wasm')), 'examples/web/pkg is missing: run scripts/test-wasm.sh --build-only');
  browser = await startBrowser(serve, { acceptDownloads: true });
  ({ origin, context } = browser);
});

after(() => browser?.close());

async function open(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
  return problems;
}

const verdicts = (report) => report.verdicts.map((v) => [v.requirement, v.verdict]);

test('the report date defaults to the last day of the year being reported', async () => {
  for (const [now, expected] of [['2026-02-10T12:00:00', '2025-12-31'], ['2026-03-31T12:00:00', '2025-12-31'], ['2026-04-01T12:00:00', '2026-12-31'], ['2026-11-30T12:00:00', '2026-12-31']]) {
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(now));
    await page.evaluate(() => localStorage.clear()).catch(() => {});
    await open(page);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.inputValue('#date'), expected, `on ${now}`);
    await page.close();
  }
});

test('answers survive a reload, download as JSON and YAML reports granska reads, and open again', async () => {
  const page = await context.newPage();
  const problems = await open(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');

  await page.selectOption('#service', 'jourhem');
  const q = (id) => page.locator(`[data-question="${id}"]`);
  await q('personal.antal').locator('input').fill('10');
  await q('personal.med_examen').locator('input').fill('2');
  await page.fill('#date', '2025-12-31');
  await page.locator('#date').dispatchEvent('change');
  const verdict = () => page.locator('[data-requirement="utbildningsniva_jourhem"]').getAttribute('data-verdict');
  assert.equal(await verdict(), 'not_met');

  // A reload keeps the draft.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#service'), 'jourhem');
  assert.equal(await page.inputValue('#date'), '2025-12-31');
  assert.equal(await q('personal.med_examen').locator('input').inputValue(), '2');
  assert.equal(await verdict(), 'not_met');

  // The downloads are reports granska reads, with the page's verdicts.
  const pack = Pack.builtin();
  const files = {};
  for (const [button, ext] of [['#draft-json', 'json'], ['#draft-yaml', 'yaml']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const file = await download.path();
    files[ext] = { text: readFileSync(file, 'utf8'), name: download.suggestedFilename() };
    assert.match(files[ext].name, new RegExp(`^rapport-jourhem-2025-12-31\\.${ext}$`));
  }
  const fromJson = pack.checkJson(files.json.text);
  const fromYaml = pack.checkYaml(files.yaml.text);
  assert.deepEqual(verdicts(fromYaml), verdicts(fromJson));
  assert.equal(fromJson.verdicts.find((v) => v.requirement === 'utbildningsniva_jourhem').verdict, 'not_met');

  // Clear the draft, reload: nothing; open each file: the answers are back.
  for (const ext of ['json', 'yaml']) {
    await page.click('#draft-clear');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.inputValue('#service'), '');
    await page.setInputFiles('#draft-open', { name: files[ext].name, mimeType: 'text/plain', buffer: Buffer.from(files[ext].text) });
    await page.waitForFunction(() => document.querySelector('#service').value === 'jourhem');
    assert.equal(await q('personal.med_examen').locator('input').inputValue(), '2', ext);
    assert.equal(await verdict(), 'not_met', ext);
    assert.match(await page.textContent('#draft-status'), /Öppnade/);
  }

  // A file granska cannot read is refused with why, and nothing changes.
  await page.setInputFiles('#draft-open', { name: 'fel.json', mimeType: 'application/json', buffer: Buffer.from('{"provider": "P1", "service": "nosuch", "date": "2025-12-31"}') });
  await page.waitForFunction(() => document.querySelector('#draft-status').textContent.includes('fel.json'));
  assert.match(await page.textContent('#draft-status'), /kan inte öppnas/);
  assert.equal(await page.inputValue('#service'), 'jourhem');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an action plan shows the provider its open actions next to the questions they concern', async () => {
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const problems = await open(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.selectOption('#service', 'familjeradgivning');
  const q = (id) => page.locator(`[data-question="${id}"]`);
  const status = () => page.textContent('#actions-status');
  const openPlan = async (name, text) => {
    await page.evaluate(() => { document.querySelector('#actions-status').textContent = ''; });
    await page.setInputFiles('#actions-open', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  };

  // The file the CLI writes (its CLI test keeps the committed example byte for byte).
  const fileText = readFileSync(path.join(root, 'examples', 'history', 'atgarder-P101.json'), 'utf8');
  const plan = JSON.parse(fileText);
  await openPlan('atgarder-P101.json', fileText);
  await page.waitForSelector('#actions-list .action-item');
  assert.equal(await page.locator('#actions-list .action-item').count(), 1);
  assert.match(await page.textContent('#actions-list'), /Öppna åtgärder för P101 \(per 2018-12-31\)/);
  assert.match(await page.textContent('#actions-list'), /Riskanalys på verksamhetsnivå/);
  const note = q('ledning.riskanalys').locator('.action-note');
  assert.equal(await note.count(), 1);
  assert.match(await note.textContent(), /Ta fram en riskanalys på verksamhetsnivå/);
  assert.match(await note.textContent(), /Försenad/);
  assert.match(await note.textContent(), /Verksamhetschef · Klart senast: 2018-06-30/);
  assert.equal(await note.getAttribute('data-overdue'), 'true');
  assert.equal(await q('ledning.riskanalys_datum').locator('.action-note').count(), 1);
  assert.equal(await q('klagomal.rutin').locator('.action-note').count(), 0);
  assert.equal(await page.locator('.action-note').count(), 2);
  // The report now names the plan's provider.
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('granska-draft')).provider), 'P101');

  // A second action, on another requirement and not overdue, goes next to its own question.
  const two = structuredClone(plan);
  two.actions.push({ ...plan.actions[0], requirement: 'klagomal_rutin', title: { sv: 'Rutin för klagomål', en: 'Complaints procedure' }, questions: ['klagomal.rutin'], action: 'Skriva rutin för klagomål', due: '2019-03-31', overdue: false });
  await openPlan('atgarder-P101-2.json', JSON.stringify(two));
  await page.waitForFunction(() => document.querySelectorAll('#actions-list .action-item').length === 2);
  const second = q('klagomal.rutin').locator('.action-note');
  assert.equal(await second.count(), 1);
  assert.equal(await second.getAttribute('data-overdue'), 'false');
  assert.doesNotMatch(await second.textContent(), /Försenad/);
  assert.equal(await q('ledning.riskanalys').locator('.action-note').count(), 1);

  // The page's language switch switches the plan too; the notes stay after the re-render.
  await page.click('#lang');
  assert.match(await note.textContent(), /Overdue/);
  assert.match(await note.textContent(), /Risk analysis at operations level/);
  assert.match(await page.textContent('#actions-list'), /Open actions of P101 \(as of 2018-12-31\)/);

  // Another provider's plan, a file that is no plan, and a broken plan are refused with why;
  // the plan on the page stays.
  await openPlan('atgarder-P102.json', JSON.stringify({ ...plan, provider: 'P102' }));
  await page.waitForFunction(() => document.querySelector('#actions-status').textContent !== '');
  assert.match(await status(), /atgarder-P102\.json cannot be opened: the action plan is for P102, but the report is for P101/);
  await openPlan('rapport.json', '{"provider": "P101", "service": "familjeradgivning", "answers": {}}');
  await page.waitForFunction(() => document.querySelector('#actions-status').textContent !== '');
  assert.match(await status(), /not an action plan from granska/);
  const broken = structuredClone(plan);
  delete broken.actions[0].overdue;
  await openPlan('trasig.json', JSON.stringify(broken));
  await page.waitForFunction(() => document.querySelector('#actions-status').textContent !== '');
  assert.match(await status(), /actions\[0\]\.overdue/);
  await openPlan('text.json', 'inte json');
  await page.waitForFunction(() => document.querySelector('#actions-status').textContent !== '');
  assert.match(await status(), /not JSON/);
  assert.equal(await page.locator('#actions-list .action-item').count(), 2);
  assert.equal(await q('ledning.riskanalys').locator('.action-note').count(), 1);

  // Closing the plan removes the notes; nothing was requested from anywhere but the page.
  await page.click('#actions-close');
  assert.equal(await page.locator('.action-note').count(), 0);
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
  assert.deepEqual(problems, []);
  await page.close();
});
