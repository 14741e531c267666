// The shapes of the core's results come from the core package itself (its .d.ts is generated with the
// WASM), so they cannot drift from the Rust side. Only what the CLI adds is declared here.

import type { Diagnostic, SynthResult, ValidationReport } from 'cdk-express-service-core';

export type {
  Diagnostic,
  Explanation,
  ExplanationItem,
  ExplanationKind,
  Fragment,
  Json,
  JsonObject,
  PropertyChange,
  ServiceChange,
  SynthResult,
  TemplateDiff,
  ValidationReport,
  SpecError as CoreError,
} from 'cdk-express-service-core';

/** A diagnostic placed in the file it came from (when the CLI or `loadSpec` read one). */
export interface LocatedDiagnostic extends Diagnostic {
  /** The file, as given. */
  readonly file?: string;
  /** 1-based line of the offending value (or of its nearest existing parent when the value is missing). */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** The text of that line. */
  readonly source?: string;
}

/** `validateFile()`: the core's report, its diagnostics placed in the file. */
export interface ValidationResult extends ValidationReport {
  errors: LocatedDiagnostic[];
  warnings: LocatedDiagnostic[];
}

/** `synthFile()`: the core's result, its warnings placed in the file. */
export interface LocatedSynthResult extends SynthResult {
  warnings: LocatedDiagnostic[];
}
