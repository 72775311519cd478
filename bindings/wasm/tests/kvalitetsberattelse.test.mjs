// The kvalitetsberättelse in a real browser: Debian's chromium driven by playwright-core
// opens the draft of the example register (examples/riskanalys-2019.yaml, the 2019 report's
// six risk areas), served from a node:http server on 127.0.0.1, and checks what a reader
// sees: the risk matrix drawn with a count per cell that adds up to the risks listed, each
// cell coloured by its level as the legend says, the actions with the overdue one marked, the
// year's lex Sarah and complaints figures from the follow-up summary, nothing loaded from
// elsewhere and no script; then the print stylesheet (chapters on new pages) and a PDF.
//
// The pages are tests/golden/kvalitetsberattelse-2019.html (and .en.html): exactly what
// `granska kvalitetsberattelse` writes, kept byte for byte by the CLI's golden test
// (crates/granska-cli/tests/kvalitetsberattelse.rs), so no Rust build is needed here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowser, watch } from './chromium.mjs';

const wasmDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(wasmDir, '../..');
const goldenDir = path.join(root, 'tests', 'golden');
const outputDir = path.join(wasmDir, 'test-output');
const PAGES = { '/kb.html': 'kvalitetsberattelse-2019.html', '/kb.en.html': 'kvalitetsberattelse-2019.en.html' };

let browser;
let origin;
let context;

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
  for (const name of Object.values(PAGES)) {
    assert.ok(existsSync(path.join(goldenDir, name)), `tests/golden/${name} is missing: UPDATE_GOLDEN=1 cargo test -p granska-cli --test kvalitetsberattelse`);
  }
  mkdirSync(outputDir, { recursive: true });
  browser = await startBrowser(serve, { viewport: { width: 1280, height: 900 } });
  ({ origin, context } = browser);
});

after(() => browser?.close());

async function open(name) {
  const page = await context.newPage();
  const problems = watch(page, origin);
  await page.goto(`${origin}/${name}`, { waitUntil: 'load' });
  return { page, problems };
}

/** Every cell of the matrix as drawn: its place, level, count, fill and the number shown. */
function cells(page) {
  return page.$$eval('figure.risk-matrix g.cell', (gs) =>
    gs.map((g) => {
      const rect = g.querySelector('rect').getBoundingClientRect();
      return {
        likelihood: Number(g.dataset.likelihood),
        consequence: Number(g.dataset.consequence),
        level: g.dataset.level,
        count: Number(g.dataset.count),
        fill: g.querySelector('rect').getAttribute('fill'),
        shown: g.querySelector('text')?.textContent ?? '',
        x: rect.x,
        y: rect.y,
        width: rect.width,
      };
    }),
  );
}

