// Wires the page: editor → compute (the core's web build) → diagnostics, template, explanation, diagram,
// and the share link in the URL hash. Everything runs in this page; nothing is fetched but the page's own
// files. The time from each edit to the updated template is kept on window.__playgroundTimings.
import init, { checkJson, version } from '../../pkg/web/express_service_core.js';
import wasmUrl from '../../pkg/web/express_service_core_bg.wasm?url';
import { stringify as stringifyYaml } from 'yaml';
import { parseSpecSource, toYaml } from '../../ts/text/parse.ts';
import { parseTemplateSource } from '../../ts/text/template.ts';
import { compute } from './compute.js';
import { Editor } from './editor.js';
import { LinesView } from './lines-view.js';
import { diagram, follow } from './diagram.js';
import { explainView } from './explain-view.js';
import { presets } from './presets.js';
import { encodeState, decodeState } from './share.js';

/** @typedef {import('./compute.js').Result} Result */

/** @typedef {{ toTemplate: number, compute: number, toFrame?: number }} EditTiming  milliseconds */
/** @type {{ initMs: number, firstRenderMs: number, edits: EditTiming[] }} */
const timings = { initMs: 0, firstRenderMs: 0, edits: [] };
/** @type {any} */ (window).__playgroundTimings = timings;

const esc = (/** @type {string} */ s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const $ = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (document.querySelector(sel));
const editor = new Editor($('#editor'));
const ui = {
  status: $('#spec-status'),
  diagnostics: $('[data-testid="diagnostics"]'),
  template: $('[data-testid="template"]'),
  stale: $('#template-stale'),
  diagram: $('[data-testid="diagram"]'),
  explain: $('[data-testid="explain"]'),
  creates: $('.creates .scroll'),
  preset: /** @type {HTMLSelectElement} */ ($('#preset')),
  timing: $('#timing'),
  toast: $('#toast'),
};

/** @type {'json'|'yaml'} */
let output = 'json';
/** @type {Result | null} */
let last = null;
/** @type {Result | null} */
let lastGood = null;
/** @type {{from: number, to: number} | null} */
let active = null;
const templateView = new LinesView(ui.template);
const shown = { diagram: '', explain: '' };

const started = performance.now();
try {
  await init({ module_or_path: wasmUrl });
} catch (e) {
  // Typically the page opened as a file: browsers refuse to fetch the .wasm from file:// URLs.
  ui.status.textContent = '✗ the core did not load';
  ui.status.className = 'status bad';
  ui.diagnostics.innerHTML = `<p class="load-failed">The WebAssembly core could not be loaded (${esc(String(e))}). Serve the page over HTTP: <code>npm run playground</code>.</p>`;
  throw e;
}
timings.initMs = performance.now() - started;
$('#core-version').textContent = `v${version()}`;

// ---- rendering ----------------------------------------------------------------------------------

function update() {
  const t = performance.now();
  const r = compute(editor.text, editor.format);
  const computed = performance.now() - t;
  last = r;
  if (r.ok) lastGood = r;
  editor.marks = [
    ...r.errors.filter((d) => d.to > d.from).map((d) => ({ from: d.from, to: d.to, kind: 'error' })),
    ...r.warnings.filter((d) => d.to > d.from).map((d) => ({ from: d.from, to: d.to, kind: 'warning' })),
    ...(active ? [{ ...active, kind: 'active' }] : []),
  ];
  editor.paint();
  renderDiagnostics(r);
  renderTemplate();
  renderCreates();
  const n = r.errors.length;
  const errors = n === 0 ? '' : ` ✗ ${n} error${n === 1 ? '' : 's'}`;
  // A pasted CloudFormation template is checked, not synthesized (./template-check.js): the status says so.
  ui.status.textContent = r.lint ? `CloudFormation template:${errors || ' ✓ checked'}` : errors.trim() || '✓ valid';
  ui.status.className = n === 0 ? 'status ok' : 'status bad';
  ui.status.dataset.mode = r.lint ? 'template' : 'spec';
  saveHashSoon();
  return computed;
}

function renderDiagnostics(/** @type {Result} */ r) {
  const item = (/** @type {any} */ d, /** @type {string} */ kind, /** @type {number} */ i) =>
    `<li class="diag d-${kind}" role="button" tabindex="0" data-kind="${kind}" data-index="${i}" title="Show it in the spec">` +
    `<code class="path">${esc(d.path || (d.line === undefined ? '(the whole spec)' : `line ${d.line}`))}</code><span class="msg">${esc(d.message)}</span><span class="code">${esc(d.code)}</span></li>`;
  const group = (/** @type {any[]} */ list, /** @type {string} */ kind, /** @type {string} */ label) =>
    list.length === 0 ? '' : `<section class="group g-${kind}s"><h3>${list.length} ${label}${list.length === 1 ? '' : 's'}</h3><ul>${list.map((d, i) => item(d, kind, i)).join('')}</ul></section>`;
  ui.diagnostics.dataset.errors = String(r.errors.length);
  ui.diagnostics.dataset.warnings = String(r.warnings.length);
  ui.diagnostics.innerHTML =
    (r.lint ? templateSummary(r.lint.services) : '') +
    (r.errors.length + r.warnings.length === 0
      ? r.lint
        ? r.lint.services.length === 0
          ? ''
          : '<p class="all-good">No problems found in the template\'s Express services.</p>'
        : '<p class="all-good">No problems found: the spec is valid and follows the recommendations.</p>'
      : group(r.errors, 'error', 'error') + group(r.warnings, 'warning', 'warning'));
}

/** What a checked template holds: its Express services by logical ID, or that it has none. */
function templateSummary(/** @type {string[]} */ services) {
  const n = services.length;
  if (n === 0) return '<p class="template-summary">A CloudFormation template without Express services: nothing to check.</p>';
  return `<p class="template-summary">A CloudFormation template: ${n} Express service${n === 1 ? '' : 's'} checked (${services.map((s) => `<code>${esc(s)}</code>`).join(', ')}), as <code>express-service lint</code> checks it.</p>`;
}

let templateShown = '';
function renderTemplate() {
  const valid = Boolean(last?.ok);
  const checking = Boolean(last?.lint);
  ui.template.dataset.valid = String(valid);
  ui.template.dataset.format = output;
  ui.stale.hidden = valid;
  ui.stale.dataset.mode = checking ? 'template' : 'spec';
  ui.stale.textContent = checking
    ? 'The editor holds a CloudFormation template: its Express services are checked, the findings listed under it. A spec’s template shows here.'
    : lastGood
      ? 'The spec has errors: this is the last valid template.'
      : 'No template yet: fix the errors in the spec.';
  ui.creates.dataset.valid = String(valid);
  ui.creates.dataset.mode = checking ? 'template' : 'spec';
  const text = checking ? '' : templateText();
  if (text === templateShown) return;
  templateShown = text;
  templateView.show(text, output);
}

function templateText() {
  if (!lastGood) return '';
  if (output === 'json') return /** @type {string} */ (lastGood.json);
  // The CLI's own writer: strings that a YAML 1.1 reader (CloudFormation) would take for a boolean, a
  // number or a date are quoted.
  return toYaml(lastGood.template);
}

function renderCreates() {
  const explanation = lastGood?.explanation;
  if (!lastGood || !explanation) return;
  // Building the markup is cheap; replacing the DOM is not, and most keystrokes leave both unchanged.
  const svg = diagram(explanation);
  if (svg !== shown.diagram) {
    ui.diagram.innerHTML = shown.diagram = svg;
    // Shrink to fit, but not past readability: a wide diagram (many services) scrolls sideways instead.
    const el = /** @type {SVGSVGElement} */ (ui.diagram.firstElementChild);
    follow(el);
    el.style.minWidth = `${Math.round(Number(el.getAttribute('width')) * 0.7)}px`;
    ui.diagram.scrollLeft = (ui.diagram.scrollWidth - ui.diagram.clientWidth) / 2; // the load balancer is mid-way
  }
  const open = new Set([...ui.explain.querySelectorAll('details[open]')].map((d) => /** @type {HTMLElement} */ (d).dataset.service ?? ':stack'));
  const html = explainView(explanation, open);
  if (html !== shown.explain) ui.explain.innerHTML = shown.explain = html;
}

// ---- editing ------------------------------------------------------------------------------------

/**
 * A JSON spec starts with `{`; pasted text that starts otherwise (past comments and blank lines) in the JSON
 * editor is a YAML spec — read it as such rather than report "invalid JSON" at its first letter.
 */
function pastedYamlIntoJson(/** @type {Event} */ event) {
  if (editor.format !== 'json' || /** @type {InputEvent} */ (event).inputType !== 'insertFromPaste') return false;
  const first = editor.text.split('\n').find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return first !== undefined && !/^\s*[{[]/.test(first);
}

editor.input.addEventListener('input', (event) => {
  active = null;
  if (pastedYamlIntoJson(event)) {
    editor.format = 'yaml';
    syncToggles();
    toast('That reads as YAML: the editor is in YAML now.');
  }
  const computed = update();
  const end = performance.now();
  // From the moment the browser created the input event to the template in the DOM.
  const since = event.timeStamp > 0 && event.timeStamp <= end ? event.timeStamp : end - computed;
  /** @type {EditTiming} */
  const entry = { toTemplate: end - since, compute: computed };
  timings.edits.push(entry);
  if (timings.edits.length > 2000) timings.edits.shift();
  requestAnimationFrame(() => {
    entry.toFrame = performance.now() - since;
  });
  ui.timing.textContent = `template updated ${entry.toTemplate.toFixed(1)} ms after your last edit`;
});

ui.diagnostics.addEventListener('click', (e) => jumpTo(/** @type {HTMLElement} */ (e.target).closest('.diag')));
ui.diagnostics.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    jumpTo(/** @type {HTMLElement} */ (e.target).closest('.diag'));
  }
});

