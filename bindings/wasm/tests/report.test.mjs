// The annual report (verksamhetsrapport) in a real browser: Debian's chromium driven by
// playwright-core opens the report of the 2017 example, served from a node:http server on
// 127.0.0.1, and checks what a reader sees: the survey figures and response rates, every
// small number suppressed as a dash with its reason (never a percentage), the audit figures,
// the charts drawn, nothing loaded from elsewhere and no script; then the print stylesheet
// (chapters on new pages) and a PDF of it under test-output/.
//
// The page is tests/golden/report-2017.html (and .en.html): exactly what `granska report`
// writes for the example data, kept byte for byte by the CLI's golden test
// (crates/granska-cli/tests/quality.rs), so no Rust build is needed here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowser, watch } from './chromium.mjs';

// Not through granska.mjs: the report needs no WebAssembly build.
const wasmDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(wasmDir, '../..');

const goldenDir = path.join(root, 'tests', 'golden');
const outputDir = path.join(wasmDir, 'test-output');
const PAGES = { '/report-2017.html': 'report-2017.html', '/report-2017.en.html': 'report-2017.en.html' };
const THRESHOLD = 5;

let browser;
let origin;
let context;

/** Serves the two golden reports; nothing else. */
function serve(req, res) {
  const name = PAGES[new URL(req.url ?? '/', 'http://localhost').pathname];
  if (!name) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(readFileSync(path.join(goldenDir, name)));
}

before(async () => {
  for (const name of Object.values(PAGES)) assert.ok(existsSync(path.join(goldenDir, name)), `tests/golden/${name} is missing: UPDATE_GOLDEN=1 cargo test -p granska-cli --test quality`);
  mkdirSync(outputDir, { recursive: true });
  browser = await startBrowser(serve, { viewport: { width: 1280, height: 900 } });
  ({ origin, context } = browser);
});

after(() => browser?.close());

/** Opens a report page, failing on any request elsewhere, any HTTP error or page error. */
async function open(name) {
  const page = await context.newPage();
  const problems = watch(page, origin);
  await page.goto(`${origin}/${name}`, { waitUntil: 'load' });
  return { page, problems };
}

/** Every survey result row as the reader sees it: area, result, the share cell's text and class. */
function surveyRows(page) {
  return page.$$eval('tr[data-result][data-area]', (rows) =>
    rows.map((tr) => {
      const share = tr.querySelectorAll('td')[1];
      const style = getComputedStyle(share);
      return {
        area: tr.dataset.area,
        result: tr.dataset.result,
        text: share.innerText.trim(),
        suppressed: share.classList.contains('suppressed'),
        visible: share.getBoundingClientRect().width > 0 && style.visibility !== 'hidden',
        italic: style.fontStyle === 'italic',
        bar: tr.querySelector('td.bar svg') !== null,
      };
    }),
  );
}

/** The respondents of each survey area, read from its "Svarsfrekvens: 13 av 50 …" line. */
async function respondents(page, word) {
  const lines = await page.$$eval('h4 + p', (ps) => ps.map((p) => [p.previousElementSibling.innerText, p.innerText]));
  const out = new Map();
  for (const [, text] of lines) {
    const m = text.match(new RegExp(`${word}: (\\d+) `));
    if (m) out.set(text, Number(m[1]));
  }
  return out;
}

