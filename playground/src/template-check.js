// The "check a template" mode: a CloudFormation template pasted into the editor (the CDK's cdk.out/*.template.json,
// a SAM or hand-written one) has its Express services checked by the core's lintTemplate, as
// `express-service lint` does, each finding marked on its line.
//
// Detected, not switched to: someone who pastes a template wants it checked, not told that its sections are
// not spec keys. A spec can never be mistaken for one: its unknown keys are refused, so a top-level key of the
// core's `templateKeys()` is a template's. The status line says which of the two the page is reading.
import { checkJson, lintTemplate, templateKeys } from '../../pkg/web/express_service_core.js';
import { SpecError } from '../../ts/text/parse.ts';
import { parseTemplateSource } from '../../ts/text/template.ts';

/**
 * @typedef {import('./compute.js').PlacedDiagnostic} PlacedDiagnostic
 * @typedef {import('./compute.js').Result} Result
 */

// A cheap look at the text before any parse (a keystroke in a spec must not pay for a second reading): a
// top-level YAML key, or the key anywhere in JSON; the parsed value decides. Made on first use: the core is
// initialized by then (main.js), not when this module loads.
/** @type {{ keys: string[], maybe: RegExp } | undefined} */
let marks;
function templateMarks() {
  if (marks === undefined) {
    const keys = templateKeys();
    const any = keys.join('|'); // plain identifiers: nothing to escape
    marks = { keys, maybe: new RegExp(`^(?:${any})\\s*:|"(?:${any})"\\s*:`, 'm') };
  }
  return marks;
}

/**
 * The template's findings when `text` is a CloudFormation template; undefined when it is not one (a spec).
 * @param {string} text  @param {'json'|'yaml'} format
 * @param {(d: import('../../ts/text/parse').LocatedDiagnostic, text: string) => PlacedDiagnostic} atLine  places a syntax error
 * @returns {Result | undefined}
 */
export function checkTemplate(text, format, atLine) {
  const { keys, maybe } = templateMarks();
  if (!maybe.test(text)) return undefined;
  let source;
  try {
    source = parseTemplateSource(text, 'template', format, checkJson);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    // Text that names a template's keys and does not parse: said by the template's reader (which knows `!Ref`).
    return { ok: false, lint: { services: [] }, warnings: [], errors: e.diagnostics.map((d) => atLine(d, text)) };
  }
  const value = source.value;
  if (!keys.some((k) => k in value)) return undefined;
  const lint = lintTemplate(value);
  /** @param {import('../../pkg/web/express_service_core.js').LintFinding} f  @returns {PlacedDiagnostic} */
  const place = (f) => {
    const r = source.range(f.path);
    return { path: f.path, code: f.code, message: f.message, from: r?.[0] ?? 0, to: r?.[1] ?? 0 };
  };
  return { ok: false, lint: { services: lint.services }, errors: lint.errors.map(place), warnings: lint.warnings.map(place) };
}