function jumpTo(/** @type {HTMLElement | null} */ li) {
  if (!li || !last) return;
  const list = li.dataset.kind === 'error' ? last.errors : last.warnings;
  const d = list[Number(li.dataset.index)];
  if (!d) return;
  active = d.to > d.from ? { from: d.from, to: d.to } : null;
  editor.marks = editor.marks.filter((m) => m.kind !== 'active').concat(active ? [{ ...active, kind: 'active' }] : []);
  editor.paint();
  editor.jump(d.from, d.to);
}

/** Loads a whole new text (preset, share link): not an edit, so not timed. */
function load(/** @type {string} */ text, /** @type {'json'|'yaml'} */ format) {
  editor.format = format;
  editor.setText(text);
  active = null;
  syncToggles();
  update();
}

function specAs(/** @type {unknown} */ spec, /** @type {'json'|'yaml'} */ format) {
  return format === 'json' ? JSON.stringify(spec, null, 2) + '\n' : stringifyYaml(spec, { lineWidth: 0 });
}

ui.preset.addEventListener('change', () => {
  const p = presets.find((x) => x.id === ui.preset.value);
  if (p) load(specAs(p.spec, editor.format), editor.format);
});

for (const b of document.querySelectorAll('[data-spec-format]')) {
  b.addEventListener('click', () => {
    const to = /** @type {'json'|'yaml'} */ (/** @type {HTMLElement} */ (b).dataset.specFormat);
    if (to === editor.format) return;
    let spec;
    try {
      const parse = last?.lint ? parseTemplateSource : parseSpecSource;
      spec = parse(editor.text, 'spec', editor.format, checkJson).value;
    } catch {
      return toast(`Fix the ${editor.format.toUpperCase()} syntax first, then switch to ${to.toUpperCase()}.`);
    }
    load(specAs(spec, to), to);
  });
}

