// The WASM core, loaded synchronously (constructors cannot await). Only the few shapes the construct reads are
// typed here; the core's own API reference is docs/core-api.md.
const core = require('cdk-express-service-core');

/** A problem or warning about a spec, naming its property path inside the spec. */
export interface Diagnostic {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** A CloudFormation fragment of one service, with local IDs (docs/core-api.md, "The fragment"). */
export interface Fragment {
  readonly resources: { [id: string]: { [key: string]: unknown } };
  readonly shared: string[];
  readonly outputs: { [id: string]: { [key: string]: unknown } };
  readonly attributes: { [name: string]: unknown };
  readonly warnings: Diagnostic[];
}

/** The core's rejection of a spec: every error at once (and the warnings found on the way). */
export class CoreSpecError extends Error {
  constructor(
    message: string,
    public readonly diagnostics: Diagnostic[],
  ) {
    super(message);
  }
}

/** `synthService(spec, name)`, with the core's SpecError turned into a typed one. */
export function synthService(spec: object, name: string): Fragment {
  try {
    return core.synthService(spec, name) as Fragment;
  } catch (e) {
    const diagnostics = (e as { diagnostics?: unknown }).diagnostics;
    if (Array.isArray(diagnostics)) {
      throw new CoreSpecError((e as Error).message, diagnostics as Diagnostic[]);
    }
    throw e;
  }
}

/** `validate(spec)`: never throws. */
export function validate(spec: object): { valid: boolean; errors: Diagnostic[]; warnings: Diagnostic[] } {
  return core.validate(spec);
}
