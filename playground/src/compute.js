// Turns the editor's text into everything the page shows, with the core's web build doing the work.
// YAML is parsed here (npm `yaml`) into an object; JSON text goes to the core as text, so the page
// reports JSON errors exactly as the CLI and the construct do.
import { parseDocument } from 'yaml';
import { synthTemplate, explain } from '../../pkg/web/express_service_core.js';
import { locate, offsetOf } from './locate.js';

/**
 * @typedef {{ path: string, code: string, message: string, from: number, to: number }} PlacedDiagnostic
 * @typedef {{ ok: boolean, errors: PlacedDiagnostic[], warnings: PlacedDiagnostic[],
 *             template?: object, json?: string, explanation?: import('./diagram.js').Explanation }} Result
 */

/** @param {string} text  @param {'json'|'yaml'} format  @returns {Result} */
export function compute(text, format) {
  // Read as the CLI reads YAML: 1.2 (`on`, `yes`, `0755` are strings), `<<` merge keys allowed.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, version: '1.2', merge: true });
  let input = text;
  if (format === 'yaml') {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) {
      // The first syntax error only, as the core does for JSON: the ones after it are mostly its echoes
      // (an unclosed bracket makes every following line "badly indented").
      return { ok: false, warnings: [], errors: [syntaxDiagnostic(problems[0], text)] };
    }
    try {
      input = doc.toJS({ maxAliasCount: 1000 }) ?? null;
    } catch (e) {
      const message = `not valid YAML: ${/** @type {Error} */ (e).message}`;
      return { ok: false, warnings: [], errors: [{ path: '', code: 'not-yaml', message, from: 0, to: 0 }] };
    }
  }
  const place = (/** @type {{path:string,code:string,message:string}} */ d) => placed(d, doc, text);
  try {
    const out = synthTemplate(input);
    const explanation = explain(input);
    return { ok: true, errors: [], warnings: out.warnings.map(place), template: out.template, json: out.json, explanation };
  } catch (e) {
    const err = /** @type {any} */ (e);
    if (!Array.isArray(err?.diagnostics)) throw e; // not a SpecError: a bug worth seeing in the console
    return { ok: false, errors: err.diagnostics.map(place), warnings: (err.warnings ?? []).map(place) };
  }
}

/** A diagnostic with the text range it points at: the property if found, else the nearest parent. */
/** @param {{path: string, code: string, message: string}} d  @param {import('yaml').Document} doc  @param {string} text  @returns {PlacedDiagnostic} */
function placed(d, doc, text) {
  if (d.code === 'not-json') {
    // The core names the spot as "(line L, column C)"; mark from there to the end of that line.
    const m = /line (\d+), column (\d+)/.exec(d.message);
    if (m) {
      const from = offsetOf(text, Number(m[1]), Number(m[2]));
      const eol = text.indexOf('\n', from);
      return { ...d, from, to: Math.max(from + 1, eol < 0 ? text.length : eol) };
    }
  }
  const range = doc.errors.length === 0 ? locate(doc, d.path) : null;
  return { ...d, from: range?.[0] ?? 0, to: range?.[1] ?? 0 };
}

/** A YAML syntax error as a diagnostic, worded like the core's JSON ones: "... (line L, column C)". */
function syntaxDiagnostic(/** @type {import('yaml').YAMLError} */ e, /** @type {string} */ text) {
  const [from, to] = e.pos;
  const before = text.slice(0, from);
  const line = before.split('\n').length;
  const column = from - before.lastIndexOf('\n');
  const message = `not valid YAML: ${e.message.split('\n')[0]} (line ${line}, column ${column})`;
  return { path: '', code: 'not-yaml', message, from, to: Math.max(to, from + 1) };
}
