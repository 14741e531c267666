// The node API of the CLI: the same operations as `express-service`, on values or on files, typed.
// Every decision is the core's (cdk-express-service-core); this layer reads files, places diagnostics on
// the lines they name, and turns the core's errors into `SpecError`s.
//
//   const { synthFile, validateFile } = require('cdk-express-service/lib/cli/api');
//   const { json } = synthFile('service.yaml');
//   const { errors, warnings } = lintFile('cdk.out/MyStack.template.json');

import { core, CoreLoadError, coreVersion, isCoreError } from './core';
import { coreCheckJson, FileError, loadSource, parseSpecSource, Source, SPEC_EXPECTED, SpecError, toYaml, where } from './source';
import { loadTemplate } from './templates';
import type {
  Diagnostic,
  Explanation,
  Fragment,
  JsonObject,
  LintFinding,
  LocatedDiagnostic,
  LocatedLintFinding,
  LocatedTemplateLint,
  LocatedSynthResult,
  SynthResult,
  TemplateDiff,
  TemplateLint,
  ValidationResult,
} from './types';

export * from './types';
export { CoreLoadError, FileError, SpecError, toYaml };
export type { Format, Source } from './source';

/** A spec read from a file. */
export interface LoadedSpec {
  readonly file: string;
  readonly format: 'json' | 'yaml';
  /** The parsed spec, as the core receives it. */
  readonly spec: unknown;
  /** Places a diagnostic of this spec on its line of the file. */
  locate(d: Diagnostic): LocatedDiagnostic;
}

/**
 * Reads a spec file (JSON or YAML; `-` for standard input).
 * @throws FileError when the file cannot be read; SpecError (with line and column) when it does not parse.
 */
export function loadSpec(file: string): LoadedSpec {
  const source = loadSource(file, { expected: SPEC_EXPECTED });
  return { file, format: source.format, spec: source.value, locate: source.locate };
}

/**
 * Parses spec text held in memory: JSON or YAML, by `name`'s extension when it has one, else by the text
 * (`{` first: JSON, held to JSON's rules). `name` labels the diagnostics (default `spec`).
 * @throws SpecError (with line and column) when it does not parse or is not a mapping.
 */
export function parseSpec(text: string, name?: string): LoadedSpec {
  const source = parseSpecSource(text, name ?? 'spec', undefined, coreCheckJson);
  return { file: source.file, format: source.format, spec: source.value, locate: source.locate };
}

/** The package's and the core's versions (the core's from its package: its module is not loaded). */
export function version(): { readonly cli: string; readonly core: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json') as { version: string };
  return { cli: pkg.version, core: coreVersion() };
}

/** The JSON Schema (2020-12) of the spec. */
export function schema(): JsonObject {
  return core().schema() as JsonObject;
}

/** Every error and warning of a spec (an object, or JSON text). Never throws for a bad spec. */
export function validate(spec: unknown): ValidationResult {
  return core().validate(spec);
}

/**
 * Every error and warning of a spec file, each with its line. A file that does not parse is invalid, with
 * its syntax errors as the errors.
 * @throws FileError when the file cannot be read.
 */
export function validateFile(file: string): ValidationResult {
  let loaded: LoadedSpec;
  try {
    loaded = loadSpec(file);
  } catch (e) {
    if (e instanceof SpecError) return { valid: false, errors: e.diagnostics, warnings: [] };
    throw e;
  }
  const result = core().validate(loaded.spec);
  return {
    valid: result.valid,
    errors: inFileOrder(result.errors, loaded.locate),
    warnings: inFileOrder(result.warnings, loaded.locate),
  };
}

/**
 * The complete template of a spec: as an object, as canonical JSON text, and the warnings.
 * @throws SpecError naming every problem of the spec.
 */
export function synth(spec: unknown): SynthResult {
  return rethrow(() => core().synthTemplate(spec));
}

/**
 * The complete template of a spec file.
 * @throws FileError when the file cannot be read; SpecError (with lines) when it does not parse or is invalid.
 */
export function synthFile(file: string): LocatedSynthResult {
  const loaded = loadSpec(file);
  const out = rethrow(() => core().synthTemplate(loaded.spec), loaded);
  return { ...out, warnings: inFileOrder(out.warnings, loaded.locate) };
}

/**
 * One service of a spec as a fragment (resources, shared IDs, outputs, attributes), for tools that assemble
 * their own templates.
 * @throws SpecError naming every problem of the spec.
 */
export function synthService(spec: unknown, name: string): Fragment {
  return rethrow(() => core().synthService(spec, name));
}

/**
 * What ECS creates in the account for a spec, and why.
 * @throws SpecError naming every problem of the spec.
 */
export function explain(spec: unknown): Explanation {
  return rethrow(() => core().explain(spec));
}

