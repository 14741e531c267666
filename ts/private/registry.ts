// The core's rules that compare services (clashing service names in a cluster, two WAF settings on load
// balancers Express may share, the shared execution role's policy quota, the template's limits) need every
// service in one spec, while each construct synthesizes its own service alone. This keeps the app's service
// specs, with the stack of each, and once the app is complete runs the core's `checkStack` over the services
// of each account and Region: what one stack shares is checked per stack, what the account shares (names,
// load balancers) across the app's stacks of one environment. A stack whose account or Region is not known
// at synthesis (env-agnostic) may be deployed anywhere, so it is checked on its own. Errors fail synthesis (a validation of each stack's shared scope), warnings become annotations
// on the service concerned. Who a finding is about and whom it involves come from the diagnostics' fields
// (`service`, `related`), never their text.
//
// It also holds what a stack's services share that the core cannot see one service at a time: the web ACL of
// each ExpressWaf value (one per value and stack), composed once the stack's services are all known into one
// web ACL per network (the core's, from the stack's whole spec: each value's rules scoped to its services'
// hosts), and the stack's URL outputs (one per service while they fit in CloudFormation's limit, else grouped;
// decided once the stack's outputs are all known).
import { Annotations, AspectPriority, Aspects, CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { ExpressWaf } from '../waf';
import { checkStack, Diagnostic, sharedChanges, urlOutputs } from './core';
import { propPath } from './spec';
import { constructHint } from './hints';
import { makeOutputs, referencedId, rewriteReferences, sharedScope } from './fragment';

/** A registered service: its spec as it is once the app is complete (a task role may be made late). */
export interface ServiceEntry {
  readonly construct: Construct;
  readonly name: string;
  readonly spec: () => { [key: string]: unknown };
  /** The web ACLs (by name) its spec refers to. */
  readonly webAcls: { [name: string]: unknown };
  /** Its URL for the stack's outputs, and how to make its own output; absent with `output: false`. */
  readonly url?: { readonly value: string; readonly ownOutputs: () => void };
}

interface Registered extends ServiceEntry {
  /** The service's key in the app's spec: its name, made unique in the app. */
  readonly key: string;
  readonly stack: Stack;
}

interface Found {
  readonly errors: Map<Stack, string[]>;
  readonly warnings: Array<{ scope: Construct; code: string; message: string }>;
}


const apps = new WeakMap<Construct, AppServices>();

class AppServices {
  private readonly services: Registered[] = [];
  private readonly keys = new Set<string>();
  private readonly stacks = new Map<Stack, StackServices>();
  private found?: { count: number; result: Found };

  public add(entry: ServiceEntry): void {
    let key = entry.name;
    for (let n = 2; this.keys.has(key); n++) key = `${entry.name}${n}`;
    this.keys.add(key);
    const stack = Stack.of(entry.construct);
    this.services.push({ ...entry, key, stack });
    this.stack(stack).add(entry);
  }

  /** The stack's share, if any service of it was registered (never made here). */
  public stackIfAny(stack: Stack): StackServices | undefined {
    return this.stacks.get(stack);
  }

  /** The services registered in `stack`, in the order they were made. */
  public servicesOf(stack: Stack): Registered[] {
    return this.services.filter((s) => s.stack === stack);
  }

  /** The stack's share of what the services of this app have in common (made on first use). */
  public stack(stack: Stack): StackServices {
    let s = this.stacks.get(stack);
    if (s === undefined) {
      s = new StackServices(this, stack);
      this.stacks.set(stack, s);
    }
    return s;
  }

  /** The core's checks across the services (scope `stack` only), computed once per set of services. */
  public check(): Found {
    if (this.found?.count === this.services.length) return this.found.result;
    const byEnvironment = new Map<string, Registered[]>();
    for (const s of this.services) {
      const env = Token.isUnresolved(s.stack.account) || Token.isUnresolved(s.stack.region) ? `stack:${s.stack.node.path}` : `${s.stack.account}/${s.stack.region}`;
      byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), s]);
    }
    const result: Found = { errors: new Map(), warnings: [] };
    // Each stack alone (its template, its shared roles), then what services of different stacks of one
    // environment find about each other.
    for (const stack of this.stacks.keys()) this.checkTogether(this.services.filter((s) => s.stack === stack), result, false);
    for (const services of byEnvironment.values()) {
      if (new Set(services.map((s) => s.stack)).size > 1) this.checkTogether(services, result, true);
    }
    this.found = { count: this.services.length, result };
    return result;
  }

  /**
   * The core's checks over services that may meet in one account and Region, added to `found`; only the
   * findings that involve services of several stacks when `acrossStacks`.
   */
  private checkTogether(services: Registered[], found: Found, acrossStacks: boolean): void {
    const webAcls: { [name: string]: unknown } = {};
    for (const s of services) Object.assign(webAcls, s.webAcls);
    const spec = { webAcls, services: Object.fromEntries(services.map((s) => [s.key, s.spec()])) };
    const stacks = Object.fromEntries(services.map((s) => [s.key, s.stack.node.path]));
    const report = checkStack(spec, stacks);
    const byKey = new Map(services.map((s) => [s.key, s]));
    const stacksOf = (d: Diagnostic) =>
      new Set([d.service, ...d.related].flatMap((k) => (k === undefined ? [] : [byKey.get(k)?.stack])).filter((st) => st !== undefined));
    const wanted = (d: Diagnostic) => !acrossStacks || stacksOf(d).size > 1;
    for (const d of report.errors.filter(wanted)) {
      const service = d.service === undefined ? undefined : byKey.get(d.service);
      const where = service === undefined ? 'the Express services of this stack' : `ExpressService ${service.construct.node.path}`;
      const message = `${where}: ${this.prop(d, service)}${d.message}${this.others(d, byKey)}${hint(d)} [${d.code}]`;
      // Said once: in the stack of the service it is about, else of the services it involves, else checked.
      const involved = service !== undefined ? new Set([service.stack]) : stacksOf(d);
      for (const stack of involved.size > 0 ? involved : new Set(services.map((s) => s.stack))) {
        found.errors.set(stack, [...(found.errors.get(stack) ?? []), message]);
      }
    }
    for (const d of report.warnings.filter(wanted)) {
      const service = d.service === undefined ? undefined : byKey.get(d.service);
      const scope = service?.construct ?? sharedScope(services[0].construct);
      found.warnings.push({ scope, code: d.code, message: `${this.prop(d, service)}${d.message}${this.others(d, byKey)}${hint(d)}` });
    }
  }

  /** The prop a finding names, as `prop: `, or nothing when it is about the service as a whole. */
  private prop(d: Diagnostic, service: Registered | undefined): string {
    if (service === undefined) return '';
    const prop = propPath(d.path, service.key);
    return prop === '(props)' || prop === '(spec)' ? '' : `${prop}: `;
  }

  /** The construct paths of the other services a finding involves. */
  private others(d: Diagnostic, byKey: Map<string, Registered>): string {
    const named = d.related.flatMap((key) => byKey.get(key) ?? []);
    if (named.length === 0) return '';
    return ` (${named.map((s) => `${s.key} is ExpressService ${s.construct.node.path}`).join('; ')})`;
  }
}

