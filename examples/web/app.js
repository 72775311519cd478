// The questionnaire page: renders the built-in pack's questions for the chosen service type,
// evaluates the answers with granska (WebAssembly, ./pkg) on every change, shows field errors
// inline and a live panel of requirement verdicts. All evaluation is local; this script makes
// no request other than loading its own modules and wasm files.
//
// It loads the runtime module (granska_runtime: compiled packs only, the built-in pack
// embedded compiled); the authoring module (granska_wasm: YAML packs and their diagnostics)
// is loaded only when a rule author tries a pack of their own. Timings are recorded with the
// User Timing API for the browser test: `granska:load` (module and built-in pack; of it
// `granska:builtin`, the built-in pack alone),
// `granska:evaluate` (one change: evaluation and the page updated) and the mark
// `granska:interactive` (the page answers input).
import init, { Pack } from './pkg/granska_runtime.js';
import { defaultReportDate, installDraft, loadDraft, saveDraft } from './draft.js';
import { installActions } from './actions.js';

/** The provider id of a report the page made up itself (no report file or plan named one). */
const PAGE_PROVIDER = 'webb';
/** The action plan on the page (actions.js), once installed. */
let actions = null;

/** The authoring module, loaded on first use. */
let authoring = null;
async function authoringModule() {
  if (!authoring) {
    const m = await import('./pkg/granska_wasm.js');
    await m.default();
    authoring = m;
  }
  return authoring;
}

/** UI texts, Swedish and English. Pack texts (labels, titles) carry their own translations. */
const UI = {
  sv: {
    skip: 'Hoppa till frågorna',
    eyebrow: 'Årlig uppföljning av utförare · barn och familj',
    title: 'Verksamhetsuppföljning',
    privacy: 'Svaren stannar i din webbläsare: de kontrolleras här och skickas ingenstans.',
    about: 'Om rapporten',
    service: 'Tjänstetyp',
    'choose-service': 'Välj tjänstetyp …',
    contract: 'Avtalsform',
    date: 'Rapportens datum',
    'date-help': 'Dagen uppgifterna gäller, oftast årets sista dag.',
    questions: 'Frågor',
    loading: 'Läser in regelpaketet …',
    'pick-service': 'Välj tjänstetyp ovan för att se frågorna.',
    progress: (answered, shown, missing) => `${answered} av ${shown} frågor besvarade` + (missing ? ` · ${missing} obligatoriska saknas` : ''),
    requirements: 'Krav',
    footer: 'granska – regelmotor för verksamhetsuppföljning. Bedömningen är ett stöd; kommunens uppföljning avgör.',
    lang: 'English',
    yes: 'Ja',
    no: 'Nej',
    choose: '– välj –',
    required: 'obligatorisk',
    missing: 'Obligatorisk fråga – inte besvarad ännu.',
    add: 'Lägg till rad',
    remove: 'Ta bort rad',
    row: (n) => `Rad ${n}`,
    none: 'Inga rader ännu.',
    source: 'Källa',
    decidedBy: 'Avgörs av',
    krav: 'Krav',
    bor: 'Bör',
    verdict: { met: 'Uppfyllt', not_met: 'Ej uppfyllt', unanswered: 'Ej avgjort', not_applicable: 'Gäller inte' },
    group: { not_met: 'Ej uppfyllda', unanswered: 'Ej avgjorda – svaren saknas', met: 'Uppfyllda', not_applicable: 'Gäller inte denna rapport' },
    summary: 'Sammanfattning',
    noReport: 'Rapporten kan inte bedömas ännu.',
    failed: 'Regelpaketet kunde inte läsas in:',
    contracts: { lov: 'LOV (kundval)', lou: 'LOU (upphandling)', egen_regi: 'Egen regi' },
    percent: 'procent',
    'own-pack': 'För regelförfattare: prova ett eget regelpaket',
    'pack-file': 'Regelpaket (YAML-fil)',
    'pack-file-help': 'Filen läses bara här i webbläsaren. Den kan inkludera de inbyggda filerna (builtin:…).',
    'pack-reset': 'Använd det inbyggda regelpaketet',
    packErrors: (n) => `Regelpaketet har ${n} fel och används inte:`,
    allQuestions: 'Alla frågor',
  },
  en: {
    skip: 'Skip to the questions',
    eyebrow: 'Annual follow-up of providers · children and families',
    title: 'Annual follow-up',
    privacy: 'Your answers stay in your browser: they are checked here and sent nowhere.',
    about: 'About the report',
    service: 'Service type',
    'choose-service': 'Choose a service type …',
    contract: 'Contract form',
    date: 'Report date',
    'date-help': 'The day the answers refer to, usually the last day of the year.',
    questions: 'Questions',
    loading: 'Loading the rule pack …',
    'pick-service': 'Choose a service type above to see the questions.',
    progress: (answered, shown, missing) => `${answered} of ${shown} questions answered` + (missing ? ` · ${missing} required missing` : ''),
    requirements: 'Requirements',
    footer: 'granska – a rule engine for the annual follow-up. The assessment is a guide; the municipality’s follow-up decides.',
    lang: 'Svenska',
    yes: 'Yes',
    no: 'No',
    choose: '– choose –',
    required: 'required',
    missing: 'Required question – not answered yet.',
    add: 'Add a row',
    remove: 'Remove row',
    row: (n) => `Row ${n}`,
    none: 'No rows yet.',
    source: 'Source',
    decidedBy: 'Decided by',
    krav: 'Must',
    bor: 'Should',
    verdict: { met: 'Met', not_met: 'Not met', unanswered: 'Undecided', not_applicable: 'Not applicable' },
    group: { not_met: 'Not met', unanswered: 'Undecided – answers missing', met: 'Met', not_applicable: 'Not applicable to this report' },
    summary: 'Summary',
    noReport: 'The report cannot be assessed yet.',
    failed: 'The rule pack could not be loaded:',
    contracts: { lov: 'LOV (client choice)', lou: 'LOU (procurement)', egen_regi: 'Run by the municipality' },
    percent: 'percent',
    'own-pack': 'For rule authors: try your own rule pack',
    'pack-file': 'Rule pack (YAML file)',
    'pack-file-help': 'The file is read only here in the browser. It may include the built-in files (builtin:…).',
    'pack-reset': 'Use the built-in rule pack',
    packErrors: (n) => `The rule pack has ${n} error(s) and is not used:`,
    allQuestions: 'All questions',
  },
};

