// The runtime module (granska_runtime) beside the authoring module (granska_wasm): what the
// runtime has and lacks, compiled packs in and their errors, the same pack identity and the
// same verdicts in both, the compact `checkJson(…, { explain: false })` path, the `Form`
// object, and a pack with a pattern, which the runtime (built without pattern matching) refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Pack, Runtime, compiled, root } from './granska.mjs';

const reports = readdirSync(path.join(root, 'examples', 'reports'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, report: parseYaml(readFileSync(path.join(root, 'examples', 'reports', f), 'utf8')) }));

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('no exception');
}

test('the runtime module has the checking API and none of the YAML API', () => {
  for (const name of ['fromCompiled', 'builtin']) assert.equal(typeof Runtime[name], 'function', name);
  for (const name of ['fromYaml']) assert.equal(Runtime[name], undefined, name);
  const pack = Runtime.builtin();
  for (const name of ['check', 'checkJson', 'formState', 'form', 'contentHash', 'id', 'version', 'info', 'services', 'questions', 'requirements', 'parameters', 'warnings']) {
    assert.equal(typeof pack[name], 'function', name);
  }
  for (const name of ['withParams', 'withParamsYaml', 'checkYaml', 'toCompiled']) assert.equal(pack[name], undefined, name);
  const authoring = Pack.builtin();
  for (const name of ['withParams', 'withParamsYaml', 'checkYaml', 'toCompiled', 'contentHash', 'form']) assert.equal(typeof authoring[name], 'function', name);
});

test('both modules give the built-in pack the same identity and every example report the same verdicts', () => {
  const runtime = Runtime.builtin();
  const authoring = Pack.builtin();
  assert.match(runtime.contentHash(), /^[0-9a-f]{64}$/);
  assert.equal(runtime.contentHash(), authoring.contentHash());
  assert.equal(runtime.id(), 'granska');
  assert.equal(runtime.id(), authoring.id());
  assert.equal(runtime.version(), authoring.version());
  assert.equal(typeof runtime.version(), 'string');
  assert.deepEqual(runtime.info(), authoring.info());
  assert.deepEqual(runtime.questions(), authoring.questions());
  assert.ok(reports.length >= 5);
  for (const { name, report } of reports) {
    const a = authoring.check(report);
    assert.deepEqual(runtime.check(report), a, name);
    assert.equal(a.pack_content_hash, runtime.contentHash(), name);
    assert.deepEqual(runtime.formState(report), authoring.formState(report), name);
  }
  // A compiled pack made by the authoring module loads in the runtime with the same hash.
  const bytes = authoring.toCompiled();
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(bytes.slice(0, 12)), 'GRANSKA\0PACK');
  assert.equal(Runtime.fromCompiled(bytes).contentHash(), authoring.contentHash());
  assert.equal(Runtime.fromCompiled(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).contentHash(), authoring.contentHash(), 'an ArrayBuffer');
  // Parameters change the hash, in both modules alike.
  const strict = authoring.withParams({ 'oppenvard.andel_utbildning': 90 });
  assert.notEqual(strict.contentHash(), authoring.contentHash());
  assert.equal(compiled(strict).contentHash(), strict.contentHash());
});

test('fromCompiled refuses what is not a compiled pack this granska reads, saying why', () => {
  const bytes = Pack.builtin().toCompiled();
  const cases = [
    ['not-compiled', new TextEncoder().encode('pack: { id: x }\n'), /not a compiled granska pack/],
    ['truncated', bytes.slice(0, bytes.length - 10), /truncated/],
    ['truncated', bytes.slice(0, 5), /truncated/],
    ['corrupt', (() => { const b = bytes.slice(); b[200] ^= 0xff; return b; })(), /checksum/],
    ['version', (() => { const b = bytes.slice(); b[12] = 99; return b; })(), /newer granska \(format 99\)/],
    ['corrupt', new Uint8Array([...bytes, 0]), /after its checksum/],
  ];
  for (const [kind, input, words] of cases) {
    for (const Module of [Runtime, Pack]) {
      const e = thrown(() => Module.fromCompiled(input));
      assert.ok(e instanceof Error, kind);
      assert.equal(e.name, 'CompiledPackError', kind);
      assert.equal(e.kind, kind, `${kind}: ${e.message}`);
      assert.match(e.message, words);
    }
  }
  for (const bad of ['GRANSKA', 42, null, undefined, {}, [1, 2]]) {
    const e = thrown(() => Runtime.fromCompiled(bad));
    assert.ok(e instanceof TypeError && /Uint8Array or an ArrayBuffer/.test(e.message), String(bad));
  }
});

