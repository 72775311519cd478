// Seeded random input through the JS API: mutated pack texts and random report objects must
// give a pack, a report or a named JS error — never a WebAssembly trap — and the module must
// keep working afterwards. Deterministic (a fixed seed), so a failure reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pack, Runtime, compiled, root } from './granska.mjs';

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
  const pack = Runtime.builtin();
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

// ------------------------------------------------------------------------------------------
// The deepest error paths, case by case: each gives a report, an answer issue, or a named JS
// Error (PackError, ReportError, TypeError, GranskaError) with a message — never a
// WebAssembly.RuntimeError — and the module keeps working afterwards.

const SMALL = `pack: { id: t, title: { sv: T, en: T } }
questions:
  - { id: n, type: integer, label: { sv: N, en: N } }
  - { id: t, type: text, label: { sv: T, en: T } }
  - { id: x, type: bool, label: { sv: X, en: X } }
requirements:
  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, require: "n > 0", message: { sv: M, en: M } }
`;
/** The small pack in the runtime module, where reports are checked; in the authoring module for YAML report files and the panic tests (which restart that module). */
const small = () => compiled(Pack.fromYaml(SMALL, 'small.yaml'));
const smallAuthoring = () => Pack.fromYaml(SMALL, 'small.yaml');
const base = (answers) => ({ provider: 'P1', service: 's', date: '2017-12-31', answers });

/** The error `f` throws (failing if it returns), after checking it is a named JS Error, not a trap. */
function thrown(f, label) {
  try {
    f();
  } catch (e) {
    assert.ok(!isTrap(e), `${label}: a WebAssembly trap: ${e.message}`);
    assert.ok(e instanceof Error && e.message.length > 0, `${label}: a JS Error with a message`);
    return e;
  }
  assert.fail(`${label}: no exception`);
}

/** The module still loads packs and checks reports. */
function stillWorks() {
  const report = small().check(base({ n: 2 }));
  assert.equal(report.verdicts[0].verdict, 'met');
}

function deep(levels) {
  const top = {};
  let at = top;
  for (let i = 0; i < levels; i++) at = at.a = {};
  return top;
}

const issuesOf = (answers) => small().check(base(answers)).issues.map((i) => [i.field, i.code, i.value]);

test('reports nested 10,000 deep, as an answer and as the report, are ReportErrors saying where', () => {
  const pack = small();
  for (const [label, report] of [['answer', base({ n: deep(10_000) })], ['report', deep(10_000)], ['array', base({ n: JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) })]]) {
    const e = thrown(() => pack.check(report), label);
    assert.equal(e.name, 'ReportError', label);
    assert.match(e.message, /nests deeper than 127 levels/, label);
  }
  // Within the JSON reader's depth, deep nesting is just a wrong answer.
  assert.deepEqual(issuesOf({ n: deep(100) }).map((i) => i[1]), ['wrong-type']);
  stillWorks();
});

test('cyclic objects and arrays are ReportErrors', () => {
  const cyclic = base({});
  cyclic.answers.self = cyclic;
  const array = [];
  array.push(array);
  for (const report of [cyclic, base({ n: array })]) {
    const e = thrown(() => small().check(report), 'cycle');
    assert.equal(e.name, 'ReportError');
    assert.match(e.message, /circular/);
    assert.ok(e.cause instanceof TypeError, 'the cause is what JSON.stringify threw');
  }
  stillWorks();
});

test('numbers JSON cannot hold are answer issues: NaN, ±Infinity as text, 2**70 too large; -0 is 0', () => {
  assert.deepEqual(issuesOf({ n: NaN }), [['n', 'wrong-type', 'NaN']]);
  assert.deepEqual(issuesOf({ n: Infinity }), [['n', 'wrong-type', 'Infinity']]);
  assert.deepEqual(issuesOf({ n: -Infinity }), [['n', 'wrong-type', '-Infinity']]);
  assert.deepEqual(issuesOf({ n: new Number(NaN) }), [['n', 'wrong-type', 'NaN']], 'a boxed number as its value');
  assert.deepEqual(issuesOf({ n: 2 ** 70 }).map((i) => i.slice(0, 2)), [['n', 'out-of-range']]);
  assert.deepEqual(issuesOf({ n: -0 }), []);
  assert.equal(small().check(base({ n: -0 })).verdicts[0].verdict, 'not_met');
  stillWorks();
});