const VERDICT_ORDER = ['not_met', 'unanswered', 'met', 'not_applicable'];

const state = {
  lang: 'sv',
  pack: null,
  info: null,
  /** Questions asked of the chosen service type, in order. */
  questions: [],
  /** Answers by question id: as typed (numbers as text), booleans, lists of values or records. */
  answers: {},
  /** Question ids touched by the user: a missing required answer is shown only once touched. */
  touched: new Set(),
  /** The report's provider id, when a report file or an action plan named it. */
  provider: null,
};

const $ = (id) => document.getElementById(id);
const t = () => UI[state.lang];
const text = (pair) => (pair ? pair[state.lang] ?? pair.sv : '');

/** An element with attributes and children (strings become text nodes; never HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/** A question id as an element id fragment (ids hold dots, which CSS selectors dislike). */
const domId = (id) => id.replace(/[^a-zA-Z0-9_-]/g, '-');

// ---------------------------------------------------------------------------------------------
// Static texts and meta fields

function renderStaticTexts() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-text]')) {
    const value = t()[node.dataset.text];
    if (typeof value === 'string') node.textContent = value;
  }
  const langButton = $('lang');
  langButton.textContent = t().lang;
  langButton.lang = state.lang === 'sv' ? 'en' : 'sv';
  if (state.info) {
    $('pack-title').textContent = text(state.info.title);
    document.title = `${text(state.info.title)} – granska`;
  }
}

function renderServices() {
  const select = $('service');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '', text: t()['choose-service'] }));
  const services = state.pack.services();
  for (const s of services) select.append(el('option', { value: s.id, text: text(s.label) }));
  // A pack without service types asks every report the same questions.
  if (services.length === 0) select.append(el('option', { value: 'alla', text: t().allQuestions }));
  select.value = chosen;
}

function renderContracts() {
  const select = $('contract');
  const chosen = select.value;
  const service = state.pack.services().find((s) => s.id === $('service').value);
  const contracts = service ? service.contracts : [];
  select.replaceChildren(...contracts.map((c) => el('option', { value: c, text: t().contracts[c] ?? c })));
  select.disabled = contracts.length <= 1;
  $('field-contract').hidden = contracts.length === 0;
  if (contracts.includes(chosen)) select.value = chosen;
}

