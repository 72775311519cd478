// Shows a provider its own open actions on the questionnaire page: "Öppna åtgärdsplan / Open
// action plan" reads a file written by `granska actions --provider ID --format json`
// (`"format": "granska-atgardsplan"`, docs/follow-through.md) in the browser only — it is never
// sent anywhere — and lists the open actions at the top and next to each question the
// action's requirement reads, overdue ones marked. A file of another format, or of another
// provider than the report's, is refused with why. app.js calls `installActions` once and
// `render()` after it renders the questions or switches language.

const FORMAT = 'granska-atgardsplan';
const VERSION = 1;

const TEXTS = {
  sv: {
    heading: 'Åtgärdsplan',
    open: 'Öppna åtgärdsplan',
    help: 'Filen från kommunen (granska actions --provider) läses bara här i webbläsaren.',
    close: 'Stäng åtgärdsplanen',
    title: (provider, asOf) => `Öppna åtgärder för ${provider} (per ${asOf})`,
    none: 'Inga öppna åtgärder.',
    owner: 'Ansvarig',
    due: 'Klart senast',
    overdue: 'Försenad',
    finding: 'Iakttagelse',
    action: 'Åtgärd',
    notShown: 'frågan visas inte för den valda tjänstetypen',
    bad: (name, why) => `${name} kan inte öppnas: ${why}`,
    notJson: 'filen är ingen JSON',
    notPlan: 'filen är ingen åtgärdsplan från granska (granska actions --provider ID --format json)',
    badVersion: (v) => `åtgärdsplanens version ${v} kan inte läsas här (bara version ${VERSION})`,
    badField: (where) => `fältet ${where} saknas eller har fel form`,
    otherProvider: (plan, report) => `åtgärdsplanen gäller ${plan}, men rapporten gäller ${report}`,
  },
  en: {
    heading: 'Action plan',
    open: 'Open action plan',
    help: 'The file from the municipality (granska actions --provider) is read only here in the browser.',
    close: 'Close the action plan',
    title: (provider, asOf) => `Open actions of ${provider} (as of ${asOf})`,
    none: 'No open actions.',
    owner: 'Owner',
    due: 'Due',
    overdue: 'Overdue',
    finding: 'Finding',
    action: 'Action',
    notShown: 'the question is not shown for the chosen service type',
    bad: (name, why) => `${name} cannot be opened: ${why}`,
    notJson: 'the file is not JSON',
    notPlan: 'the file is not an action plan from granska (granska actions --provider ID --format json)',
    badVersion: (v) => `version ${v} of the action plan cannot be read here (only version ${VERSION})`,
    badField: (where) => `the field ${where} is missing or of the wrong form`,
    otherProvider: (plan, report) => `the action plan is for ${plan}, but the report is for ${report}`,
  },
};