test('BigInt answers are read exactly: small ones are answers, 2n**70n is too large', () => {
  assert.deepEqual(issuesOf({ n: 5n }), []);
  assert.equal(small().check(base({ n: 5n })).verdicts[0].verdict, 'met');
  assert.deepEqual(issuesOf({ n: 2n ** 70n }).map((i) => i.slice(0, 2)), [['n', 'out-of-range']]);
  assert.deepEqual(issuesOf({ n: -(2n ** 70n) }).map((i) => i.slice(0, 2)), [['n', 'out-of-range']]);
  stillWorks();
});

test('values with no JSON form are TypeErrors naming where: symbols, functions, Map, Set, Date, typed arrays', () => {
  const cases = [
    [Symbol('s'), /answers\.n: a symbol cannot be an answer/],
    [() => 1, /answers\.n: a function cannot be an answer/],
    [new Map([['a', 1]]), /answers\.n: a Map .*plain object/],
    [new Set([1]), /answers\.n: a Set .*array/],
    [new Date('2017-12-31'), /answers\.n: a Date .*YYYY-MM-DD/],
    [new Date(NaN), /answers\.n: a Date/],
    [new Uint8Array(3), /answers\.n: a Uint8Array/],
    [new Float64Array(1), /answers\.n: a Float64Array/],
    [new ArrayBuffer(4), /answers\.n: a ArrayBuffer/],
    [/x/, /answers\.n: a RegExp/],
  ];
  for (const [value, message] of cases) {
    const e = thrown(() => small().check(base({ n: value })), String(message));
    assert.ok(e instanceof TypeError, `${message}: ${e.name}`);
    assert.match(e.message, message);
  }
  const e = thrown(() => small().check({ ...base({}), date: new Date() }), 'a Date as the report date');
  assert.ok(e instanceof TypeError && /^date: a Date/.test(e.message), e.message);
  const inList = thrown(() => small().check(base({ n: [1, Symbol('s')] })), 'in a list');
  assert.match(inList.message, /answers\.n\[1\]: a symbol/);
  // undefined is "not answered", as JSON.stringify has it.
  assert.deepEqual(issuesOf({ n: undefined }), []);
  stillWorks();
});

test('getters that throw and hostile Proxy objects are ReportErrors with the thrown value as cause; plain Proxy objects are read', () => {
  const boom = new Error('boom');
  const getter = base({ get n() { throw boom; } });
  let e = thrown(() => small().check(getter), 'getter');
  assert.equal(e.name, 'ReportError');
  assert.match(e.message, /boom/);
  assert.equal(e.cause, boom);
  e = thrown(() => small().check(base({ get n() { throw 42; } })), 'a getter throwing a number');
  assert.equal(e.name, 'ReportError');
  assert.equal(e.cause, 42);
  const proxied = new Proxy(base({ n: 3 }), {});
  assert.equal(small().check(proxied).verdicts[0].verdict, 'met');
  assert.equal(small().check(base(new Proxy({ n: 3 }, {}))).verdicts[0].verdict, 'met');
  for (const trap of ['get', 'ownKeys', 'getOwnPropertyDescriptor']) {
    const hostile = new Proxy(base({ n: 3 }), { [trap]() { throw new Error(`trap ${trap}`); } });
    e = thrown(() => small().check(hostile), trap);
    assert.equal(e.name, 'ReportError', trap);
  }
  // A getter that frees the pack being used, or checks another report with it, while it reads.
  const pack = small();
  e = thrown(() => pack.check(base({ get n() { pack.free(); return 1; } })), 'free while checking');
  assert.equal(e.name, 'ReportError');
  assert.match(e.message, /borrowed/);
  assert.ok(!isTrap(thrown(() => pack.check(base({ n: 1 })), 'after the free')));
  const reentrant = small();
  assert.deepEqual(reentrant.check(base({ get n() { return reentrant.check(base({ n: 1 })).counts.met; } })).issues, []);
  const { proxy, revoke } = Proxy.revocable(base({ n: 3 }), {});
  revoke();
  e = thrown(() => small().check(proxy), 'revoked');
  assert.ok(e.name === 'ReportError' || e instanceof TypeError, e.name);
  stillWorks();
});

