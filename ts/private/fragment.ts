// From the core's fragment to constructs: one L1 resource per entry under its local ID (so logical IDs stay
// stable), shared entries once per stack, and every local Ref / Fn::GetAtt / DependsOn turned into the
// construct's token or dependency. Generic: no resource type or property is known here.
//
// Entries become aws-cdk-lib's own L1 classes (CfnRole, CfnWebACL, ...), found by CDK's naming convention and
// built with the parser CDK's `cloudformation-include` uses, so that aspects and policy tools that look for
// them (Tags, cdk-nag, ...) see what the construct made. A type the installed aws-cdk-lib has no L1 class for
// (a custom resource) becomes a plain CfnResource, exactly as `cloudformation-include` does.
//
// One parser: aws-cdk-lib's `CfnParser`, not one of our own. It is internal (`core/lib/helpers-internal`), but
// the L1 factories used here (`_fromCloudFormation`, internal too) are its own clients, generated with it: a
// release that moved it would move them as well, so a parser of ours would save nothing. Checked when this
// was chosen: the module is in aws-cdk-lib's package.json `exports` (so `require` reaches it) in the peer floor
// 2.257.0 and in the newest pinned 2.278.0 (scripts/newest.json), and its declarations (cfn-parse.d.ts) are
// identical in both; the construct suite runs against both (scripts/test-cdk-newest.sh), and
// scripts/bump-newest.sh moves the pin on purpose. What the fragment needs of it: local `Ref` / `Fn::GetAtt` /
// `Fn::Sub` references and `DependsOn` through the finder below, pseudo parameters and the other intrinsics
// kept as CloudFormation reads them, and CDK's token strings (`${Token[...]}`) passed through as strings.
import { CfnOutput, CfnResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Contribution, coreBug, Fragment } from './core';
import { acknowledgeNagFindings } from './nag';

/** What the construct uses of CDK's `CfnParser`. */
interface Parser {
  /** A template value with its intrinsics made tokens (local references: the constructs' tokens). */
  parseValue(value: unknown): unknown;
  /** Applies a resource entry's attributes beside `Type` and `Properties` (DependsOn, policies, Metadata). */
  handleAttributes(resource: CfnResource, entry: Entry, id: string): void;
}

/** How CDK's parser finds the resources a template refers to (the part of its `ICfnFinder` used here). */
interface Finder {
  findCondition(name: string): undefined;
  findMapping(name: string): undefined;
  findRefTarget(id: string): CfnResource | undefined;
  findResource(id: string): CfnResource | undefined;
}

type ParserClass = new (options: { finder: Finder; parameters: {} }) => Parser;

/** aws-cdk-lib's `CfnParser`, loaded on first use with a message naming what moved if it is not there. */
let cfnParser: ParserClass | undefined;

function newParser(finder: Finder): Parser {
  if (cfnParser === undefined) {
    const module = 'aws-cdk-lib/core/lib/helpers-internal';
    const cls: unknown = (require(module) as { CfnParser?: unknown }).CfnParser;
    if (typeof cls !== 'function' || typeof cls.prototype?.parseValue !== 'function' || typeof cls.prototype?.handleAttributes !== 'function') {
      throw new Error(`cdk-express-service: this aws-cdk-lib has no CfnParser in ${module}, which the construct builds its resources with; use an aws-cdk-lib between 2.257.0 and the newest release tested (scripts/newest.json)`);
    }
    cfnParser = cls as ParserClass;
  }
  return new cfnParser({ finder, parameters: {} });
}

/** The construct under every stack that holds the resources its Express services share. */
export const SHARED_SCOPE_ID = 'ExpressServiceShared';

type Entry = { [key: string]: unknown };

/**
 * An L1 class as generated in aws-cdk-lib: its type name and the factory `cloudformation-include` uses, given
 * CDK's parser.
 */
interface L1Class {
  readonly CFN_RESOURCE_TYPE_NAME: string;
  _fromCloudFormation(scope: Construct, id: string, entry: Entry, options: { parser: Parser }): CfnResource;
}

/** The attributes of a resource entry that are applied (the core writes no others: Condition-free). */
const ENTRY_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']);

/** What each shared resource was made from, to catch two services disagreeing about it. */
const sharedSource = new WeakMap<CfnResource, string>();

/**
 * What the services of a stack contributed to one list property of a shared resource (see the core's
 * `Contribution`): one entry per group, in the order the services were made, built when the template is.
 */
class Collected {
  private readonly groups = new Map<string, { entry: { [field: string]: unknown }; members: string; values: unknown[] }>();

