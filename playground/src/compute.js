// Turns the editor's text into everything the page shows, with the core's web build doing the work.
// YAML is parsed here (npm `yaml`) into an object; JSON text goes to the core as text, so the page
// reports JSON errors exactly as the CLI and the construct do.
import { parseDocument } from 'yaml';
import { synthTemplate, explain } from '../../pkg/web/express_service_core.js';
import { locate, offsetOf } from './locate.js';

/**
 * @typedef {{ path: string, code: string, message: string, from: number, to: number }} PlacedDiagnostic
 * @typedef {{ ok: boolean, errors: PlacedDiagnostic[], warnings: PlacedDiagnostic[],
 *             template?: object, json?: string, explanation?: object }} Result
 */

/** @param {string} text  @param {'json'|'yaml'} format  @returns {Result} */
export function compute(text, format) {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  let input = text;
  if (format === 'yaml') {
    if (doc.errors.length > 0) {
      return { ok: false, warnings: [], errors: doc.errors.map((e) => syntaxDiagnostic('not-yaml', e.message, e.pos[0], e.pos[1])) };
    }
    input = doc.toJS({ maxAliasCount: 100 }) ?? null;
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

function syntaxDiagnostic(code, message, from, to) {
  const first = message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '');
  return { path: '', code, message: first, from, to: Math.max(to, from + 1) };
}