test('the Swedish report shows the survey figures and suppresses every small number', async () => {
  const { page, problems } = await open('report-2017.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  assert.equal(await page.evaluate(() => document.scripts.length), 0, 'no script in the report');

  // The seed's response rates.
  const body = await page.innerText('body');
  assert.match(body, /13 av 50 tillfrågade, 26 procent/);
  assert.match(body, /82 av 207 tillfrågade, 40 procent/);

  const rows = await surveyRows(page);
  assert.ok(rows.length >= 15, `survey rows: ${rows.length}`);
  const areas = new Set(rows.map((r) => r.area));
  assert.deepEqual([...areas].sort(), ['all', 'heldygnsvard', 'jourhem', 'oppenvard']);
  for (const r of rows) {
    assert.ok(r.visible, `${r.area}/${r.result} is visible`);
    if (r.suppressed) {
      // A dash with the reason: no count, no denominator, no percentage, no bar.
      assert.equal(r.text, `– (färre än ${THRESHOLD} svar, redovisas inte)`, `${r.area}/${r.result}`);
      assert.ok(!/\d+\s?%/.test(r.text) && !r.bar, `${r.area}/${r.result} shows no share`);
      assert.ok(r.italic, 'a suppressed cell is set apart (italic)');
    } else {
      // "8 av 12 (67 %)": based on at least the threshold, the percentage its own rounding.
      const m = r.text.match(/^(\d+) av (\d+) \((\d+)\s%\)$/);
      assert.ok(m, `${r.area}/${r.result}: "${r.text}"`);
      const [count, of, percent] = m.slice(1).map(Number);
      assert.ok(of >= THRESHOLD, `${r.area}/${r.result} is based on ${of} answers`);
      assert.equal(percent, Math.floor((200 * count + of) / (2 * of)), `${r.area}/${r.result}: ${r.text}`);
      assert.ok(r.bar, `${r.area}/${r.result} has its bar`);
    }
  }
  // Exactly the areas with fewer respondents than the threshold are suppressed: jourhem (3).
  const suppressedAreas = new Set(rows.filter((r) => r.suppressed).map((r) => r.area));
  assert.deepEqual([...suppressedAreas], ['jourhem']);
  assert.ok(rows.filter((r) => r.area === 'jourhem').every((r) => r.suppressed));
  const rates = await respondents(page, 'Svarsfrekvens');
  assert.ok([...rates.entries()].some(([text, n]) => n < THRESHOLD && /^Svarsfrekvens: 3 av 9/.test(text)), [...rates.keys()].join(' | '));
  const heldygn = rows.find((r) => r.area === 'heldygnsvard' && r.result === 'situation_battre');
  assert.match(heldygn.text, /^8 av 12 \(67\s%\)$/);

  // The survey chart: a bar per area, and a dash rather than a bar for the suppressed one.
  const chart = await page.$$eval('figure svg[role="img"]', (svgs) =>
    svgs.map((s) => ({ label: s.getAttribute('aria-label'), width: s.getBoundingClientRect().width, text: s.textContent })),
  );
  assert.ok(chart.length >= 3, `charts: ${chart.length}`);
  for (const c of chart) assert.ok(c.label && c.width > 100, `chart "${c.label}" is drawn`);
  const surveyChart = chart.find((c) => c.label.startsWith('Brukarundersökningen per område'));
  assert.ok(surveyChart, chart.map((c) => c.label).join(' | '));
  // Each bar's tooltip is "<area>: <share>": the suppressed area's is a dash.
  assert.match(surveyChart.text, /Jourhem: –/, 'the suppressed area has a dash in the chart');
  assert.doesNotMatch(surveyChart.text, /Jourhem: \d/, 'the suppressed area has no percentage in the chart');

  // The audits.
  const audit = await page.$$eval('li[data-indicator]', (lis) => Object.fromEntries(lis.map((li) => [li.dataset.indicator, li.innerText])));
  assert.equal(audit.akter_utan_genomforandeplan, 'genomförandeplan saknades i 0 av 20 granskade akter, 0 procent');
  assert.match(audit.unga_nojda, /i 4 av 5 intervjuer med unga, 80 procent/);

  assert.deepEqual(problems, []);
  await page.screenshot({ path: path.join(outputDir, 'report-2017.png'), fullPage: true });
  await page.close();
});

test('the English report says the same in English', async () => {
  const { page, problems } = await open('report-2017.en.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const body = await page.innerText('body');
  assert.match(body, /13 of 50 asked, 26 percent/);
  const rows = await surveyRows(page);
  const suppressed = rows.filter((r) => r.suppressed);
  assert.ok(suppressed.length > 0 && suppressed.every((r) => r.area === 'jourhem' && r.text === `– (fewer than ${THRESHOLD} answers, not shown)`));
  assert.ok(rows.filter((r) => !r.suppressed).every((r) => /^\d+ of \d+ \(\d+\s?%\)$/.test(r.text)), rows.map((r) => r.text).join(' | '));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the report prints: chapters on new pages, a PDF of several pages', async () => {
  const { page, problems } = await open('report-2017.html');
  await page.emulateMedia({ media: 'print' });
  const breaks = await page.$$eval('section.chapter', (sections) => sections.map((s) => [s.id, getComputedStyle(s).breakBefore]));
  assert.ok(breaks.length >= 4, JSON.stringify(breaks));
  for (const [id, value] of breaks) assert.equal(value, id === 'sammanfattning' ? 'auto' : 'page', `chapter ${id}`);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(path.join(outputDir, 'report-2017.pdf'), pdf);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 5, `the PDF has ${pages} pages`);
  assert.deepEqual(problems, []);
  await page.close();
});
