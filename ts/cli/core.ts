// The WASM core, loaded once with a synchronous require (the package's node build), typed with the shapes
// of docs/core-api.md. Nothing here knows CloudFormation: every decision is the core's.

import { Diagnostic, Explanation, Fragment, JsonObject, TemplateDiff } from './types';

interface CoreValidation {
  readonly valid: boolean;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
}

interface CoreSynth {
  readonly template: JsonObject;
  readonly json: string;
  readonly warnings: Diagnostic[];
}

/** The functions of `cdk-express-service-core`. */
export interface Core {
  version(): string;
  schema(): JsonObject;
  validate(spec: unknown): CoreValidation;
  synthTemplate(spec: unknown): CoreSynth;
  synthService(spec: unknown, name: string): Fragment;
  explain(spec: unknown): Explanation;
  diffTemplates(oldTemplate: unknown, newTemplate: unknown): TemplateDiff;
}

/** The error the core throws for a rejected input (`SpecError` in docs/core-api.md). */
export interface CoreError extends Error {
  readonly diagnostics: Diagnostic[];
  readonly warnings: Diagnostic[];
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof Error && Array.isArray((e as Partial<CoreError>).diagnostics);
}

/** A missing or broken install of the core: not the user's input, not a bug of the CLI. */
export class CoreLoadError extends Error {
  constructor(cause: unknown) {
    super(
      `cannot load cdk-express-service-core (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}); ` +
        'reinstall cdk-express-service, or in its repository run `npm run build`',
    );
    this.name = 'CoreLoadError';
  }
}

let loaded: Core | undefined;

/** The core, required on first use so that a broken install is reported as such, not as a stack trace. */
export function core(): Core {
  if (loaded === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('cdk-express-service-core') as Core;
    } catch (e) {
      throw new CoreLoadError(e);
    }
  }
  return loaded;
}
