// The shapes of the core's results come from the core package itself (its .d.ts is generated with the
// WASM), so they cannot drift from the Rust side. Only what the CLI adds is declared here.

import type { LintFinding, SynthResult, TemplateLint, ValidationReport } from 'cdk-express-service-core';
import type { LocatedDiagnostic } from '../text/parse';

export type {
  Diagnostic,
  Explanation,
  ExplanationItem,
  ExplanationKind,
  Fragment,
  Json,
  JsonObject,
  LintFinding,
  PropertyChange,
  ServiceChange,
  SynthResult,
  TemplateDiff,
  TemplateLint,
  ValidationReport,
  SpecError as CoreError,
} from 'cdk-express-service-core';

export type { LocatedDiagnostic } from '../text/parse';

/** `validateFile()`: the core's report, its diagnostics placed in the file. */
export interface ValidationResult extends ValidationReport {
  errors: LocatedDiagnostic[];
  warnings: LocatedDiagnostic[];
}

/** A finding of `lintFile()`: the core's, placed in the template file (line, column, the line's text). */
export interface LocatedLintFinding extends LocatedDiagnostic {
  /** The logical ID of the template entry it is placed at (the service, an association, an output). */
  readonly logicalId: string;
  /** The template's section that entry is in (`Resources`, `Outputs`), empty for the template as a whole. */
  readonly section: LintFinding['section'];
}

/** `lintFile()`: the core's findings in a template, each placed in the file. */
export interface LocatedTemplateLint extends TemplateLint {
  errors: LocatedLintFinding[];
  warnings: LocatedLintFinding[];
}

/** `synthFile()`: the core's result, its warnings placed in the file. */
export interface LocatedSynthResult extends SynthResult {
  warnings: LocatedDiagnostic[];
}
