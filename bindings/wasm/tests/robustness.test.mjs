// Seeded random input through the JS API: mutated pack texts and random report objects must
// give a pack, a report or a named JS error — never a WebAssembly trap — and the module must
// keep working afterwards. Deterministic (a fixed seed), so a failure reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pack, root } from './granska.mjs';

/** mulberry32: a small seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A built-in contract pack, its includes made built-in (a pack given as text may include only those).
const PACK = readFileSync(path.join(root, 'rules', 'contract', 'jourhem.yaml'), 'utf8').replace(/^(\s*- )\.\.\//gm, '$1builtin:');
const PIECES = ['\n', ' ', '  ', ':', '- ', '{', '}', '[', ']', '"', "'", '#', '&a', '*a', '!!str', '|', '>', '.', '(', ')', ' and ', ' or ', ' not ', '==', '>=', '/', '0', '1e999', '-', 'ä', '\u0000', '\t', 'builtin:', 'include: [x]', 'id: ', 'require: ', 'questions:', 'x'.repeat(300)];

function mutate(text, random) {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * out.length);
    const len = Math.floor(random() * 20);
    const piece = random() < 0.7 ? PIECES[Math.floor(random() * PIECES.length)] : '';
    out = out.slice(0, at) + piece + out.slice(at + (random() < 0.5 ? len : 0));
  }
  return out;
}

function randomValue(random, ids, depth = 0) {
  const r = random();
  if (depth > 3 || r < 0.45) {
    const scalars = [null, undefined, true, false, 0, -0, 1, -1, 2.5, NaN, Infinity, -Infinity, 1e300, 2 ** 53 + 1, 9223372036854775807n, -(2n ** 70n), '', ' ', 'ja', 'Nej', '1,5', '50 %', '2017-12-31', '2017-02-30', '2017-12-31T10:00', 'bbic', 'x'.repeat(70000), '\u0000', 'ä'];
    return scalars[Math.floor(random() * scalars.length)];
  }
  if (r < 0.65) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, ids, depth + 1));
  const obj = {};
  for (let i = Math.floor(random() * 5); i > 0; i--) {
    const key = random() < 0.7 ? ids[Math.floor(random() * ids.length)] : ['', '.', 'a.b', '__proto__', 'constructor', 'answers', '[0]', 'x'.repeat(100)][Math.floor(random() * 8)];
    obj[key] = randomValue(random, ids, depth + 1);
  }
  return obj;
}

const isTrap = (e) => e instanceof WebAssembly.RuntimeError;

test('mutated pack texts load or throw a PackError, never trap', () => {
  const random = rng(20171231);
  let loaded = 0;
  let rejected = 0;
  for (let i = 0; i < 400; i++) {
    const text = mutate(PACK, random);
    try {
      const pack = Pack.fromYaml(text, 'mutated.yaml');
      pack.requirements();
      loaded++;
    } catch (e) {
      assert.ok(!isTrap(e), `trap on mutation ${i}: ${e.message}\n${text}`);
      assert.equal(e.name, 'PackError', `${e.name}: ${e.message}`);
      assert.ok(e.diagnostics.length >= 1);
      for (const d of e.diagnostics) assert.ok(Number.isInteger(d.line) && Number.isInteger(d.column) && d.message, JSON.stringify(d));
      rejected++;
    }
  }
  assert.ok(loaded > 0 && rejected > 0, `both outcomes occur (${loaded} loaded, ${rejected} rejected)`);
});

test('random report objects give a report or a ReportError, never trap', () => {
  const random = rng(42);
  const pack = Pack.builtin();
  const ids = pack.questions().map((q) => q.id);
  const services = [...pack.services().map((s) => s.id), '', 'jourhemm', 42];
  const dates = ['2017-12-31', '2025-07-01', '', '2017-13-01', 20171231, null];
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const report = {
      provider: random() < 0.9 ? 'P1' : randomValue(random, ids),
      service: services[Math.floor(random() * services.length)],
      date: dates[Math.floor(random() * dates.length)],
      answers: random() < 0.9 ? randomValue(random, ids) : randomValue(random, ids, 3),
    };
    if (random() < 0.1) report.contract = randomValue(random, ids, 3);
    for (const call of [() => pack.check(report), () => pack.formState(report)]) {
      try {
        const result = call();
        assert.equal(typeof result, 'object');
        checked++;
      } catch (e) {
        assert.ok(!isTrap(e), `trap on report ${i}: ${e.message}`);
        assert.equal(e.name, 'ReportError', `${e.name}: ${e.message}`);
        assert.ok(e.problems.length >= 1);
      }
    }
  }
  assert.ok(checked > 0);
  const ok = pack.check({ provider: 'P1', service: 'jourhem', date: '2017-12-31', answers: { personal: { antal: 4, med_examen: 4 } } });
  assert.equal(ok.verdicts.find((v) => v.requirement === 'utbildningsniva_jourhem').verdict, 'met');
});