/** One stack's services: its web ACL names, its URL outputs, and where its findings are reported. */
class StackServices {
  private readonly wafs = new Map<ExpressWaf, string>();
  /** The web ACL of each service (by construct) once composed, where it is not its ExpressWaf value's own. */
  private readonly composed = new Map<Construct, CfnResource>();
  private readonly urls: Array<NonNullable<ServiceEntry['url']> & { label: string }> = [];

  constructor(
    private readonly app: AppServices,
    private readonly stack: Stack,
  ) {
    const scope = sharedScope(stack);
    scope.node.addValidation({ validate: () => this.app.check().errors.get(stack) ?? [] });
    let outputs = false;
    let warned = false;
    Aspects.of(scope).add(
      {
        visit: (node: IConstruct) => {
          if (node !== scope || outputs) return;
          outputs = true;
          this.composeWebAcls(scope);
          this.makeOutputs(scope);
        },
      },
      { priority: AspectPriority.MUTATING },
    );
    Aspects.of(scope).add(
      {
        visit: (node: IConstruct) => {
          if (node !== scope || warned) return;
          warned = true;
          for (const w of this.app.check().warnings) {
            if (Stack.of(w.scope) === stack) Annotations.of(w.scope).addWarningV2(`cdk-express-service:${w.code}`, w.message);
          }
        },
      },
      { priority: AspectPriority.READONLY },
    );
  }

  public add(entry: ServiceEntry): void {
    if (entry.url !== undefined) {
      const label = entry.construct.node.path.slice(this.stack.node.path.length + 1);
      this.urls.push({ ...entry.url, label });
    }
  }

  /** The name of the web ACL an ExpressWaf value makes in this stack: one per value. */
  public webAclName(waf: ExpressWaf): string {
    let name = this.wafs.get(waf);
    if (name === undefined) {
      name = this.wafs.size === 0 ? 'Waf' : `Waf${this.wafs.size + 1}`;
      this.wafs.set(waf, name);
    }
    return name;
  }

  /** The web ACL that protects `construct` once the stack's web ACLs are composed, if not its value's own. */
  public webAclOf(construct: Construct): CfnResource | undefined {
    return this.composed.get(construct);
  }

