// The shape of the props as JavaScript (or JSON-made) callers may pass them: TypeScript rejects an unknown prop
// or an object where a list belongs at compile time, plain JavaScript does not, and a typo (`memroy: 512`)
// would be ignored silently. These are the construct's own props (no CloudFormation here); the lists are
// checked against the jsii assembly by tests/construct/hostile.test.mjs, so they cannot drift from props.ts.
import { describe } from '../text/describe';
import { suggest } from './core';
import { recalledOptions } from './options';

/** A problem found before the core sees the spec, named by prop path. */
export interface PropProblem {
  readonly prop: string;
  readonly message: string;
}

/** The props of each object type, by the name its props have in messages. */
export const PROP_NAMES = {
  ExpressServiceProps: [
    'image', 'serviceName', 'containerPort', 'command', 'environment', 'secrets', 'cpu', 'memory', 'healthCheckPath',
    'cluster', 'vpc', 'vpcSubnets', 'securityGroups', 'scaling', 'taskRole', 'executionRole', 'infrastructureRole',
    'logGroup', 'logStreamPrefix', 'logRetention', 'logEncryptionKey', 'waf', 'tags', 'output', 'sidecars', 'taskDefinition',
    'domain',
  ],
  ExpressScaling: ['minTasks', 'maxTasks', 'metric', 'targetValue'],
  ExpressDomain: ['names', 'certificate', 'hostedZone'],
  ExpressSidecar: ['name', 'image', 'essential', 'command', 'environment', 'secrets', 'portMappings', 'cpu', 'memory', 'dependsOn'],
  ExpressSidecarPort: ['containerPort', 'protocol'],
  ExpressContainerDependency: ['container', 'condition'],
  ExpressWafManagedRulesOptions: ['rateLimit', 'ruleGroups', 'allowOnlyFrom'],
  ExpressRegistryImageOptions: ['credentials'],
  ExpressHelpersProps: ['runtime', 'logEncryptionKey', 'vpc', 'vpcSubnets', 'securityGroups'],
} as const;

export type Kind = keyof typeof PROP_NAMES;

/** Each key of `value` that `kind` does not know, under `prefix`, with the nearest known one or the list. */
export function unknownKeys(value: object, prefix: string, kind: Kind, noun: 'prop' | 'option' = 'prop'): PropProblem[] {
  const known: readonly string[] = PROP_NAMES[kind];
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const near = suggest(key, known);
      const hint = near === undefined ? `; valid: ${known.join(', ')}` : `; did you mean ${near}?`;
      return { prop: `${prefix}${shown(key)}`, message: `is not a${noun === 'option' ? 'n' : ''} ${noun} of ${kind}${hint}` };
    });
}

/** What is wrong with the props' shape; `fatal` when reading them further would misread them. */
export function shapeProblems(props: unknown): { problems: PropProblem[]; fatal: boolean } {
  const problems: PropProblem[] = [];
  let fatal = false;
  const object = (value: unknown, prefix: string, kind: Kind): value is { [key: string]: unknown } => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      problems.push(...unknownKeys(value, prefix, kind));
      return true;
    }
    fatal = true;
    problems.push({ prop: prefix === '' ? '(props)' : prefix.replace(/\.$/, ''), message: `expected an object (${kind}), got ${describe(value)}` });
    return false;
  };
  // Undefined props are read as {} (the core then says what is required).
  if (props === undefined || props === null) return { problems, fatal };
  if (!object(props, '', 'ExpressServiceProps')) return { problems, fatal };
  const optional = (value: unknown, prefix: string, kind: Kind) => value === undefined || object(value, prefix, kind);
  optional(props.scaling, 'scaling.', 'ExpressScaling');
  optional(props.domain, 'domain.', 'ExpressDomain');
  // A sidecar list, or entry, of another type reaches the core, which says what it expected; only the keys
  // of the objects are the construct's to check.
  const keys = (value: unknown, prefix: string, kind: Kind): value is { [key: string]: unknown } =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && object(value, prefix, kind);
  const each = (value: unknown, prop: string, check: (item: unknown, prefix: string) => void) => {
    if (Array.isArray(value)) value.forEach((item, i) => check(item, `${prop}[${i}].`));
  };
  each(props.sidecars, 'sidecars', (sidecar, prefix) => {
    if (!keys(sidecar, prefix, 'ExpressSidecar')) return;
    each(sidecar.portMappings, `${prefix}portMappings`, (m, p) => keys(m, p, 'ExpressSidecarPort'));
    each(sidecar.dependsOn, `${prefix}dependsOn`, (d, p) => keys(d, p, 'ExpressContainerDependency'));
  });
  return { problems, fatal };
}

/**
 * What is wrong with the options a factory made `value` from (`ExpressWaf.managedRules({ rate_limit: 100 })`),
 * given at prop `prop`: each key the options do not know, as the props' own.
 */
export function optionProblems(value: unknown, prop: string): PropProblem[] {
  const recalled = recalledOptions(value);
  if (recalled === undefined || !(recalled.kind in PROP_NAMES)) return [];
  const kind = recalled.kind as Kind;
  const options = recalled.options;
  // Left out, or undefined: the defaults.
  if (options === undefined) return [];
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    return [{ prop, message: `was made with options that are no object (${kind}): ${describe(options)}` }];
  }
  return unknownKeys(options, `${prop}.`, kind, 'option');
}

/** A key as a message shows it: cut when long, so that a huge key makes a readable message. */
function shown(key: string): string {
  return key.length > 80 ? `${key.slice(0, 50)}…${key.slice(-20)} (${key.length} characters)` : key;
}