// ---------------------------------------------------------------------------------------------
// Questions

/** Records an answer; `undefined` removes it. */
function setAnswer(id, value) {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0 && !isList(id))) delete state.answers[id];
  else state.answers[id] = value;
  state.touched.add(id);
}

/** Records an answer and re-evaluates. */
function answer(id, value) {
  setAnswer(id, value);
  evaluate();
}

const isList = (id) => state.questions.some((q) => q.id === id && q.type === 'list');

/** The control of a scalar question or list field; `onValue` receives the new raw value. */
function control(kind, spec, controlId, describedBy, value, onValue) {
  const common = { id: controlId, 'aria-describedby': describedBy || null };
  switch (kind) {
    case 'bool': {
      const select = el('select', { ...common, onchange: (e) => onValue(e.target.value === '' ? undefined : e.target.value === 'true') },
        el('option', { value: '', text: t().choose }),
        el('option', { value: 'true', text: t().yes }),
        el('option', { value: 'false', text: t().no }));
      select.value = value === true ? 'true' : value === false ? 'false' : '';
      return select;
    }
    case 'choice': {
      const select = el('select', { ...common, onchange: (e) => onValue(e.target.value || undefined) },
        el('option', { value: '', text: t().choose }),
        spec.choices.map((c) => el('option', { value: c.value, text: text(c.label) })));
      select.value = value ?? '';
      return select;
    }
    case 'date':
      return el('input', { ...common, type: 'date', value: value ?? '', onchange: (e) => onValue(e.target.value || undefined), oninput: (e) => onValue(e.target.value || undefined) });
    case 'integer':
    case 'number':
    case 'percent': {
      const input = el('input', {
        ...common,
        type: 'text',
        inputmode: kind === 'integer' ? 'numeric' : 'decimal',
        autocomplete: 'off',
        class: 'num',
        value: value ?? '',
        oninput: (e) => onValue(e.target.value.trim() === '' ? undefined : e.target.value),
      });
      return kind === 'percent' ? el('span', { class: 'unit' }, input, el('span', { 'aria-hidden': 'true', text: '%' })) : input;
    }
    default:
      return el('input', { ...common, type: 'text', value: value ?? '', oninput: (e) => onValue(e.target.value === '' ? undefined : e.target.value) });
  }
}

function renderQuestion(q) {
  const base = domId(q.id);
  const helpId = q.help ? `help-${base}` : '';
  const errorId = `error-${base}`;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ');
  const required = q.required === 'true' ? el('span', { class: 'req-mark', text: t().required }) : null;
  const help = q.help ? el('p', { class: 'help', id: helpId, text: text(q.help) }) : null;
  const error = el('p', { class: 'error', id: errorId, 'aria-live': 'polite' });
  const wrapper = el('div', { class: `question q-${q.type}`, id: `q-${base}`, 'data-question': q.id });

  if (q.type === 'choice' && q.multiple) {
    const chosen = new Set(state.answers[q.id] ?? []);
    const boxes = q.choices.map((c, i) => {
      const id = `in-${base}-${i}`;
      return el('label', { class: 'check', for: id },
        el('input', {
          type: 'checkbox', id, value: c.value, checked: chosen.has(c.value),
          onchange: () => answer(q.id, [...wrapper.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.value)),
        }),
        el('span', { text: text(c.label) }));
    });
    wrapper.append(el('fieldset', { 'aria-describedby': describedBy },
      el('legend', {}, el('span', { text: text(q.label) }), required), help, el('div', { class: 'checks' }, boxes), error));
    return wrapper;
  }

  if (q.type === 'list') {
    wrapper.append(el('fieldset', { 'aria-describedby': describedBy },
      el('legend', {}, el('span', { text: text(q.label) }), required), help, renderRecords(q), error));
    return wrapper;
  }

  const controlId = `in-${base}`;
  const input = control(q.type, q, controlId, describedBy, state.answers[q.id], (v) => answer(q.id, v));
  if (required) (input.querySelector('input') ?? input).setAttribute('aria-required', 'true');
  wrapper.append(el('label', { for: controlId }, el('span', { text: text(q.label) }), required), help, input, error);
  return wrapper;
}

