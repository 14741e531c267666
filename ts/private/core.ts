// The WASM core (node build: loads synchronously, as a constructor needs). Its types come with the package;
// none of them appear in the construct's public API.
import { setFlagsFromString } from 'node:v8';
import type * as CoreModule from 'cdk-express-service-core';
import type { Contribution, Diagnostic, Fragment, MetricDef, SharedChanges, UrlOutputs, ValidationReport } from 'cdk-express-service-core';

/**
 * The core, compiled for WebAssembly's baseline tier (Liftoff) only. An app calls it once per service and a few
 * times per stack: V8's optimizing tier (TurboFan, on by default) recompiles the hot functions on background
 * threads at a cost those few calls never earn back. Measured, whole `cdk synth` process against the seed's
 * L1 way at 50 services (bench/results/profile-construct.md): CPU 410 → 283 ms (the seed's 296), wall 799 →
 * 538 ms (607). V8 reads these flags when it compiles a module, so they are set around this module's compile
 * only; `--liftoff-only` turns dynamic tiering off as well, so both are put back to node's defaults for any
 * module compiled later. A host that chose its own WebAssembly tiering flags is left alone.
 */
export const coreModule: typeof CoreModule = loadCore();
const core = coreModule;

function loadCore(): typeof CoreModule {
  const host = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (/liftoff|tier-?up|tiering/.test(host)) return require('cdk-express-service-core');
  setFlagsFromString('--liftoff-only');
  try {
    return require('cdk-express-service-core');
  } finally {
    setFlagsFromString('--no-liftoff-only --wasm-dynamic-tiering');
  }
}

export type { Contribution, Diagnostic, Fragment, MetricDef, SharedChanges };

/** The core's rejection of a spec: every error at once. */
export class CoreSpecError extends Error {
  constructor(
    message: string,
    public readonly diagnostics: Diagnostic[],
  ) {
    super(message);
  }
}

/**
 * An error of ours for what the core gave that it should not have (a fragment naming an unknown resource, a
 * missing attribute): a bug of the library, never of the user's props.
 */
export function coreBug(message: string): Error {
  return new Error(`cdk-express-service: unexpected answer from the core (a bug, please report it): ${message}`);
}

/** `call()`, with the core's SpecError (an Error carrying `diagnostics`) turned into a typed CoreSpecError. */
function typed<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    const diagnostics = (e as { diagnostics?: unknown }).diagnostics;
    if (Array.isArray(diagnostics)) throw new CoreSpecError((e as Error).message, diagnostics as Diagnostic[]);
    throw e;
  }
}

/**
 * What to change on a stack's shared resources once its services are all known (`sharedChanges`: the composed
 * web ACLs), or the spec's errors: never throws.
 */
export function sharedChanges(spec: object): SharedChanges {
  return core.sharedChanges(spec);
}

/** One service's fragment (`synthService`); throws CoreSpecError. */
export function synthService(spec: object, name: string): Fragment {
  return typed(() => core.synthService(spec, name));
}

/** The metrics of a service known by its ARN alone (`importedServiceMetrics`); throws CoreSpecError. */
export function importedServiceMetrics(arn: string): { [name: string]: MetricDef } {
  return typed(() => core.importedServiceMetrics(arn));
}

/** The core's checks across the services of an app (`checkStack`), `stacks` naming each one's stack: never throws. */
export function checkStack(spec: object, stacks: { [serviceKey: string]: string }): ValidationReport {
  return core.checkStack(spec, stacks);
}

/** The core's URL outputs of a stack when one per service does not fit (`urlOutputs`): never throws. */
export function urlOutputs(input: { urls: Array<{ label: string; url: string }>; otherOutputs: number }): UrlOutputs {
  return core.urlOutputs(input);
}

/** Express Mode's rules on what can be seen of a task definition of the user's (`checkTaskDefinition`): never throws. */
export function checkTaskDefinition(seen: { containers: Array<{ name: string; portMappings: Array<{ name?: string; protocol?: string }> }> }): ValidationReport {
  return core.checkTaskDefinition(seen);
}

/** The core's rules on a set of tags (`checkTags`): never throws. */
export function checkTags(tags: { [key: string]: string }): ValidationReport {
  return core.checkTags(tags);
}

/** The name of `known` a mistyped `given` most likely meant, chosen as the core's own messages choose it. */
export function suggest(given: string, known: readonly string[]): string | undefined {
  return core.suggest(given, known);
}

/** Every error and warning of a spec (`validate`): never throws. */
export function validate(spec: object): ValidationReport {
  return core.validate(spec);
}

/** The newest Node.js runtime of `known` that Lambda takes for the library's functions, as the core knows them. */
export function newestNodeRuntime(known: readonly string[]): string | undefined {
  return core.newestNodeRuntime(known);
}
