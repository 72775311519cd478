// Keeps the provider's work on the questionnaire page: a draft in the browser's own storage
// (localStorage, never sent anywhere), the answers downloaded as a report file — JSON or YAML,
// exactly what `granska check` reads — and such a file opened again. The report date
// defaults to the last day of the previous year in January–March, else of the current year.
// app.js calls `defaultReportDate`, `saveDraft` on every change, `loadDraft` at start, and
// `installDraft` with how to read and apply the page's report.

const KEY = 'granska-draft';

const TEXTS = {
  sv: {
    heading: 'Spara och öppna',
    json: 'Ladda ner rapporten (JSON)',
    yaml: 'Ladda ner rapporten (YAML)',
    open: 'Öppna en rapportfil',
    clear: 'Töm utkastet',
    saved: 'Utkastet sparas i den här webbläsaren och skickas ingenstans.',
    opened: (name) => `Öppnade ${name}.`,
    bad: (name, why) => `${name} kan inte öppnas: ${why}`,
    yamlOnly: 'bara YAML som sidan själv skriver kan öppnas här; öppna JSON-filen i stället',
  },
  en: {
    heading: 'Save and open',
    json: 'Download the report (JSON)',
    yaml: 'Download the report (YAML)',
    open: 'Open a report file',
    clear: 'Clear the draft',
    saved: 'The draft is kept in this browser and sent nowhere.',
    opened: (name) => `Opened ${name}.`,
    bad: (name, why) => `${name} cannot be opened: ${why}`,
    yamlOnly: 'only YAML this page writes can be opened here; open the JSON file instead',
  },
};

/** The default report date (YYYY-MM-DD) on `now`: 31 December of the previous year in
 * January–March, else of the current year. */
export function defaultReportDate(now = new Date()) {
  const year = now.getMonth() < 3 ? now.getFullYear() - 1 : now.getFullYear();
  return `${year}-12-31`;
}

/** Saves the page's report as the draft; storage that is full or refused is ignored. */
export function saveDraft(report) {
  try {
    localStorage.setItem(KEY, JSON.stringify(report));
  } catch {
    // Private browsing or a full storage: the page works without a draft.
  }
}

/** The saved draft, or null. */
export function loadDraft() {
  try {
    const text = localStorage.getItem(KEY);
    const draft = text ? JSON.parse(text) : null;
    return draft && typeof draft === 'object' && !Array.isArray(draft) ? draft : null;
  } catch {
    return null;
  }
}

export function clearDraft() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing to clear.
  }
}

/** A value as YAML: JSON's scalars and flow collections are YAML too (strings double-quoted,
 * so `no`, `0180` and dates stay texts as written). */
const yamlValue = (v) => JSON.stringify(v);

/** The report as YAML: the report fields, then `answers:` with one line per question. */
export function toYaml(report) {
  const lines = [];
  for (const [k, v] of Object.entries(report)) {
    if (k === 'answers') continue;
    lines.push(`${k}: ${yamlValue(v)}`);
  }
  lines.push('answers:');
  for (const [id, v] of Object.entries(report.answers ?? {})) lines.push(`  ${yamlValue(id)}: ${yamlValue(v)}`);
  return `${lines.join('\n')}\n`;
}

/** Reads YAML that `toYaml` wrote (a JSON value after each key); throws otherwise. */
export function fromYaml(text, why) {
  const report = {};
  let answers = null;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    const nested = raw.startsWith('  ');
    const m = raw.trim().match(/^("(?:[^"\\]|\\.)*"|[A-Za-z_][\w.]*):\s*(.*)$/);
    if (!m) throw new Error(why);
    const key = m[1].startsWith('"') ? JSON.parse(m[1]) : m[1];
    if (!nested && key === 'answers' && m[2] === '') {
      answers = {};
      report.answers = answers;
      continue;
    }
    let value;
    try {
      value = JSON.parse(m[2]);
    } catch {
      throw new Error(why);
    }
    if (nested) {
      if (!answers) throw new Error(why);
      answers[key] = value;
    } else report[key] = value;
  }
  return report;
}

/** A report's answers with nested groups (`{"ledning": {"riskanalys": true}}`, as report
 * files may write them) flattened to question ids (`ledning.riskanalys`), as the page keeps
 * them. */
export function flatAnswers(answers, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(answers ?? {})) {
    const id = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatAnswers(v, id, out);
    else out[id] = v;
  }
  return out;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Adds the save and open controls to `container`. `getReport()` gives the page's report,
 * `applyReport(report)` puts one on the page, `checkText(text, yaml)` throws when granska
 * cannot read a report file, `lang()` is the page's language. */
export function installDraft({ container, getReport, applyReport, checkText, lang }) {
  const t = () => TEXTS[lang()] ?? TEXTS.sv;
  const fileName = (ext) => {
    const r = getReport();
    return `rapport-${r.service || 'utkast'}-${r.date || ''}.${ext}`.replace(/[^\w.-]/g, '_');
  };
  const status = document.createElement('p');
  status.className = 'help';
  status.id = 'draft-status';
  status.setAttribute('role', 'status');
  const button = (id, onclick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.id = id;
    b.addEventListener('click', onclick);
    return b;
  };
  const json = button('draft-json', () => download(fileName('json'), 'application/json', `${JSON.stringify(getReport(), null, 2)}\n`));
  const yaml = button('draft-yaml', () => download(fileName('yaml'), 'application/yaml', toYaml(getReport())));
  const clear = button('draft-clear', () => {
    clearDraft();
    status.textContent = '';
  });
  const label = document.createElement('label');
  label.htmlFor = 'draft-open';
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'draft-open';
  input.accept = '.json,.yaml,.yml';
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    const isYaml = /\.ya?ml$/i.test(file.name);
    try {
      checkText(text, isYaml);
      const report = isYaml ? fromYaml(text, t().yamlOnly) : JSON.parse(text);
      applyReport({ ...report, answers: flatAnswers(report.answers) });
      status.textContent = t().opened(file.name);
    } catch (e) {
      const why = e?.problems?.length ? e.problems.map((p) => p.message?.[lang()] ?? p.message?.sv ?? '').join('; ') : e?.message ?? String(e);
      status.textContent = t().bad(file.name, why);
    }
    input.value = '';
  });
  const heading = document.createElement('h2');
  heading.id = 'draft-heading';
  container.setAttribute('aria-labelledby', 'draft-heading');
  container.replaceChildren(heading, json, yaml, label, input, clear, status);
  const render = () => {
    heading.textContent = t().heading;
    json.textContent = t().json;
    yaml.textContent = t().yaml;
    label.textContent = t().open;
    clear.textContent = t().clear;
    if (!status.textContent) status.textContent = t().saved;
  };
  render();
  return { render };
}