/** The records of a list question: one row of field controls per record. */
function renderRecords(q) {
  const records = state.answers[q.id] ?? [];
  const base = domId(q.id);
  const box = el('div', { class: 'records' });
  if (records.length === 0) box.append(el('p', { class: 'help', text: t().none }));
  records.forEach((record, i) => {
    const row = el('div', { class: 'record', role: 'group', 'aria-label': `${text(q.label)} – ${t().row(i + 1)}` });
    for (const f of q.fields) {
      const id = `in-${base}-${i}-${f.id}`;
      const errorId = `error-${base}-${i}-${f.id}`;
      row.append(el('div', { class: 'record-field', 'data-field': `${q.id}[${i}].${f.id}` },
        el('label', { for: id, text: text(f.label) }),
        control(f.type, f, id, errorId, record[f.id], (v) => {
          const next = structuredClone(state.answers[q.id] ?? []);
          if (v === undefined) delete next[i][f.id];
          else next[i][f.id] = v;
          answer(q.id, next);
        }),
        el('p', { class: 'error', id: errorId, 'aria-live': 'polite' })));
    }
    row.append(el('button', {
      type: 'button', class: 'link', text: t().remove,
      onclick: () => {
        const next = structuredClone(state.answers[q.id] ?? []);
        next.splice(i, 1);
        setAnswer(q.id, next);
        renderQuestions();
        evaluate();
        document.querySelector(`#q-${CSS.escape(base)} .records button.secondary`)?.focus();
      },
    }));
    box.append(row);
  });
  box.append(el('button', {
    type: 'button', class: 'secondary', text: t().add,
    onclick: () => {
      setAnswer(q.id, [...structuredClone(state.answers[q.id] ?? []), {}]);
      renderQuestions();
      evaluate();
      const rows = document.querySelectorAll(`#q-${CSS.escape(base)} .record`);
      rows[rows.length - 1]?.querySelector('input, select')?.focus();
    },
  }));
  return box;
}