test('lone surrogates become U+FFFD; a 70 KB text is too long; __proto__ keys are unknown questions', () => {
  assert.deepEqual(issuesOf({ t: 'a\ud800b', n: 1 }), []);
  const read = small().check({ ...base({ t: 'x' }), provider: 'P\udc00' });
  assert.equal(read.provider, 'P\ufffd');
  assert.deepEqual(issuesOf({ 'n\ud800': 1 }).map((i) => i.slice(0, 2)), [['n\ufffd', 'unknown-question']], 'in a key too');
  assert.deepEqual(issuesOf({ t: '\\\ud800' }), [], 'after a backslash');
  const long = 'å'.repeat(35_000);
  assert.deepEqual(issuesOf({ t: long }).map((i) => i.slice(0, 2)), [['t', 'too-long']]);
  const e = thrown(() => small().check({ ...base({}), provider: 'x'.repeat(70_000) }), 'a 70 KB provider');
  assert.equal(e.name, 'ReportError');
  assert.equal(e.problems[0].code, 'too-long');
  const proto = JSON.parse('{"provider": "P1", "service": "s", "date": "2017-12-31", "__proto__": {"n": 1}, "answers": {"__proto__": 1, "n": 1}}');
  const report = small().check(proto);
  assert.deepEqual(report.issues.map((i) => [i.field, i.code]), [['__proto__', 'unknown-question'], ['__proto__', 'unknown-question']]);
  assert.equal(Object.getPrototypeOf(report.issues[0]), Object.prototype, 'results are plain objects');
  assert.equal(small().checkJson('{"provider": "P1", "service": "s", "date": "2017-12-31", "answers": {"__proto__": 1}}').issues[0].field, '__proto__');
  stillWorks();
});

/** An alias bomb as one YAML flow value: 9^7 leaves from 70 nodes. */
const BOMB = `[&a [x, x, x, x, x, x, x, x, x], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a], &c [*b, *b, *b, *b, *b, *b, *b, *b, *b], &d [*c, *c, *c, *c, *c, *c, *c, *c, *c], &e [*d, *d, *d, *d, *d, *d, *d, *d, *d], &f [*e, *e, *e, *e, *e, *e, *e, *e, *e], [*f, *f, *f, *f, *f, *f, *f, *f, *f]]`;

test('a YAML alias bomb through fromYaml and checkYaml is a located error', () => {
  let e = thrown(() => Pack.fromYaml(SMALL.replace('{ id: x, type: bool,', `{ id: x, required: ${BOMB}, type: bool,`), 'bomb.yaml'), 'fromYaml');
  assert.equal(e.name, 'PackError');
  assert.match(e.diagnostics[0].message, /YAML bomb/);
  e = thrown(() => smallAuthoring().checkYaml(`provider: P1\nservice: s\ndate: 2017-12-31\nanswers:\n  t: ${BOMB}\n`), 'checkYaml');
  assert.equal(e.name, 'ReportError');
  assert.match(e.message, /YAML bomb/);
  stillWorks();
});

/** SMALL with its requirement's `require` replaced. */
const requiring = (expr) => SMALL.replace('"n > 0"', JSON.stringify(expr));

