// The core's rules that compare services (clashing service names in a cluster, two WAF settings on one shared
// load balancer, the shared execution role's policy quota) need every service of a stack in one spec, while
// each construct synthesizes its own service alone. This keeps the stack's service specs on its shared scope
// and, once the app is complete, runs the core's `checkStack` over all of them: errors fail synthesis (a
// validation of the shared scope), warnings become annotations on the service concerned. Who a finding is
// about and whom it involves come from the diagnostics' fields (`service`, `related`), never their text.
import { Annotations, AspectPriority, Aspects } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { checkStack, Diagnostic } from './core';
import { propPath } from './diagnostics';
import { sharedScope } from './fragment';

interface Registered {
  readonly construct: Construct;
  /** The service's key in the stack's spec: its name, made unique in the stack. */
  readonly key: string;
  readonly spec: { [key: string]: unknown };
}

interface Found {
  readonly errors: string[];
  readonly warnings: Array<{ scope: Construct; code: string; message: string }>;
}

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

  public add(construct: Construct, name: string, spec: { [key: string]: unknown }): void {
    let key = name;
    for (let n = 2; this.services.some((s) => s.key === key); n++) key = `${name}${n}`;
    this.services.push({ construct, key, spec });
  }

  /** The core's checks across the services (scope `stack` only), computed once per set of services. */
  private check(): Found {
    if (this.found?.count === this.services.length) return this.found.result;
    const spec = { services: Object.fromEntries(this.services.map((s) => [s.key, s.spec])) };
    const report = checkStack(spec);
    const result: Found = {
      errors: report.errors.map((d) => {
        const service = this.byKey(d.service);
        const where = service === undefined ? 'the Express services of this stack' : `ExpressService ${service.construct.node.path}`;
        return `${where}: ${this.prop(d, service)}${d.message}${this.others(d)}${hint(d)} [${d.code}]`;
      }),
      warnings: report.warnings.map((d) => {
        const service = this.byKey(d.service);
        return { scope: service?.construct ?? this.scope, code: d.code, message: `${this.prop(d, service)}${d.message}${this.others(d)}${hint(d)}` };
      }),
    };
    this.found = { count: this.services.length, result };
    return result;
  }

  private byKey(key: string | undefined): Registered | undefined {
    return key === undefined ? undefined : this.services.find((s) => s.key === key);
  }

  /** The prop a finding names, as `prop: `, or nothing when it is about the service as a whole. */
  private prop(d: Diagnostic, service: Registered | undefined): string {
    if (service === undefined) return '';
    const prop = propPath(d.path, service.key);
    return prop === '(props)' || prop === '(spec)' ? '' : `${prop}: `;
  }

  /** The construct paths of the other services a finding involves. */
  private others(d: Diagnostic): string {
    const named = d.related.flatMap((key) => this.byKey(key) ?? []);
    if (named.length === 0) return '';
    return ` (${named.map((s) => `${s.key} is ExpressService ${s.construct.node.path}`).join('; ')})`;
  }
}

function hint(d: Diagnostic): string {
  const text = CONSTRUCT_HINTS[d.code];
  return text === undefined ? '' : `; ${text}`;
}

/** Registers a service whose own spec the core accepted, for the checks across the services of its stack. */
export function registerService(construct: Construct, name: string, spec: { [key: string]: unknown }): void {
  const scope = sharedScope(construct);
  let registry = registries.get(scope);
  if (registry === undefined) {
    registry = new StackServices(scope);
    registries.set(scope, registry);
  }
  registry.add(construct, name, spec);
}