/** `explain` for a spec file. @throws FileError, SpecError. */
export function explainFile(file: string): Explanation {
  const loaded = loadSpec(file);
  return rethrow(() => core().explain(loaded.spec), loaded);
}

/**
 * The changes to Express services between two templates (objects or JSON text), the replacing ones flagged.
 * @throws SpecError when either is not a template (path `old` or `new`).
 */
export function diff(oldTemplate: unknown, newTemplate: unknown): TemplateDiff {
  return rethrow(() => core().diffTemplates(oldTemplate, newTemplate));
}

/**
 * `diff` for two template files, JSON or YAML (short forms such as `!Ref` accepted).
 * @throws FileError when a file cannot be read; SpecError when one does not parse or is not a template.
 */
export function diffFiles(oldFile: string, newFile: string): TemplateDiff {
  // Both files are read before failing, so that two broken files are both reported.
  const loaded = [oldFile, newFile].map((file) => {
    try {
      return loadTemplate(file);
    } catch (e) {
      if (e instanceof SpecError) return e;
      throw e;
    }
  });
  const failed = loaded.filter((l): l is SpecError => l instanceof SpecError);
  if (failed.length === 1) throw failed[0];
  if (failed.length === 2) {
    throw new SpecError(failed.map((e) => e.message).join('\n'), [...failed[0].diagnostics, ...failed[1].diagnostics]);
  }
  const [before, after] = loaded as Source[];
  const placed = (d: Diagnostic): LocatedDiagnostic => {
    const m = /^(old|new)(?:\.(.*))?$/.exec(d.path);
    if (!m) return d;
    const source: Source = m[1] === 'old' ? before : after;
    return source.locate({ ...d, path: m[2] ?? '' });
  };
  try {
    return core().diffTemplates(before.value, after.value);
  } catch (e) {
    if (!isCoreError(e)) throw e;
    throw specError(inFileOrder(e.diagnostics, placed), inFileOrder(e.warnings, placed), 'not a template');
  }
}

/**
 * The checks of the core on every Express service of a CloudFormation template (an object, as CDK, SAM or a
 * hand-written template holds it; YAML short forms already in their long form): the errors and warnings of
 * each service's properties and the template's traps, each at its template path. Never throws for a bad
 * template: a value that is not one is a finding too.
 */
export function lintTemplate(template: unknown): TemplateLint {
  return core().lintTemplate(template);
}

/**
 * `lintTemplate` for a template file, JSON or YAML (short forms such as `!Ref` accepted), each finding placed
 * on its line. A file that does not parse gives its syntax errors as the errors.
 * @throws FileError when the file cannot be read.
 */
export function lintFile(file: string): LocatedTemplateLint {
  let source: Source;
  try {
    source = loadTemplate(file);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    const errors = e.diagnostics.map((d): LocatedLintFinding => ({ ...d, logicalId: '', section: '' }));
    return { services: [], errors, warnings: [] };
  }
  const result = core().lintTemplate(source.value);
  const locate = (f: LintFinding): LocatedLintFinding => ({ ...f, ...source.locate(f) });
  return { services: result.services, errors: inFileOrder(result.errors, locate), warnings: inFileOrder(result.warnings, locate) };
}

function rethrow<T>(run: () => T, loaded?: LoadedSpec): T {
  try {
    return run();
  } catch (e) {
    if (!isCoreError(e)) throw e;
    if (loaded === undefined) throw new SpecError(e.message, e.diagnostics, e.warnings);
    throw specError(inFileOrder(e.diagnostics, loaded.locate), inFileOrder(e.warnings, loaded.locate), 'invalid');
  }
}

/**
 * Diagnostics placed in their file, in the order of their lines and columns there (the core reports them in
 * its own order, rule by rule); with two files (diff), each file's in turn. Those about a whole file come
 * first; the sort is stable, so findings at one spot keep the core's order.
 */
function inFileOrder<D extends Diagnostic, L extends LocatedDiagnostic>(list: D[], locate: (d: D) => L): L[] {
  const placed = list.map(locate);
  const files = [...new Set(placed.map((d) => d.file))];
  const file = (d: L) => files.indexOf(d.file);
  return placed.sort((a, b) => file(a) - file(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function specError(errors: LocatedDiagnostic[], warnings: LocatedDiagnostic[], what: string): SpecError {
  const file = errors.find((d) => d.file !== undefined)?.file;
  const noun = errors.length === 1 ? 'problem' : 'problems';
  const head = file === undefined ? `${errors.length} ${noun}` : `${file} is ${what}: ${errors.length} ${noun}`;
  const lines = errors.map((d) => `\n  ${where(d)}${d.path === '' ? '' : `${d.path}: `}${d.message}`);
  return new SpecError(head + ':' + lines.join(''), errors, warnings);
}
