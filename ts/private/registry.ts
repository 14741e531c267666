// The core's rules that compare services (clashing service names in a cluster, two WAF settings on one shared
// load balancer, the shared execution role's policy quota) need every service of a stack in one spec, while
// each construct synthesizes its own service alone. This keeps the stack's service specs on its shared scope
// and, once the app is complete, runs the core's `validate` over all of them: errors fail synthesis (a
// validation of the shared scope), warnings become annotations on the service concerned.
import { Annotations, AspectPriority, Aspects, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { Diagnostic, validate } from './core';
import { propPath } from './diagnostics';
import { sharedScope } from './fragment';

interface Registered {
  readonly construct: Construct;
  /** The service's key in the stack's spec: its name, made unique in the stack. */
  readonly key: string;
  readonly spec: { [key: string]: unknown };
  /** What the construct already reported from its own synthesis, as `code|prop|message`. */
  readonly own: Set<string>;
}

interface Found {
  readonly errors: string[];
  readonly warnings: Array<{ scope: Construct; code: string; message: string }>;
}

/**
 * Findings about the core's standalone template only: its logical IDs are the spec's keys plus a suffix, which
 * can collide (a construct's come from its construct path), and it may be too big to pass inline (the CDK
 * always deploys templates from its assets bucket).
 */
const STANDALONE_ONLY = new Set(['logical-id', 'template-size']);

/** What to do about a finding with constructs, where the core's message speaks of the spec. */
const CONSTRUCT_HINTS: { [code: string]: string } = {
  'waf-shared-load-balancer': 'with ExpressServices, associate one web ACL with all of them: ExpressWaf.fromWebAclArn(...)',
};

const registries = new WeakMap<Construct, StackServices>();

class StackServices {
  private readonly services: Registered[] = [];
  private found?: { count: number; result: Found };

  constructor(private readonly scope: Construct) {
    scope.node.addValidation({ validate: () => this.check().errors });
    let done = false;
    Aspects.of(scope).add(
      {
        visit: (node: IConstruct) => {
          if (node !== scope || done) return;
          done = true;
          for (const w of this.check().warnings) Annotations.of(w.scope).addWarningV2(`cdk-express-service:${w.code}`, w.message);
        },
      },
      { priority: AspectPriority.READONLY },
    );
  }

  public add(construct: Construct, name: string, spec: { [key: string]: unknown }, own: Diagnostic[]): void {
    let key = name;
    for (let n = 2; this.services.some((s) => s.key === key); n++) key = `${name}${n}`;
    const seen = new Set(own.map((d) => `${d.code}|${propPath(d.path, name)}|${d.message}`));
    this.services.push({ construct, key, spec: grantedByCore(spec), own: seen });
  }

  /** The cross-service findings, computed once per set of services. */
  private check(): Found {
    if (this.found?.count === this.services.length) return this.found.result;
    const spec = { services: Object.fromEntries(this.services.map((s) => [s.key, s.spec])) };
    const report = validate(spec);
    const errors: string[] = [];
    const warnings: Found['warnings'] = [];
    for (const d of report.errors) {
      if (STANDALONE_ONLY.has(d.code)) continue;
      const [where, prop] = this.locate(d);
      errors.push(`${where}: ${prop}${d.message}${this.others(d)}${hint(d)} [${d.code}]`);
    }
    for (const d of report.warnings) {
      if (STANDALONE_ONLY.has(d.code)) continue;
      const service = this.serviceOf(d);
      const prop = service === undefined ? '' : propPath(d.path, service.key);
      if (service !== undefined && service.own.has(`${d.code}|${prop}|${d.message}`)) continue;
      warnings.push({
        scope: service?.construct ?? this.scope,
        code: d.code,
        message: `${service === undefined ? '' : `${prop}: `}${d.message}${this.others(d)}${hint(d)}`,
      });
    }
    const result = { errors, warnings };
    this.found = { count: this.services.length, result };
    return result;
  }

  private serviceOf(d: Diagnostic): Registered | undefined {
    return this.services.find((s) => d.path === `services.${s.key}` || d.path.startsWith(`services.${s.key}.`));
  }

  /** Who a finding is about, and the prop it names. */
  private locate(d: Diagnostic): [string, string] {
    const service = this.serviceOf(d);
    if (service === undefined) return [`the Express services of this stack`, ''];
    const prop = propPath(d.path, service.key);
    return [`ExpressService ${service.construct.node.path}`, prop === '(props)' ? '' : `${prop}: `];
  }

  /** The construct paths of the other services a message names by key. */
  private others(d: Diagnostic): string {
    const self = this.serviceOf(d);
    const named = this.services.filter((s) => s !== self && new RegExp(`\\b${s.key}\\b`).test(d.message));
    if (named.length === 0) return '';
    return ` (${named.map((s) => `${s.key} is ExpressService ${s.construct.node.path}`).join('; ')})`;
  }
}

function hint(d: Diagnostic): string {
  const text = CONSTRUCT_HINTS[d.code];
  return text === undefined ? '' : `; ${text}`;
}

/**
 * The spec as far as the core's grants go: secrets and registry credentials given as tokens (other
 * constructs' ARNs) are granted by the construct through CDK, not by a policy of the core, so they do not
 * count towards the shared execution role's policies.
 */
function grantedByCore(spec: { [key: string]: unknown }): { [key: string]: unknown } {
  const out = { ...spec };
  const secrets = spec.secrets as { [name: string]: string } | undefined;
  if (secrets !== undefined) {
    out.secrets = Object.fromEntries(Object.entries(secrets).filter(([, arn]) => !Token.isUnresolved(arn)));
  }
  if (typeof spec.repositoryCredentials === 'string' && Token.isUnresolved(spec.repositoryCredentials)) {
    delete out.repositoryCredentials;
  }
  return out;
}

/** Registers a service whose own spec the core accepted, for the checks across the services of its stack. */
export function registerService(construct: Construct, name: string, spec: { [key: string]: unknown }, own: Diagnostic[]): void {
  const scope = sharedScope(construct);
  let registry = registries.get(scope);
  if (registry === undefined) {
    registry = new StackServices(scope);
    registries.set(scope, registry);
  }
  registry.add(construct, name, spec, own);
}