/** Renders the questions of the chosen service type, grouped by the pack that asks them. */
function renderQuestions() {
  const service = $('service').value;
  const container = $('questions');
  const focused = document.activeElement?.id;
  container.replaceChildren();
  state.questions = service ? state.pack.questions(service) : [];
  if (!service) {
    $('status').textContent = t()['pick-service'];
    return;
  }
  const titles = new Map(state.info.packs.map((p) => [p.id, p.title]));
  let section = null;
  let current = null;
  for (const q of state.questions) {
    if (q.pack !== current) {
      current = q.pack;
      const headingId = `pack-${domId(q.pack)}`;
      section = el('section', { class: 'group', 'aria-labelledby': headingId }, el('h3', { id: headingId, text: text(titles.get(q.pack)) || q.pack }));
      container.append(section);
    }
    section.append(renderQuestion(q));
  }
  actions?.render();
  if (focused) document.getElementById(focused)?.focus();
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function report() {
  const r = { provider: state.provider ?? PAGE_PROVIDER, service: $('service').value, date: $('date').value, answers: state.answers };
  const contract = $('contract').value;
  if (contract) r.contract = contract;
  return r;
}

/** Puts a report (a draft, or a report file opened) on the page. */
function applyReport(r) {
  state.provider = typeof r.provider === 'string' && r.provider !== '' && r.provider !== PAGE_PROVIDER ? r.provider : null;
  $('service').value = r.service ?? '';
  renderContracts();
  if (r.contract) $('contract').value = r.contract;
  $('date').value = r.date ?? defaultReportDate();
  state.answers = { ...(r.answers ?? {}) };
  state.touched = new Set(Object.keys(state.answers));
  renderQuestions();
  evaluate();
}

/** Evaluates the answers and updates relevance, field errors, progress and the verdict panel. */
function evaluate() {
  const start = performance.now();
  try {
    evaluateNow();
  } finally {
    performance.measure('granska:evaluate', { start, end: performance.now() });
  }
}

function evaluateNow() {
  saveDraft(report());
  for (const id of ['service', 'date', 'contract']) setError($(id), $(`${id}-error`), '');
  if (!$('service').value) {
    renderVerdicts(null);
    return;
  }
  let form;
  let checked;
  try {
    form = state.pack.formState(report());
    checked = state.pack.check(report());
  } catch (e) {
    if (e?.name !== 'ReportError') throw e;
    for (const p of e.problems) {
      const field = ['service', 'date', 'contract'].includes(p.field) ? p.field : 'date';
      setError($(field), $(`${field}-error`), text(p.message));
    }
    renderVerdicts(null);
    return;
  }

  const relevant = new Set(form.relevant);
  const missing = new Set(form.missing);
  const errors = new Map();
  for (const e of form.errors) if (!errors.has(e.field)) errors.set(e.field, text(e.message));

  for (const q of state.questions) {
    const wrapper = document.getElementById(`q-${domId(q.id)}`);
    if (!wrapper) continue;
    wrapper.hidden = !relevant.has(q.id);
    const message = errors.get(q.id) ?? (missing.has(q.id) && state.touched.has(q.id) ? t().missing : '');
    setError(controlOf(wrapper), wrapper.querySelector(`#error-${CSS.escape(domId(q.id))}`), message);
    wrapper.classList.toggle('is-missing', missing.has(q.id));
    if (q.type === 'list') {
      for (const cell of wrapper.querySelectorAll('.record-field')) {
        setError(cell.querySelector('input, select'), cell.querySelector('.error'), errors.get(cell.dataset.field) ?? '');
      }
    }
  }
  const shown = state.questions.filter((q) => relevant.has(q.id));
  const answered = shown.filter((q) => state.answers[q.id] !== undefined && !errors.has(q.id)).length;
  $('status').textContent = t().progress(answered, shown.length, form.missing.length);
  renderVerdicts(checked, form);
}

/** The control that carries aria-invalid for a question. */
function controlOf(wrapper) {
  return wrapper.querySelector(':scope > input, :scope > select, :scope > .unit > input, :scope > fieldset');
}

function setError(controlNode, errorNode, message) {
  if (!errorNode) return;
  if (errorNode.textContent !== message) errorNode.textContent = message;
  errorNode.hidden = !message;
  if (controlNode) {
    if (message) controlNode.setAttribute('aria-invalid', 'true');
    else controlNode.removeAttribute('aria-invalid');
  }
}

/** The panel of verdicts: counts, then each requirement grouped by verdict. */
function renderVerdicts(checked, form) {
  const box = $('verdicts');
  if (!checked) {
    box.replaceChildren(el('p', { class: 'status', text: $('service').value ? t().noReport : t()['pick-service'] }));
    return;
  }
  const labels = new Map(state.questions.map((q) => [q.id, text(q.label)]));
  const undecided = new Map(form.undecided.map((u) => [u.requirement, u.questions]));
  const counts = checked.counts;
  const summary = el('ul', { class: 'counts', 'aria-label': t().summary },
    ['not_met', 'unanswered', 'met'].map((v) => el('li', { class: `count v-${v}`, 'data-count': v }, el('strong', { text: String(counts[v]) }), ' ', t().verdict[v])));
  const groups = VERDICT_ORDER.map((verdict) => {
    const items = checked.verdicts.filter((v) => v.verdict === verdict);
    if (items.length === 0) return null;
    const list = el('ul', { class: 'reqs' }, items.map((v) => renderRequirement(v, undecided.get(v.requirement) ?? v.deciding, labels)));
    const heading = el('h3', {}, t().group[verdict], ' ', el('span', { class: 'n', text: `(${items.length})` }));
    if (verdict === 'not_applicable' || verdict === 'met') {
      return el('details', { class: `group-${verdict}`, open: verdict === 'met' ? items.length <= 8 : false }, el('summary', {}, heading), list);
    }
    return el('section', { class: `group-${verdict}` }, heading, list);
  });
  box.replaceChildren(summary, ...groups.filter(Boolean));
}

function renderRequirement(v, deciding, labels) {
  const item = el('li', { class: `req v-${v.verdict}`, 'data-requirement': v.requirement, 'data-verdict': v.verdict },
    el('div', { class: 'req-head' },
      el('span', { class: 'badge', text: t().verdict[v.verdict] }),
      el('span', { class: 'req-title', text: text(v.title) }),
      el('span', { class: `sev sev-${v.severity}`, text: t()[v.severity] })),
    el('p', { class: 'source' }, el('span', { class: 'k', text: `${t().source}: ` }), el('cite', { text: v.source })));
  if (v.message && v.verdict === 'not_met') item.append(el('p', { class: 'msg', text: text(v.message) }));
  if (v.explanation.length) item.append(el('ul', { class: 'why' }, v.explanation.map((e) => el('li', { text: text(e.detail) }))));
  if (v.verdict === 'unanswered' && deciding.length) {
    item.append(el('p', { class: 'deciding' },
      el('span', { class: 'k', text: `${t().decidedBy}: ` }),
      deciding.map((id, i) => [i ? ', ' : '', el('a', {
        href: `#q-${domId(id)}`,
        'data-goto': id,
        text: labels.get(id) ?? id,
        onclick: (e) => {
          e.preventDefault();
          const wrapper = document.getElementById(`q-${domId(id)}`);
          wrapper?.scrollIntoView({ block: 'center' });
          wrapper?.querySelector('input, select, textarea, button')?.focus();
        },
      })])));
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Own rule packs (for rule authors): a local YAML file, read in the browser only

/** Switches to the pack `load` returns; a pack with errors is listed and not used. */
function usePack(load) {
  const box = $('pack-errors');
  box.replaceChildren();
  let pack;
  try {
    pack = load();
  } catch (e) {
    if (e?.name !== 'PackError') throw e;
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    box.append(el('p', { text: t().packErrors(errors.length) }),
      el('ul', {}, errors.map((d) => el('li', { 'data-code': d.code, text: `${d.file}:${d.line}:${d.column}: ${d.message}${d.hint ? ` (${d.hint})` : ''}` }))));
    $('pack-file').setAttribute('aria-invalid', 'true');
    return;
  }
  $('pack-file').removeAttribute('aria-invalid');
  state.pack?.free();
  state.pack = pack;
  state.info = pack.info();
  state.answers = {};
  state.touched.clear();
  $('service').value = '';
  renderStaticTexts();
  renderServices();
  if (pack.services().length === 0) $('service').value = 'alla';
  renderContracts();
  renderQuestions();
  evaluate();
}

// ---------------------------------------------------------------------------------------------
// Start

async function main() {
  renderStaticTexts();
  try {
    const start = performance.now();
    await init();
    const loaded = performance.now();
    state.pack = Pack.builtin();
    state.info = state.pack.info();
    performance.measure('granska:builtin', { start: loaded, end: performance.now() });
    performance.measure('granska:load', { start, end: performance.now() });
  } catch (e) {
    const lines = e?.diagnostics ? e.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`) : [String(e?.message ?? e)];
    $('status').replaceChildren(el('span', { class: 'error', text: t().failed }), el('pre', { text: lines.join('\n') }));
    return;
  }
  $('date').value = defaultReportDate();
  renderStaticTexts();
  renderServices();
  const draft = installDraft({
    container: $('draft'),
    getReport: report,
    applyReport,
    // The runtime module reads JSON report files only: a YAML file (only YAML this page
    // writes opens) is checked by granska when it is on the page, as every answer is.
    checkText: (text, yaml) => (yaml ? state.pack.checkYaml?.(text) : state.pack.checkJson(text)),
    lang: () => state.lang,
  });
  actions = installActions({
    container: $('actions'),
    lang: () => state.lang,
    provider: () => state.provider,
    setProvider: (id) => {
      state.provider = id;
      saveDraft(report());
    },
    label: (id) => {
      const q = state.questions.find((x) => x.id === id);
      return q ? text(q.label) : null;
    },
  });
  const saved = loadDraft();
  if (saved) applyReport(saved);
  renderContracts();
  renderQuestions();
  evaluate();

  $('service').addEventListener('change', () => {
    renderContracts();
    renderQuestions();
    evaluate();
  });
  $('contract').addEventListener('change', evaluate);
  $('date').addEventListener('input', evaluate);
  $('date').addEventListener('change', evaluate);
  $('pack-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const yaml = await file.text();
    const { Pack: AuthoringPack } = await authoringModule();
    usePack(() => AuthoringPack.fromYaml(yaml, file.name));
  });
  $('pack-reset').addEventListener('click', () => {
    $('pack-file').value = '';
    usePack(() => Pack.builtin());
  });
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'sv' ? 'en' : 'sv';
    draft.render();
    renderStaticTexts();
    renderServices();
    renderContracts();
    renderQuestions();
    evaluate();
  });
  document.body.dataset.ready = 'true';
  performance.mark('granska:interactive');
}

main();