test('checkJson with { explain: false } gives the verdicts of the full report without explanations', () => {
  const pack = Runtime.builtin();
  for (const { name, report } of reports) {
    const json = JSON.stringify(report);
    const full = pack.checkJson(json);
    const compact = pack.checkJson(json, { explain: false });
    assert.deepEqual(Object.keys(compact).sort(), ['counts', 'date', 'issues', 'pack_content_hash', 'provider', 'service', 'verdicts']);
    assert.deepEqual(compact.verdicts, full.verdicts.map((v) => ({ requirement: v.requirement, verdict: v.verdict })), name);
    assert.deepEqual(compact.counts, full.counts, name);
    assert.deepEqual(compact.issues, full.issues, name);
    for (const key of ['provider', 'service', 'date', 'pack_content_hash']) assert.equal(compact[key], full[key], `${name}: ${key}`);
    // Bytes too; `explain: true` and no options are the full report.
    assert.deepEqual(pack.checkJson(new TextEncoder().encode(json), { explain: false }), compact);
    assert.deepEqual(pack.checkJson(json, { explain: true }), full);
    assert.deepEqual(pack.checkJson(json, {}), full);
    assert.deepEqual(pack.checkJson(json, null), full);
  }
  // A report that cannot be judged throws as the full path does.
  const e = thrown(() => pack.checkJson('{"provider": "P1", "date": "2017-12-31"}', { explain: false }));
  assert.equal(e.name, 'ReportError');
  assert.deepEqual(e.problems.map((p) => p.field), ['service']);
  for (const bad of [42, 'no', { explain: 'no' }, { explain: 0 }]) {
    const json = JSON.stringify(reports[0].report);
    assert.ok(thrown(() => pack.checkJson(json, bad)) instanceof TypeError, JSON.stringify(bad));
  }
});

test('a Form gives the changes of each answer set, and its state is formState of the answers so far', () => {
  const pack = Runtime.builtin();
  const start = { provider: 'P1', service: 'jourhem', date: '2017-12-31', answers: { personal: { antal: 10 } } };
  const form = pack.form(start);
  assert.deepEqual(form.state(), pack.formState(start));
  const answers = { 'personal.antal': 10 };
  const steps = [
    ['personal.med_examen', 6],
    ['personal.med_examen', 12],
    ['personal.med_examen', '5'],
    ['ledning.riskanalys', false],
    ['ledning.riskanalys', true],
    ['personal.antal', null],
    ['personal.antal', 3],
    ['lex_sarah.rapporter', undefined],
  ];
  let previous = form.state();
  for (const [question, value] of steps) {
    const change = form.set(question, value);
    if (value === null || value === undefined) delete answers[question];
    else answers[question] = value;
    const want = pack.formState({ ...start, answers });
    assert.deepEqual(form.state(), want, `${question} = ${value}`);
    // The change holds what differs from the state before, and only that.
    const changed = want.verdicts.filter((v, i) => v.verdict !== previous.verdicts[i].verdict);
    assert.deepEqual(change.verdicts, changed, `${question} = ${value}: verdicts`);
    for (const key of ['relevant', 'missing', 'errors', 'undecided']) {
      if (JSON.stringify(want[key]) === JSON.stringify(previous[key])) assert.equal(change[key], undefined, `${question}: ${key} unchanged`);
      else assert.deepEqual(change[key], want[key], `${question}: ${key}`);
    }
    previous = want;
  }
  // The nested answer given at the start was replaced, not kept beside the new one.
  assert.deepEqual(form.report().answers, answers);
  // A constraint error, and its correction.
  assert.ok(form.set('personal.med_examen', 9).errors.some((e) => e.field === 'personal.med_examen' && e.code === 'constraint'));
  assert.deepEqual(form.set('personal.med_examen', 2).errors, []);
  // Values with no JSON form are TypeErrors; the question must be a string.
  assert.ok(thrown(() => form.set('personal.antal', Symbol('s'))) instanceof TypeError);
  assert.ok(thrown(() => form.set('personal.antal', new Map())) instanceof TypeError);
  assert.ok(thrown(() => form.set(42, 1)) instanceof TypeError);
  assert.deepEqual(form.state(), pack.formState({ ...start, answers: { ...answers, 'personal.med_examen': 2 } }), 'a refused value changes nothing');
  // A value nested past the report's depth limit: a ReportError, and the form as it was.
  let deep = 1;
  for (let i = 0; i < 200; i++) deep = [deep];
  const before = form.state();
  const e = thrown(() => form.set('personal.antal', deep));
  assert.ok(e.name === 'ReportError' || e instanceof TypeError, `${e.name}: ${e.message}`);
  assert.deepEqual(form.state(), before);
  assert.deepEqual(form.report().answers, { ...answers, 'personal.med_examen': 2 });
  assert.deepEqual(form.set('personal.med_examen', 2).verdicts, [], 'setting the same value changes nothing');
  // A report that cannot be judged cannot start a form.
  assert.equal(thrown(() => pack.form({ provider: 'P1', date: '2017-12-31' })).name, 'ReportError');
});

