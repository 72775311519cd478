// Nothing lost, through JS: the batch of tests/nothing-lost/reports.json (300 report files,
// every tenth broken ten ways; the format by the name's extension), read by the core test
// crates/granska-summary/tests/nothing_lost.rs too. Every file goes through checkJson / checkYaml in a
// loop: the 270 readable ones are evaluated with exactly their answer issues, the 30 broken
// ones throw a ReportError with the expected first problem code and provider — none is
// dropped, none stops the batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pack, root } from './granska.mjs';

const { reports } = JSON.parse(readFileSync(path.join(root, 'tests', 'nothing-lost', 'reports.json'), 'utf8'));

/** One file through the binding: `{report}` or `{error}`, never a throw of anything else. */
function checkFile(pack, { name, text }) {
  const check = name.endsWith('.json') ? (t) => pack.checkJson(t) : name.endsWith('.yaml') ? (t) => pack.checkYaml(t) : null;
  assert.ok(check, `${name}: a .json or .yaml name`);
  try {
    return { report: check(text) };
  } catch (e) {
    assert.equal(e.name, 'ReportError', `${name}: ${e.name}: ${e.message}`);
    return { error: e };
  }
}

test('300 report files, every tenth broken: 270 evaluated with their issues, 30 rejected with their reason', () => {
  const pack = Pack.builtin();
  const requirements = pack.requirements().length;
  assert.equal(reports.length, 300);
  let evaluated = 0;
  let rejected = 0;
  for (const [i, item] of reports.entries()) {
    const got = checkFile(pack, item);
    const expect = item.expect;
    if ('rejected' in expect) {
      assert.ok(got.error, `${item.name} is rejected`);
      assert.equal(got.error.problems[0].code, expect.rejected, `${item.name}: ${got.error.message}`);
      assert.equal(got.error.provider, expect.provider, `${item.name}: the provider, where readable`);
      assert.ok(got.error.message.length > 0, `${item.name}: a reason`);
      rejected++;
    } else {
      assert.ok(got.report, `${item.name} is evaluated: ${got.error?.message}`);
      assert.equal(got.report.provider, expect.provider, item.name);
      assert.deepEqual(got.report.issues.map((x) => [x.field, x.code]), expect.issues, `${item.name}: its answer issues`);
      assert.equal(got.report.verdicts.length, requirements, `${item.name}: a verdict per requirement`);
      evaluated++;
    }
    assert.equal('rejected' in expect, i % 10 === 9, `${item.name}: every tenth is broken`);
  }
  assert.deepEqual([evaluated, rejected], [270, 30]);
});

test('the same batch as bytes (a browser File) gives the same outcomes', () => {
  const pack = Pack.builtin();
  const encoder = new TextEncoder();
  for (const item of reports) {
    const asText = checkFile(pack, item);
    const asBytes = checkFile(pack, { name: item.name, text: encoder.encode(item.text) });
    assert.deepEqual(asBytes.report ?? asBytes.error.problems, asText.report ?? asText.error.problems, item.name);
  }
});

test('JSON.parse then check loses what checkJson keeps: a duplicate key is read, not rejected', () => {
  const pack = Pack.builtin();
  const duplicate = reports.find((r) => r.name.endsWith('.json') && r.expect.rejected === 'syntax' && /"ledning\.riskanalys": true, "ledning\.riskanalys"/.test(r.text));
  assert.ok(duplicate, 'the batch has a JSON report with a duplicate key');
  assert.throws(() => pack.checkJson(duplicate.text), (e) => e.name === 'ReportError' && /appears twice/.test(e.message));
  const lax = pack.check(JSON.parse(duplicate.text));
  assert.equal(lax.provider, 'B5', 'JSON.parse kept the last value and the report was read');
});
