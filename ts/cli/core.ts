// The WASM core, loaded once with a synchronous require (the package's node build). Its functions and
// result shapes are typed by the core package's own .d.ts. Nothing here knows CloudFormation: every
// decision is the core's.

import type { CoreError } from './types';

/** The functions of `cdk-express-service-core`, as its generated .d.ts declares them. */
export type Core = typeof import('cdk-express-service-core');

export type { CoreError };

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

/** The core package's version, without loading its module (`--version` needs no WebAssembly). The package is
 * versioned as the crate it is built from (scripts/build.mjs), which is what the core's `version()` says. */
export function coreVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('cdk-express-service-core/package.json') as { version: string }).version;
  } catch (e) {
    throw new CoreLoadError(e);
  }
}

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