test('the matrix counts every risk in its cell, coloured by its level', async () => {
  const { page, problems } = await open('kb.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  assert.equal(await page.evaluate(() => document.scripts.length), 0, 'no script');

  const grid = await cells(page);
  assert.equal(grid.length, 16, '4 × 4 cells');
  for (const c of grid) {
    assert.ok(c.width > 20, `cell ${c.likelihood}/${c.consequence} is drawn`);
    assert.equal(c.shown, c.count > 0 ? String(c.count) : '', `cell ${c.likelihood}/${c.consequence} shows its count`);
  }
  // Higher likelihood is drawn higher up, higher consequence further right.
  const at = (l, k) => grid.find((c) => c.likelihood === l && c.consequence === k);
  assert.ok(at(4, 1).y < at(1, 1).y && at(1, 4).x > at(1, 1).x);
  // The example by construction: 3×4 twice, 3×3, 4×3 high; 3×2 and 2×2 medium.
  assert.deepEqual(
    grid.filter((c) => c.count > 0).map((c) => [c.likelihood, c.consequence, c.count, c.level]).sort(),
    [[2, 2, 1, 'riskniva_medel'], [3, 2, 1, 'riskniva_medel'], [3, 3, 1, 'riskniva_hog'], [3, 4, 2, 'riskniva_hog'], [4, 3, 1, 'riskniva_hog']].sort(),
  );
  // One colour per level, the legend's, and the legend's counts add up to the risks listed.
  const legend = await page.$$eval('.matrix-legend li', (lis) => lis.map((li) => ({ level: li.dataset.level, text: li.innerText, colour: getComputedStyle(li.querySelector('i')).backgroundColor })));
  assert.deepEqual(legend.map((l) => l.text), ['Låg risk: 0', 'Medelhög risk: 2', 'Hög risk: 4']);
  const fills = new Map();
  for (const c of grid) {
    if (fills.has(c.level)) assert.equal(fills.get(c.level), c.fill, `every ${c.level} cell has one colour`);
    fills.set(c.level, c.fill);
  }
  assert.equal(new Set(fills.values()).size, 3, 'three levels, three colours');
  const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  for (const l of legend) assert.equal(l.colour, rgb(fills.get(l.level)), `legend colour of ${l.level}`);
  const risks = await page.$$eval('h2 ~ figure.risk-matrix ~ .scroll table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
  assert.equal(risks.length, grid.reduce((n, c) => n + c.count, 0), 'every risk listed is in the matrix');
  assert.deepEqual(risks.map((r) => r[5]), ['Hög risk', 'Hög risk', 'Hög risk', 'Medelhög risk', 'Medelhög risk', 'Hög risk']);

  // Actions: the overdue one marked, in the alarm colour; the register's requirements met.
  const overdue = await page.$$eval('table.actions tr.overdue', (trs) => trs.map((tr) => [tr.innerText, getComputedStyle(tr.querySelector('td')).color]));
  assert.equal(overdue.length, 1);
  assert.match(overdue[0][0], /Pågår \(försenad\)/);
  assert.equal(overdue[0][1], 'rgb(179, 38, 30)');
  const verdicts = await page.$$eval('table.register-checks td[class^="verdict-"]', (tds) => tds.map((td) => td.innerText));
  assert.deepEqual(verdicts, Array(6).fill('Uppfyllt'));
  const cards = await page.$$eval('.card', (cs) => Object.fromEntries(cs.map((c) => [c.dataset.card, c.querySelector('b').innerText])));
  assert.deepEqual(cards, { risker: '6', hogsta: '4', oppna: '5', forsenade: '1' });

  // The year's lex Sarah and complaints figures from the follow-up (the 2017 example).
  const figures = await page.$$eval('table.followup tr[data-indicator]', (trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.indicator, tr.querySelectorAll('td')[1].innerText])));
  assert.match(figures.andel_lex_sarah_utredningar, /^5 av 96 verksamheter, 5 procent/);
  assert.match(figures.andel_klagomal_registrerade, /^41 av 96 verksamheter, 43 procent/);
  assert.equal(figures.antal_klagomal_registrerade, '161 totalt');

  assert.deepEqual(problems, []);
  await page.screenshot({ path: path.join(outputDir, 'kvalitetsberattelse-2019.png'), fullPage: true });
  await page.close();
});

test('the English page says the same in English', async () => {
  const { page, problems } = await open('kb.en.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const legend = await page.$$eval('.matrix-legend li', (lis) => lis.map((li) => li.innerText));
  assert.deepEqual(legend, ['Low risk: 0', 'Medium risk: 2', 'High risk: 4']);
  const body = await page.innerText('body');
  assert.match(body, /In progress \(overdue\)/);
  assert.match(body, /5 of 96 providers, 5 percent/);
  assert.equal((await cells(page)).reduce((n, c) => n + c.count, 0), 6);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page prints: chapters on new pages, a PDF of several pages', async () => {
  const { page, problems } = await open('kb.html');
  await page.emulateMedia({ media: 'print' });
  const breaks = await page.$$eval('section.chapter', (sections) => sections.map((s) => [s.id, getComputedStyle(s).breakBefore]));
  assert.equal(breaks.length, 6, JSON.stringify(breaks));
  for (const [id, value] of breaks) assert.equal(value, id === 'sammanfattning' ? 'auto' : 'page', `chapter ${id}`);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(path.join(outputDir, 'kvalitetsberattelse-2019.pdf'), pdf);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 4, `the PDF has ${pages} pages`);
  assert.deepEqual(problems, []);
  await page.close();
});