const isText = (v) => typeof v === 'string';
const isPair = (v) => v && typeof v === 'object' && isText(v.sv) && isText(v.en);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The plan in `text`, checked field by field; throws an Error saying what is wrong. */
export function parsePlan(text, t) {
  let plan;
  try {
    plan = JSON.parse(text);
  } catch {
    throw new Error(t.notJson);
  }
  if (!plan || typeof plan !== 'object' || Array.isArray(plan) || plan.format !== FORMAT) throw new Error(t.notPlan);
  if (plan.version !== VERSION) throw new Error(t.badVersion(JSON.stringify(plan.version)));
  const need = (ok, where) => {
    if (!ok) throw new Error(t.badField(where));
  };
  need(isText(plan.provider) && plan.provider !== '', 'provider');
  need(isText(plan.as_of) && DATE.test(plan.as_of), 'as_of');
  need(Array.isArray(plan.actions), 'actions');
  plan.actions.forEach((a, i) => {
    const at = (f) => `actions[${i}].${f}`;
    need(a && typeof a === 'object' && !Array.isArray(a), `actions[${i}]`);
    for (const f of ['action', 'owner', 'service']) need(isText(a[f]), at(f));
    need(isText(a.due) && DATE.test(a.due), at('due'));
    need(a.requirement === null || a.requirement === undefined || isText(a.requirement), at('requirement'));
    need(a.finding === null || a.finding === undefined || isText(a.finding), at('finding'));
    need(a.title === null || a.title === undefined || isPair(a.title), at('title'));
    need(Array.isArray(a.questions) && a.questions.every(isText), at('questions'));
    need(typeof a.overdue === 'boolean', at('overdue'));
  });
  return plan;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** Adds the action plan controls to `container`. `lang()` is the page's language,
 * `provider()` the report's provider id (null when the page does not know it yet),
 * `setProvider(id)` gives the report the plan's provider when it had none, `label(id)` is a
 * question's label in the page's language. */
export function installActions({ container, lang, provider, setProvider, label: questionLabel }) {
  const t = () => TEXTS[lang()] ?? TEXTS.sv;
  const pick = (pair) => (pair ? pair[lang()] ?? pair.sv : '');
  let plan = null;
  /** The last message about a file: [kind, args] so it follows the language. */
  let message = null;

  const heading = el('h2', { id: 'actions-heading' });
  const label = el('label', { for: 'actions-open' });
  const input = el('input', { type: 'file', id: 'actions-open', accept: '.json', 'aria-describedby': 'actions-help actions-status' });
  const help = el('p', { class: 'help', id: 'actions-help' });
  const status = el('p', { class: 'error', id: 'actions-status', role: 'status' });
  const close = el('button', { type: 'button', class: 'secondary', id: 'actions-close' });
  const list = el('div', { id: 'actions-list' });
  container.setAttribute('aria-labelledby', 'actions-heading');
  container.replaceChildren(heading, label, input, close, help, status, list);

  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    try {
      const next = parsePlan(text, t());
      const current = provider();
      if (current && current !== next.provider) throw new Error(t().otherProvider(next.provider, current));
      if (!current) setProvider(next.provider);
      plan = next;
      message = null;
    } catch (e) {
      message = { name: file.name, why: e.message };
    }
    render();
  });
  close.addEventListener('click', () => {
    plan = null;
    message = null;
    render();
  });

  /** A short line for an action: what, owner, due, overdue. */
  function describe(a, cls) {
    const overdue = a.overdue ? el('span', { class: 'overdue-badge', text: t().overdue }) : null;
    return el('div', { class: `${cls}${a.overdue ? ' is-overdue' : ''}`, 'data-overdue': String(a.overdue) },
      overdue, overdue ? ' ' : null,
      el('strong', { text: `${t().action}: ` }), a.action,
      el('span', { class: 'action-meta', text: ` · ${t().owner}: ${a.owner} · ${t().due}: ${a.due}` }));
  }

  function render() {
    const tx = t();
    heading.textContent = tx.heading;
    label.textContent = tx.open;
    help.textContent = tx.help;
    close.textContent = tx.close;
    close.hidden = !plan;
    status.textContent = message ? tx.bad(message.name, message.why) : '';
    status.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    for (const note of document.querySelectorAll('.action-note')) note.remove();
    if (!plan) {
      list.replaceChildren();
      return;
    }
    const items = plan.actions.map((a, i) => {
      const shown = a.questions.filter((q) => document.querySelector(`[data-question="${CSS.escape(q)}"]`));
      const what = a.requirement ? pick(a.title) || a.requirement : `${tx.finding} ${a.finding ?? ''}`;
      const links = shown.map((q, j) => [j ? ', ' : '', el('a', { href: `#q-${q.replace(/[^a-zA-Z0-9_-]/g, '-')}`, 'data-goto': q, text: questionLabel(q) ?? q })]);
      return el('li', { class: 'action-item', 'data-action': String(i), 'data-requirement': a.requirement ?? '' },
        el('span', { class: 'action-req', text: what }),
        describe(a, 'action-line'),
        links.length ? el('p', { class: 'help' }, ...links.flat()) : a.questions.length ? el('p', { class: 'help', text: tx.notShown }) : null);
    });
    list.replaceChildren(el('h3', { text: tx.title(plan.provider, plan.as_of) }), items.length ? el('ul', { class: 'actions' }, items) : el('p', { text: tx.none }));
    // Next to each question the action concerns.
    plan.actions.forEach((a, i) => {
      for (const q of a.questions) {
        const wrapper = document.querySelector(`[data-question="${CSS.escape(q)}"]`);
        if (!wrapper) continue;
        const note = describe(a, 'action-note');
        note.dataset.action = String(i);
        note.dataset.requirement = a.requirement ?? '';
        note.prepend(el('span', { class: 'action-req', text: `${tx.heading}: ${a.requirement ? pick(a.title) || a.requirement : a.finding ?? ''} — ` }));
        wrapper.append(note);
      }
    });
  }
  render();
  return { render };
}