test('a compiled pack with a pattern loads in the authoring module and is refused by the runtime as unsupported, naming the item and the pattern', () => {
  const packWith = (where, pattern) => `pack: { id: monster, title: { sv: Mönster, en: Pattern } }
questions:
  - { id: orgnr, type: text, label: { sv: Organisationsnummer, en: Organisation number }${where === 'question' ? `, constraint: 'matches(., "${pattern}")', constraint_message: { sv: Fel form, en: Wrong form }` : ''} }
  - id: styrelse
    type: list
    label: { sv: Styrelse, en: Board }
    fields:
      - { id: pnr, type: text, label: { sv: Personnummer, en: Personal identity number } }
${where === 'derived' ? `derived:\n  - { id: formen, expr: 'matches(orgnr, "${pattern}")' }\n` : ''}requirements:
  - id: orgnr_form
    title: { sv: Organisationsnummer, en: Organisation number }
    source: "Exempel"
    severity: bor
    area: kunskapsbaserad
    require: '${where === 'requirement' ? `matches(orgnr, "${pattern}")` : where === 'derived' ? 'formen' : where === 'loop' ? `not any(s in styrelse, matches(s.pnr, "${pattern}"))` : 'answered(orgnr)'}'
    message: { sv: Fel form., en: Wrong form. }
${where.startsWith('indicator') ? `indicators:
  - id: orgnr_andel
    title: { sv: Organisationsnummer, en: Organisation number }
    kind: ${where === 'indicator-sum' ? 'sum' : 'share\n    denominator: { sv: Svarande, en: Respondents }'}
    ${where === 'indicator-count' ? `count: 'matches(orgnr, "${pattern}")'` : where === 'indicator-of' ? `count: 'answered(orgnr)'\n    of: 'matches(orgnr, "${pattern}")'` : `sum: 'count(s in styrelse, matches(s.pnr, "${pattern}"))'`}
` : ''}`;
  const report = (orgnr) => ({ provider: 'P1', service: 'alla', date: '2017-12-31', answers: { orgnr } });
  const cases = [
    ['requirement', '^[0-9]{6}-[0-9]{4}$', 'requirement `orgnr_form`'],
    ['requirement', '^\\\\d{6}-\\\\d{4}$', 'requirement `orgnr_form`'],
    ['requirement', '(?i)^ab$', 'requirement `orgnr_form`'],
    ['question', '^[0-9]+-[0-9]+$', 'question `orgnr`'],
    ['derived', '^[0-9]{10}$', 'derived value `formen`'],
    ['loop', '^[0-9]{8}-[0-9]{4}$', 'requirement `orgnr_form`'],
    ['indicator-count', '^[0-9]{6}-[0-9]{4}$', 'indicator `orgnr_andel`'],
    ['indicator-of', '^[0-9]{6}-[0-9]{4}$', 'indicator `orgnr_andel`'],
    ['indicator-sum', '^[0-9]{8}-[0-9]{4}$', 'indicator `orgnr_andel`'],
  ];
  for (const [where, pattern, item] of cases) {
    const authoring = Pack.fromYaml(packWith(where, pattern));
    const bytes = authoring.toCompiled();
    // The authoring module (built with pattern matching) loads the compiled pack and matches.
    const again = Pack.fromCompiled(bytes);
    assert.equal(again.contentHash(), authoring.contentHash(), pattern);
    for (const orgnr of ['556677-8899', 'ab', '5566778899']) assert.deepEqual(again.check(report(orgnr)), authoring.check(report(orgnr)), `${pattern} ${orgnr}`);
    // The runtime has no pattern matching: refused, never judged as unknown.
    const e = thrown(() => Runtime.fromCompiled(bytes));
    assert.equal(e.name, 'CompiledPackError', pattern);
    assert.equal(e.kind, 'unsupported', `${where} ${pattern}: ${e.message}`);
    assert.ok(e.message.includes(item), `${where} ${pattern}: ${e.message}`);
    assert.ok(e.message.includes(`the pattern \`${pattern.replaceAll('\\\\', '\\')}\``), `${pattern}: ${e.message}`);
    assert.match(e.message, /this build of granska (has no pattern matching|leaves out)/, pattern);
    assert.match(e.message, /authoring module/, pattern);
  }
  // A pack without a pattern is unaffected.
  const plain = Pack.fromYaml(packWith('none', ''));
  assert.deepEqual(compiled(plain).check(report('556677-8899')), plain.check(report('556677-8899')));
});

