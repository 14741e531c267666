// Turns the editor's text into everything the page shows. The text is read by the CLI's own parser
// (ts/text/parse.ts, bundled by Vite), so the page reports syntax errors, non-mapping specs and the spot
// a diagnostic points at exactly as `express-service validate` does; the core's web build does the rest.
import { checkJson, synthExplain } from '../../pkg/web/express_service_core.js';
import { specHint } from '../../ts/text/hints.ts';
import { offsetAt, parseSpecSource, SpecError } from '../../ts/text/parse.ts';
import { checkTemplate } from './template-check.js';

/**
 * @typedef {{ path: string, code: string, message: string, from: number, to: number, line?: number }} PlacedDiagnostic
 * @typedef {{ ok: boolean, errors: PlacedDiagnostic[], warnings: PlacedDiagnostic[],
 *             template?: object, json?: string, explanation?: import('../../pkg/web/express_service_core.js').Explanation,
 *             lint?: { services: string[] } }} Result  `lint`: the text is a CloudFormation template, checked (./template-check.js)
 */

/** @param {string} text  @param {'json'|'yaml'} format  @returns {Result} */
export function compute(text, format) {
  const template = checkTemplate(text, format, atLine);
  if (template !== undefined) return template;
  let source;
  try {
    source = parseSpecSource(text, 'spec', format, checkJson);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return { ok: false, warnings: [], errors: e.diagnostics.map((d) => atLine(d, text)) };
  }
  const { range } = source;
  /** @param {{path: string, code: string, message: string}} d  @returns {PlacedDiagnostic} */
  const place = (d) => {
    const r = range(d.path);
    // The spec's advice on the core's finding, as the CLI gives it.
    return { path: d.path, code: d.code, message: `${d.message}${specHint(d.code)}`, from: r?.[0] ?? 0, to: r?.[1] ?? 0 };
  };
  try {
    // One call: the spec is read and checked once for both.
    const { synth: out, explanation } = synthExplain(source.value);
    return { ok: true, errors: [], warnings: out.warnings.map(place), template: out.template, json: out.json, explanation };
  } catch (e) {
    const err = /** @type {any} */ (e);
    if (!Array.isArray(err?.diagnostics)) throw e; // not a SpecError: a bug worth seeing in the console
    return { ok: false, errors: err.diagnostics.map(place), warnings: (err.warnings ?? []).map(place) };
  }
}

/**
 * A parse error: the CLI's message, its line and column said as the CLI's `file:line:column` prefix would,
 * and the text marked from there to the end of that line.
 * @param {import('../../ts/text/parse').LocatedDiagnostic} d  @param {string} text  @returns {PlacedDiagnostic}
 */
function atLine(d, text) {
  const base = { path: d.path, code: d.code, message: d.message, from: 0, to: 0 };
  if (d.line === undefined) return base;
  const from = offsetAt(text, d.line, d.column ?? 1);
  const eol = text.indexOf('\n', from);
  const to = Math.min(text.length, Math.max(from + 1, eol < 0 ? text.length : eol));
  return { ...base, message: `${d.message} (line ${d.line}, column ${d.column ?? 1})`, from, to, line: d.line };
}