for (const b of document.querySelectorAll('[data-output-format]')) {
  b.addEventListener('click', () => {
    output = /** @type {'json'|'yaml'} */ (/** @type {HTMLElement} */ (b).dataset.outputFormat);
    syncToggles();
    renderTemplate();
    saveHashSoon();
  });
}

function syncToggles() {
  for (const b of document.querySelectorAll('[data-spec-format]')) b.setAttribute('aria-pressed', String(/** @type {HTMLElement} */ (b).dataset.specFormat === editor.format));
  for (const b of document.querySelectorAll('[data-output-format]')) b.setAttribute('aria-pressed', String(/** @type {HTMLElement} */ (b).dataset.outputFormat === output));
}

// ---- copy, download, share ----------------------------------------------------------------------

$('#copy-template').addEventListener('click', async () => {
  toast((await copy(templateText())) ? 'Template copied to the clipboard.' : 'Copy failed: select the template and copy it by hand.');
});

$('#download-template').addEventListener('click', () => {
  const type = output === 'json' ? 'application/json' : 'application/yaml';
  const url = URL.createObjectURL(new Blob([templateText()], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `template.${output}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

$('#share').addEventListener('click', async () => {
  await saveHash();
  toast((await copy(location.href)) ? 'Link copied: it opens this exact view.' : 'The address bar now holds the link to this view.');
});

async function copy(/** @type {string} */ text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

let hashTimer = 0;
let writtenHash = '';
function saveHashSoon() {
  clearTimeout(hashTimer);
  hashTimer = window.setTimeout(saveHash, 300);
}
async function saveHash() {
  clearTimeout(hashTimer);
  writtenHash = await encodeState({ text: editor.text, format: editor.format, output });
  if (location.hash !== writtenHash) history.replaceState(null, '', writtenHash);
}

async function loadHash() {
  try {
    const state = await decodeState(location.hash);
    if (!state) return false;
    output = state.output;
    ui.preset.value = '';
    load(state.text, state.format);
    return true;
  } catch (e) {
    toast(/** @type {Error} */ (e).message);
    return false;
  }
}

window.addEventListener('hashchange', () => {
  if (location.hash !== writtenHash) loadHash();
});

let toastTimer = 0;
function toast(/** @type {string} */ message) {
  ui.toast.textContent = message;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (ui.toast.hidden = true), 4000);
}


// ---- start --------------------------------------------------------------------------------------

const yours = new Option('— your spec —', '');
yours.disabled = true;
ui.preset.add(yours);
for (const p of presets) ui.preset.add(new Option(p.label, p.id));
const first = performance.now();
if (!(await loadHash())) {
  ui.preset.value = presets[0].id;
  load(specAs(presets[0].spec, 'json'), 'json');
}
timings.firstRenderMs = performance.now() - first;
document.body.dataset.ready = 'true';