test('the runtime puts texts in NFC with the JS engine: decomposed answers, choices, keys and provider ids give the verdicts of composed ones', () => {
  const yaml = `pack: { id: nfc, title: { sv: Normalform, en: Normal form } }
services: [{ id: hem, label: { sv: Hem, en: Home } }]
questions:
  - { id: namn, type: text, label: { sv: Namn, en: Name } }
  - { id: kod, type: text, label: { sv: Kod, en: Code } }
  - id: grupp
    type: choice
    label: { sv: Grupp, en: Group }
    choices:
      - { value: sårbara, label: { sv: Sårbara, en: Vulnerable } }
      - { value: övriga, label: { sv: Övriga, en: Others } }
  - id: metoder
    type: choice
    multiple: true
    label: { sv: Metoder, en: Methods }
    choices:
      - { value: samtal, label: { sv: Samtal, en: Talks } }
      - { value: hembesök, label: { sv: Hembesök, en: Home visits } }
requirements:
  - { id: r_namn, title: { sv: Namn, en: Name }, source: Exempel, severity: bor, area: kunskapsbaserad, message: { sv: M, en: M }, require: "namn == 'Solgården'" }
  - { id: r_kod, title: { sv: Kod, en: Code }, source: Exempel, severity: bor, area: kunskapsbaserad, message: { sv: M, en: M }, require: "kod == 'Ω한'" }
  - { id: r_grupp, title: { sv: Grupp, en: Group }, source: Exempel, severity: bor, area: kunskapsbaserad, message: { sv: M, en: M }, require: "grupp == 'sårbara'" }
  - { id: r_metod, title: { sv: Metod, en: Method }, source: Exempel, severity: bor, area: kunskapsbaserad, message: { sv: M, en: M }, require: "'hembesök' in metoder" }
`;
  const authoring = Pack.fromYaml(yaml);
  const runtime = compiled(authoring);
  const report = (form, grupp) => {
    const n = (t) => t.normalize(form);
    return {
      provider: n('Solgården AB'),
      service: 'hem',
      date: '2017-12-31',
      // `kod` in the composed form is U+03A9 and one Hangul syllable; the ohm sign U+2126 and
      // the three jamo are other ways to write them, which NFC turns into those.
      answers: { namn: n('Solgården'), kod: form === 'NFC' ? 'Ω한' : '\u2126\u1112\u1161\u11ab', grupp: n(grupp), metoder: [n('hembesök')], [n('även_okänd')]: 1 },
    };
  };
  assert.equal('\u2126\u1112\u1161\u11ab'.normalize('NFC'), 'Ω한', 'the decomposed kod is the composed one in NFC');
  const verdicts = (r) => r.verdicts.map((v) => [v.requirement, v.verdict]).sort();
  for (const grupp of ['sårbara', 'Sårbara']) {
    const nfc = report('NFC', grupp);
    const nfd = report('NFD', grupp);
    assert.notEqual(JSON.stringify(nfd), JSON.stringify(nfc), 'the decomposed report is written otherwise');
    const want = runtime.check(nfc);
    assert.deepEqual(verdicts(want), [['r_grupp', 'met'], ['r_kod', 'met'], ['r_metod', 'met'], ['r_namn', 'met']], grupp);
    assert.deepEqual(verdicts(runtime.check(nfd)), verdicts(want), grupp);
    // The whole report as the authoring module (the engine's own tables) gives it.
    assert.deepEqual(runtime.check(nfd), authoring.check(nfd), grupp);
    assert.deepEqual(runtime.formState(nfd), authoring.formState(nfd), grupp);
    assert.equal(runtime.check(nfd).provider, 'Solgården AB', 'the provider id in NFC');
    // The same through JSON text, the decomposing marks written as `\u` escapes.
    const escaped = JSON.stringify(nfd).replace(/[\u0300-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.match(escaped, /a\\u030a/);
    // (The unknown key is quoted as the report wrote it, in both modules: compare the verdicts.)
    const compact = (text) => runtime.checkJson(text, { explain: false }).verdicts;
    assert.deepEqual(compact(escaped), compact(JSON.stringify(nfc)), grupp);
    assert.deepEqual(runtime.checkJson(escaped), authoring.checkJson(escaped), grupp);
    // A form filled in with decomposed texts.
    const form = runtime.form({ ...nfc, answers: {} });
    form.set('namn', 'Solga\u030arden');
    form.set('metoder', ['hembeso\u0308k']);
    assert.deepEqual(form.state(), runtime.formState({ ...nfc, answers: { namn: 'Solgården', metoder: ['hembesök'] } }));
  }
});