  public static of(resource: CfnResource, property: string): Collected {
    let byProperty = collected.get(resource);
    if (byProperty === undefined) collected.set(resource, (byProperty = new Map()));
    let c = byProperty.get(property);
    if (c === undefined) {
      c = new Collected();
      byProperty.set(property, c);
      const list = c;
      resource.addPropertyOverride(property, Lazy.any({ produce: () => list.entries() }));
    }
    return c;
  }

  public add(group: string, entry: { [field: string]: unknown }, members: string, value: unknown): void {
    const g = this.groups.get(group) ?? { entry, members, values: [] };
    this.groups.set(group, g);
    g.values.push(value);
  }

  private entries(): unknown[] {
    return [...this.groups.values()].map((g) => ({ ...g.entry, [g.members]: g.values }));
  }
}

const collected = new WeakMap<CfnResource, Map<string, Collected>>();

/** The construct under the stack of `scope` that holds what its Express services share (made on first use). */
export function sharedScope(scope: Construct): Construct {
  const stack = Stack.of(scope);
  return stack.node.tryFindChild(SHARED_SCOPE_ID) ?? new Construct(stack, SHARED_SCOPE_ID);
}

/** aws-cdk-lib's L1 class of `type` (`Org::Service::Resource` lives in `aws-<service>` as `Cfn<Resource>`). */
function l1Class(type: string): L1Class | undefined {
  const parts = type.split('::');
  if (parts.length !== 3 || !/^[A-Za-z0-9]+$/.test(parts[1]) || !/^[A-Za-z0-9]+$/.test(parts[2])) return undefined;
  let module: { [name: string]: unknown };
  try {
    module = require(`aws-cdk-lib/aws-${parts[1].toLowerCase()}`);
  } catch {
    return undefined;
  }
  const cls = module[`Cfn${parts[2]}`] as Partial<L1Class> | undefined;
  return cls !== undefined && cls.CFN_RESOURCE_TYPE_NAME === type && typeof cls._fromCloudFormation === 'function'
    ? (cls as L1Class)
    : undefined;
}

/** Local IDs an entry refers to (Ref, Fn::GetAtt, Fn::Sub, DependsOn), to create referenced resources first. */
function references(value: unknown, ids: Set<string>, out: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => references(v, ids, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && ids.has(v)) out.add(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string' && ids.has(v[0])) out.add(v[0]);
      else if (k === 'Fn::Sub') subReferences([v].flat()[0], ids, out);
      else if (k === 'DependsOn') [v].flat().forEach((d) => typeof d === 'string' && ids.has(d) && out.add(d));
      references(v, ids, out);
    }
  }
  return out;
}

/** Local IDs an Fn::Sub text names, as `${id}` or `${id.attribute}`. */
function subReferences(text: unknown, ids: Set<string>, out: Set<string>): void {
  if (typeof text !== 'string') return;
  for (const [, inner] of text.matchAll(/\$\{([^}]*)\}/g)) {
    const id = inner.trim().split('.')[0];
    if (ids.has(id)) out.add(id);
  }
}

/** The fragment's entries, each after the ones it refers to (the core's order otherwise). */
function ordered(resources: Fragment['resources']): Array<[string, Entry]> {
  const ids = new Set(Object.keys(resources));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Array<[string, Entry]> = [];
  const visit = (id: string) => {
    if (done.has(id)) return;
    if (visiting.has(id)) throw coreBug(`resources refer to each other in a cycle through ${id}`);
    visiting.add(id);
    for (const dep of references(resources[id], ids, new Set())) visit(dep);
    visiting.delete(id);
    done.add(id);
    out.push([id, resources[id]]);
  };
  Object.keys(resources).forEach(visit);
  return out;
}

/** Whether a value is one `Ref` or `Fn::GetAtt`. */
function isReference(v: unknown): v is Entry {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt');
}

/** The constructs made from a fragment, and its expressions as tokens. */
export class Materialized {
  public readonly resources = new Map<string, CfnResource>();
  /** The resources made here (not reused from an earlier service of the stack). */
  public readonly created = new Set<CfnResource>();
  private readonly parser: Parser;
  /** Optional resources not made (yet): made on first use, with where they go. */
  private readonly pending = new Map<string, { parent: Construct; entry: Entry }>();
  private readonly optional: Set<string>;