test('10,000-deep expressions and brackets through fromYaml are PackErrors; at the length limit nothing overflows on wasm32', () => {
  const tooLong = [
    `${'('.repeat(10_000)}x${')'.repeat(10_000)}`,
    `${'not '.repeat(10_000)}x`,
    `${'- '.repeat(10_000)}n > 0`,
    `${'abs('.repeat(10_000)}n${')'.repeat(10_000)} > 0`,
    `${'if x then x else '.repeat(10_000)}x`,
  ];
  for (const expr of tooLong) {
    const e = thrown(() => Pack.fromYaml(requiring(expr)), expr.slice(0, 20));
    assert.equal(e.name, 'PackError');
    assert.match(e.diagnostics[0].message, /expression is \d+ bytes long; the limit is 4096/);
  }
  // The deepest expressions the default length limit lets through: pest has no stack guard
  // on wasm32, so this limit is what bounds its recursion there.
  const longest = [
    [`${'not '.repeat(1023)}x`, /nests deeper than 64 levels/],
    [`${'- '.repeat(2040)}n > 0`, /nests deeper than 64 levels/],
    [`${'-'.repeat(4080)}n > 0`, /nests deeper than 64 levels|syntax|expected/],
    [`${'if x then x else '.repeat(240)}x`, /nests/],
    [`${'('.repeat(2047)}x${')'.repeat(2047)}`, /brackets nest deeper than 64 levels/],
    [`${'['.repeat(2047)}x${']'.repeat(2047)}`, /./],
    [`n${' + n'.repeat(1020)} > 0`, /nests deeper than 64 levels/],
    [`${'len('.repeat(815)}t${')'.repeat(815)} > 0`, /./],
  ];
  for (const [expr, message] of longest) {
    assert.ok(expr.length <= 4096, `${expr.slice(0, 12)}: ${expr.length} bytes`);
    const e = thrown(() => Pack.fromYaml(requiring(expr)), expr.slice(0, 20));
    assert.equal(e.name, 'PackError', `${expr.slice(0, 20)}: ${e.message}`);
    assert.match(e.diagnostics.map((d) => d.message).join('\n'), message, expr.slice(0, 20));
  }
  stillWorks();
});

test('a chain of 10,000 derived values is a PackError, in either order', () => {
  for (const reverse of [false, true]) {
    const defs = Array.from({ length: 10_000 }, (_, i) => (i === 0 ? '  - { id: d0, expr: "n" }' : `  - { id: d${i}, expr: "d${i - 1} + 1" }`));
    if (reverse) defs.reverse();
    const yaml = SMALL.replace('requirements:', `derived:\n${defs.join('\n')}\nrequirements:`).replace('"n > 0"', '"d9999 > 0"');
    const e = thrown(() => Pack.fromYaml(yaml), `chain reverse=${reverse}`);
    assert.equal(e.name, 'PackError');
    assert.ok(e.diagnostics.every((d) => d.code === 'limit'), e.message);
    assert.match(e.diagnostics[0].message, /derived values it uses/);
  }
  stillWorks();
});

test('report files of the wrong JS type are TypeErrors', () => {
  for (const bad of [undefined, null, 42, {}, [1], Symbol('s'), new Uint16Array(2)]) {
    const e = thrown(() => small().checkJson(bad), String(bad?.toString?.()));
    assert.ok(e instanceof TypeError && /string, a Uint8Array or an ArrayBuffer/.test(e.message), e.message);
    assert.ok(thrown(() => smallAuthoring().checkYaml(bad), 'yaml') instanceof TypeError);
  }
  stillWorks();
});

test('a panic in granska throws a GranskaError with its message; the module restarts, objects made before refuse', async () => {
  const { __granskaPanicForTests: panic } = await import('./granska.mjs').then((m) => m.module);
  const before = smallAuthoring();
  const e = thrown(() => panic('the test panic'), 'panic');
  assert.equal(e.name, 'GranskaError');
  assert.match(e.message, /^internal error in granska, please report it: the test panic at bindings\/wasm\/src\/lib\.rs:\d+:\d+$/);
  // A new object works; an old one throws, every time, and freeing it does nothing.
  stillWorks();
  for (let i = 0; i < 2; i++) {
    const stale = thrown(() => before.check(base({ n: 1 })), 'stale');
    assert.equal(stale.name, 'GranskaError');
    assert.match(stale.message, /made before then/);
  }
  before.free();
  stillWorks();
  // The first call after a panic may be on an old object: it refuses and the module restarts.
  const old = smallAuthoring();
  thrown(() => panic('again'), 'panic');
  assert.equal(thrown(() => old.requirements(), 'stale first').name, 'GranskaError');
  stillWorks();
  for (let i = 0; i < 20; i++) thrown(() => panic(`panic ${i}`), 'many panics');
  stillWorks();
});