  /**
   * One web ACL per network: the web ACLs the services made one per ExpressWaf value, composed by the core from
   * the stack's whole spec, where the values are not one per network already. The core says what to change on
   * the shared resources (`sharedChanges`: properties to set and resources to take out, by local ID, and each
   * service's web ACL); this applies it as it is given, local references made tokens as in a fragment.
   */
  private composeWebAcls(scope: Construct): void {
    const services = this.app.servicesOf(this.stack);
    const wafOf = (spec: { [key: string]: unknown }) => spec.waf as { webAcl?: string } | undefined;
    const specs = services.map((s) => s.spec());
    const names = new Set(specs.flatMap((spec) => wafOf(spec)?.webAcl ?? []));
    const without = specs.some((spec) => wafOf(spec) === undefined || (spec.waf as unknown) === false);
    // One value for all the stack's services (or none): each web ACL is already the network's.
    if (names.size === 0 || (names.size === 1 && !without)) return;
    const webAcls: { [name: string]: unknown } = {};
    for (const s of services) Object.assign(webAcls, s.webAcls);
    const changes = sharedChanges({ webAcls, services: Object.fromEntries(services.map((s, i) => [s.key, specs[i]])) });
    if (changes.errors.length > 0) {
      // What keeps the stack from one template is said by the checks across its services; the web ACLs
      // cannot be composed meanwhile.
      const messages = changes.errors.map((d) => `the Express services of this stack: their web ACLs cannot be composed: ${d.message} [${d.code}]`);
      scope.node.addValidation({ validate: () => messages });
      return;
    }
    // The core's changes name the stack's shared resources and the services' own by local ID.
    const byKey = new Map(services.map((s) => [s.key, s]));
    const find = (id: string): CfnResource | undefined => {
      const own = changes.serviceResources[id];
      const holder = own === undefined ? scope : byKey.get(own.service)?.construct;
      return holder?.node.tryFindChild(own?.localId ?? id) as CfnResource | undefined;
    };
    for (const [id, properties] of Object.entries(changes.replace)) {
      const resource = scope.node.tryFindChild(id) as CfnResource | undefined;
      if (resource === undefined) continue;
      for (const [property, value] of Object.entries(properties)) resource.addPropertyOverride(property, rewriteReferences(value, find));
    }
    for (const [key, attributes] of Object.entries(changes.serviceAttributes)) {
      const service = byKey.get(key);
      const id = referencedId(attributes.webAclArn);
      const acl = id === undefined ? undefined : (scope.node.tryFindChild(id) as CfnResource | undefined);
      if (service !== undefined && acl !== undefined) this.composed.set(service.construct, acl);
    }
    for (const id of changes.remove) scope.node.tryRemoveChild(id);
  }

  /** One output per service while they fit beside the stack's other outputs, else the core's groups. */
  private makeOutputs(scope: Construct): void {
    if (this.urls.length === 0) return;
    const otherOutputs = this.stack.node.findAll().filter((c) => c instanceof CfnOutput).length;
    const plan = urlOutputs({ urls: this.urls.map((u) => ({ label: u.label, url: u.value })), otherOutputs });
    if (plan.errors.length > 0) {
      const messages = plan.errors.map((d) => `the Express services of this stack: ${d.message} [${d.code}]`);
      scope.node.addValidation({ validate: () => messages });
      return;
    }
    if (plan.outputs === undefined) {
      for (const u of this.urls) u.ownOutputs();
      return;
    }
    // The core names them as the stack's logical IDs (not after the shared scope's path).
    for (const output of makeOutputs(scope, plan.outputs)) output.overrideLogicalId(output.node.id);
  }
}

function hint(d: Diagnostic): string {
  return constructHint(d.code);
}

function appOf(construct: Construct): AppServices {
  const root = construct.node.root;
  let app = apps.get(root);
  if (app === undefined) {
    app = new AppServices();
    apps.set(root, app);
  }
  return app;
}

/** Registers a service whose own spec the core accepted, for the checks across the services of its app. */
export function registerService(entry: ServiceEntry): void {
  appOf(entry.construct).add(entry);
}

/** The web ACL of the service `construct` once its stack's web ACLs are composed, if not its value's own. */
export function composedWebAcl(construct: Construct): CfnResource | undefined {
  return appOf(construct).stackIfAny(Stack.of(construct))?.webAclOf(construct);
}

/** The name of the web ACL `waf` makes in the stack of `scope` (the same for every service given it). */
export function webAclName(scope: Construct, waf: ExpressWaf): string {
  return appOf(scope).stack(Stack.of(scope)).webAclName(waf);
}