  constructor(
    scope: Construct,
    private readonly fragment: Fragment,
  ) {
    const finder: Finder = {
      findCondition: () => undefined,
      findMapping: () => undefined,
      findRefTarget: (id: string) => this.resources.get(id),
      findResource: (id: string) => this.resources.get(id),
    };
    this.parser = newParser(finder);
    const shared = new Set(fragment.shared);
    this.optional = new Set(fragment.optional);
    for (const [id, entry] of ordered(fragment.resources)) {
      const parent = shared.has(id) ? sharedScope(scope) : scope;
      if (this.optional.has(id)) {
        this.pending.set(id, { parent, entry });
        continue;
      }
      const existing = parent.node.tryFindChild(id);
      if (existing !== undefined) {
        const source = existing instanceof CfnResource ? sharedSource.get(existing) : undefined;
        if (!shared.has(id) || source === undefined) {
          throw new Error(`cdk-express-service: ${parent.node.path} already has a child named ${id}`);
        }
        if (source !== JSON.stringify(entry)) throw coreBug(`shared resource ${id} differs between services`);
        this.resources.set(id, existing as CfnResource);
        continue;
      }
      const source = JSON.stringify(entry);
      const resource = this.create(parent, id, this.deferred(entry, id) as Entry);
      if (shared.has(id)) sharedSource.set(resource, source);
      this.resources.set(id, resource);
      this.created.add(resource);
      acknowledgeNagFindings(resource, entry);
    }
    for (const c of fragment.contributions) this.contribute(c);
  }

  /** Whether an optional resource was made (on first use). */
  public made(id: string): boolean {
    return this.resources.has(id);
  }

  /** Makes an optional resource now (once), and returns it. */
  public materialize(id: string): CfnResource {
    const existing = this.resources.get(id);
    if (existing !== undefined) return existing;
    const pending = this.pending.get(id);
    if (pending === undefined) throw coreBug(`${id} is no optional resource of the fragment`);
    this.pending.delete(id);
    const resource = this.create(pending.parent, id, this.deferred(pending.entry, id) as Entry);
    this.resources.set(id, resource);
    this.created.add(resource);
    acknowledgeNagFindings(resource, pending.entry);
    return resource;
  }

  /**
   * An entry whose references to optional resources resolve to the resource's token once it is made, and to
   * nothing until then (CDK leaves a property that resolves to nothing out of the template).
   */
  private deferred(value: unknown, owner: string): unknown {
    if (Array.isArray(value)) {
      const direct = (v: unknown) => typeof v === 'string' || isReference(v);
      if (references(value, this.optional, new Set()).size === 0 || !value.every(direct)) {
        return value.map((v) => this.deferred(v, owner));
      }
      // A list of names (security group IDs) holds those of the resources made, and is left out while it
      // would be empty: an empty list may mean something else than none given.
      const made = (v: unknown) => [...references(v, this.optional, new Set())].every((id) => this.made(id));
      return Lazy.list(
        { produce: () => value.filter(made).map((v) => (typeof v === 'string' ? v : Token.asString(this.rewrite(v)))) },
        { omitEmpty: true },
      );
    }
    if (value === null || typeof value !== 'object') return value;
    const target = references(value, this.optional, new Set());
    if (target.size === 0) return value;
    const obj = value as Entry;
    if (isReference(obj)) {
      const [id] = [...target];
      return Lazy.uncachedString({ produce: () => (this.made(id) ? Token.asString(this.rewrite(obj)) : undefined) });
    }
    return Object.fromEntries(
      Object.entries(obj).map(([k, v]) => {
        // Neither a dependency nor a name inside a text can resolve to nothing.
        if ((k === 'DependsOn' || k === 'Fn::Sub') && references({ [k]: v }, this.optional, new Set()).size > 0) {
          throw coreBug(`${owner} names an optional resource in ${k}, where it cannot be left out`);
        }
        return [k, this.deferred(v, owner)];
      }),
    );
  }

  /** Adds this service's value to the shared resource that collects it. */
  private contribute(c: Contribution): void {
    const resource = this.resources.get(c.resource);
    if (resource === undefined) throw coreBug(`a contribution to ${c.resource}, which the fragment does not make`);
    const entry = this.rewrite(c.entry) as { [field: string]: unknown };
    Collected.of(resource, c.property).add(c.group, entry, c.members, this.rewrite(c.value));
  }

