// The bad-input corpus (tests/bad-input/) through the JS API, compared with the same
// `<case>.expected` snapshots crates/granska-summary/tests/bad_input.rs compares the core with, in the
// same text format: packs through `Pack.fromYaml(text, name)` (name = the repository-relative
// path, so diagnostics read alike), report files through `checkJson` / `checkYaml` on their
// bytes. Cases JS cannot give the same input are an explicit list, with the reason; the CSV
// survey exports (tests/bad-input/csv/) are not read by the WebAssembly package at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Pack, root } from './granska.mjs';

const corpus = path.join(root, 'tests', 'bad-input');

/** The cases of a folder, as bad_input.rs picks them: files, no snapshots, no `_` includes, no pack.yaml. */
function cases(folder) {
  const dir = path.join(corpus, folder);
  return readdirSync(dir)
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .filter((f) => !f.endsWith('.expected') && !f.endsWith('.md') && f !== 'pack.yaml' && !f.startsWith('_'))
    .sort();
}

const expected = (folder, name) => readFileSync(path.join(corpus, folder, `${name}.expected`), 'utf8');

/** A diagnostic as its Rust `Display` writes it. */
function display(d) {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}${d.hint === null ? '' : ` (hint: ${d.hint})`}`;
}

/** A string as Rust's `Debug` writes it. */
function rustDebug(s) {
  const escaped = [...s].map((c) => {
    const special = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' }[c];
    if (special) return special;
    const code = c.codePointAt(0);
    return code < 0x20 || (code >= 0x7f && code < 0xa0) ? `\\u{${code.toString(16)}}` : c;
  });
  return `"${escaped.join('')}"`;
}

/** What bad_input.rs's `pack_outcome` writes, through `Pack.fromYaml`. */
function packOutcome(name) {
  const rel = `tests/bad-input/packs/${name}`;
  try {
    const pack = Pack.fromYaml(readFileSync(path.join(root, rel), 'utf8'), rel);
    return `ok: ${pack.questions().length} questions, ${pack.requirements().length} requirements\n`;
  } catch (e) {
    assert.equal(e.name, 'PackError', `${name}: ${e.name}: ${e.message}`);
    return e.diagnostics.map((d) => `${display(d)}\n`).join('');
  }
}

/** What bad_input.rs's `report_outcome` writes, through `checkJson` / `checkYaml` on the file's bytes. */
function reportOutcome(pack, name) {
  const bytes = new Uint8Array(readFileSync(path.join(corpus, 'reports', name)));
  const check = /\.json$/i.test(name) ? (b) => pack.checkJson(b) : /\.ya?ml$/i.test(name) ? (b) => pack.checkYaml(b) : null;
  assert.ok(check, `${name}: the format comes from the extension`);
  try {
    const report = check(bytes);
    let out = `read (provider ${report.provider}):\n`;
    for (const i of report.issues) out += `  ${i.field} [${i.code}] ${i.message.en}\n`;
    for (const v of report.verdicts) out += `  => ${v.requirement} ${v.verdict}\n`;
    return out;
  } catch (e) {
    assert.equal(e.name, 'ReportError', `${name}: ${e.name}: ${e.message}`);
    let out = `rejected (provider ${e.provider === null ? 'None' : `Some(${rustDebug(e.provider)})`}):\n`;
    for (const p of e.problems) out += `  ${p.field} [${p.code}] ${p.message.en}\n`;
    return out;
  }
}

/** Compares every case with its snapshot; all mismatches at once, as bad_input.rs does. */
function compare(folder, names, outcome) {
  const failures = [];
  for (const name of names) {
    const got = outcome(name);
    const want = expected(folder, name);
    if (got !== want) failures.push(`--- ${folder}/${name}\n=== expected:\n${want}=== got:\n${got}`);
  }
  assert.equal(failures.length, 0, `${failures.length} of ${names.length} cases differ:\n${failures.join('\n')}`);
}

/** Pack cases JS cannot give as the Rust test does, and why. */
const PACKS_SKIPPED = {
  'include-cycle-a.yaml': 'includes a file on disk; a pack given as text may include only `builtin:` packs',
  'include-missing.yaml': 'includes a file on disk; a pack given as text may include only `builtin:` packs',
  'includes-itself.yaml': 'includes a file on disk; a pack given as text may include only `builtin:` packs',
  'invalid-utf8.yaml': 'not UTF-8: `fromYaml` takes a JS string, which cannot hold the invalid bytes',
  'utf16.yaml': 'not UTF-8: `fromYaml` takes a JS string, which cannot hold the invalid bytes',
  'windows-1252.yaml': 'not UTF-8: `fromYaml` takes a JS string, which cannot hold the invalid bytes',
};

test('bad packs through Pack.fromYaml give the Rust snapshots', () => {
  const all = cases('packs');
  const skipped = all.filter((n) => n in PACKS_SKIPPED);
  assert.deepEqual(skipped, Object.keys(PACKS_SKIPPED).sort(), 'the skip list names cases that exist');
  const run = all.filter((n) => !(n in PACKS_SKIPPED));
  assert.ok(run.length >= 40, `${run.length} pack cases`);
  compare('packs', run, packOutcome);
});

test('the skipped pack cases: includes of files are refused, non-UTF-8 text decoded lossily loads or is refused', () => {
  for (const name of ['include-cycle-a.yaml', 'include-missing.yaml', 'includes-itself.yaml']) {
    const rel = `tests/bad-input/packs/${name}`;
    const e = (() => {
      try {
        Pack.fromYaml(readFileSync(path.join(root, rel), 'utf8'), rel);
      } catch (err) {
        return err;
      }
      return null;
    })();
    assert.ok(e && e.name === 'PackError', name);
    const include = e.diagnostics.filter((d) => d.code === 'include');
    assert.ok(include.some((d) => d.message === 'a pack given as text can include only built-in packs (`builtin:…`)' && d.file === rel && d.line > 0), `${name}: ${e.message}`);
  }
  // What a browser gets reading such a file as text (`File.text()` decodes with U+FFFD).
  for (const name of ['invalid-utf8.yaml', 'utf16.yaml', 'windows-1252.yaml']) {
    const text = new TextDecoder().decode(readFileSync(path.join(corpus, 'packs', name)));
    try {
      Pack.fromYaml(text, name);
    } catch (e) {
      assert.equal(e.name, 'PackError', `${name}: ${e.message}`);
    }
  }
});

test('bad report files through checkJson / checkYaml on their bytes give the Rust snapshots', () => {
  const pack = Pack.fromYaml(readFileSync(path.join(corpus, 'reports', 'pack.yaml'), 'utf8'), 'tests/bad-input/reports/pack.yaml');
  const run = cases('reports');
  assert.ok(run.length >= 30, `${run.length} report cases`);
  compare('reports', run, (name) => reportOutcome(pack, name));
});

test('report files as text give what their bytes give, when the text is the same', () => {
  const pack = Pack.fromYaml(readFileSync(path.join(corpus, 'reports', 'pack.yaml'), 'utf8'), 'pack.yaml');
  for (const name of cases('reports')) {
    const bytes = readFileSync(path.join(corpus, 'reports', name));
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (!Buffer.from(text, 'utf8').equals(bytes)) continue; // not UTF-8: only bytes say so
    const check = name.endsWith('.json') ? (x) => pack.checkJson(x) : (x) => pack.checkYaml(x);
    const outcome = (x) => {
      try {
        return JSON.stringify(check(x));
      } catch (e) {
        return `${e.name} ${JSON.stringify(e.problems)}`;
      }
    };
    assert.equal(outcome(text), outcome(bytes), name);
    assert.equal(outcome(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)), outcome(bytes), `${name} as an ArrayBuffer`);
  }
});
