// The shapes of the core's results come from the core package itself (its .d.ts is generated with the
// WASM), so they cannot drift from the Rust side. Only what the CLI adds is declared here.

import type { SynthResult, ValidationReport } from 'cdk-express-service-core';
import type { LocatedDiagnostic } from '../text/parse';

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

export type { LocatedDiagnostic } from '../text/parse';

/** `validateFile()`: the core's report, its diagnostics placed in the file. */
export interface ValidationResult extends ValidationReport {
  errors: LocatedDiagnostic[];
  warnings: LocatedDiagnostic[];
}

/** `synthFile()`: the core's result, its warnings placed in the file. */
export interface LocatedSynthResult extends SynthResult {
  warnings: LocatedDiagnostic[];
}