  private create(parent: Construct, id: string, entry: Entry): CfnResource {
    if (typeof entry.Type !== 'string') throw coreBug(`resource ${id} has no Type`);
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.has(key)) throw coreBug(`resource ${id} has the key ${key}`);
    }
    const cls = l1Class(entry.Type);
    if (cls !== undefined) {
      try {
        return cls._fromCloudFormation(parent, id, entry, { parser: this.parser });
      } catch {
        // A factory that no longer works this way: a plain CfnResource instead (whose parsing rethrows a
        // problem of the fragment itself).
        parent.node.tryRemoveChild(id);
      }
    }
    const resource = new CfnResource(parent, id, {
      type: entry.Type,
      properties: this.parser.parseValue(entry.Properties ?? {}) as { [name: string]: unknown },
    });
    this.parser.handleAttributes(resource, entry, id);
    return resource;
  }

  /** A fragment expression with every local Ref / Fn::GetAtt replaced by the construct's token. */
  public rewrite(value: unknown): unknown {
    return this.parser.parseValue(value);
  }

  /** An attribute of the fragment as a string token, or undefined when the fragment has none. */
  public attribute(name: string): string | undefined {
    const expr = this.fragment.attributes[name];
    if (expr === undefined) return undefined;
    const value = this.rewrite(expr);
    return typeof value === 'string' ? value : Token.asString(value);
  }

  /** An attribute of the fragment as its value (objects stay objects), references made tokens. */
  public attributeValue(name: string): unknown {
    const expr = this.fragment.attributes[name];
    return expr === undefined ? undefined : this.rewrite(expr);
  }

  /** The resource an attribute refers to (`{ Ref: id }` or `{ Fn::GetAtt: [id, ...] }`), if local and made. */
  public attributeResource(name: string): CfnResource | undefined {
    const id = this.attributeResourceId(name);
    return id === undefined ? undefined : this.resources.get(id);
  }

  /** The local ID of the resource an attribute refers to, made or optional. */
  public attributeResourceId(name: string): string | undefined {
    const ref = referencedId(this.fragment.attributes[name]);
    return ref !== undefined && (this.resources.has(ref) || this.pending.has(ref)) ? ref : undefined;
  }

  /** The service's metric definitions, by name. */
  public get metrics(): Fragment['metrics'] {
    return this.fragment.metrics;
  }

  /** The fragment's outputs, as CfnOutputs under `scope`. */
  public outputs(scope: Construct): CfnOutput[] {
    return makeOutputs(scope, this.fragment.outputs, (v) => this.rewrite(v));
  }

}

/**
 * Outputs as the core writes them (`{ Description, Value }` by ID) as CfnOutputs under `scope`; `rewrite` turns
 * the Value's local references into tokens (none by default: a value of tokens and intrinsics).
 */
export function makeOutputs(
  scope: Construct,
  outputs: { [id: string]: { [key: string]: unknown } },
  rewrite: (value: unknown) => unknown = (v) => newParser(NO_RESOURCES).parseValue(v),
): CfnOutput[] {
  return Object.entries(outputs).map(([id, output]) => {
    for (const key of Object.keys(output)) {
      if (key !== 'Value' && key !== 'Description') throw coreBug(`output ${id} has the key ${key}`);
    }
    const value = rewrite(output.Value);
    return new CfnOutput(scope, id, {
      value: typeof value === 'string' ? value : Token.asString(value),
      description: output.Description as string | undefined,
    });
  });
}

/** An expression that names no resource of a fragment (intrinsics and tokens) as a string token. */
export function rewriteExpression(value: unknown): string {
  const parsed = newParser(NO_RESOURCES).parseValue(value);
  return typeof parsed === 'string' ? parsed : Token.asString(parsed);
}

/** The local ID an expression `{ Ref: id }` or `{ Fn::GetAtt: [id, ...] }` names, if it is one of those. */
export function referencedId(expr: unknown): string | undefined {
  if (expr === undefined || expr === null || typeof expr !== 'object') return undefined;
  const e = expr as Entry;
  const getAtt = e['Fn::GetAtt'];
  const ref = e.Ref ?? (Array.isArray(getAtt) ? getAtt[0] : undefined);
  return typeof ref === 'string' ? ref : undefined;
}

/** An expression in the fragment's form with each local Ref / Fn::GetAtt replaced by the token of `find(id)`. */
export function rewriteReferences(value: unknown, find: (id: string) => CfnResource | undefined): unknown {
  return newParser({
    findCondition: () => undefined,
    findMapping: () => undefined,
    findRefTarget: find,
    findResource: find,
  }).parseValue(value);
}

/** A finder of no resources, for expressions that refer to none by logical ID. */
const NO_RESOURCES: Finder = {
  findCondition: () => undefined,
  findMapping: () => undefined,
  findRefTarget: () => undefined,
  findResource: () => undefined,
};
