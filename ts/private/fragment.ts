// From the core's fragment to constructs: one L1 resource per entry under its local ID (so logical IDs stay
// stable), shared entries once per stack, and every local Ref / Fn::GetAtt / DependsOn turned into the
// construct's token or dependency. Generic: no resource type or property is known here.
//
// Entries become aws-cdk-lib's own L1 classes (CfnRole, CfnWebACL, ...), found by CDK's naming convention and
// built with the parser CDK's `cloudformation-include` uses, so that aspects and policy tools that look for
// them (Tags, cdk-nag, ...) see what the construct made. A type the installed aws-cdk-lib has no L1 class for
// becomes a plain CfnResource, exactly as `cloudformation-include` does. Where CDK's parser is not available
// (it is internal to aws-cdk-lib: see parser.ts), ours gives the same template.
import { CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Fragment } from './core';
import { Finder, l1ClassesAvailable, newParser, Parser } from './parser';

/** The construct under every stack that holds the resources its Express services share. */
export const SHARED_SCOPE_ID = 'ExpressServiceShared';

type Entry = { [key: string]: unknown };

/**
 * An L1 class as generated in aws-cdk-lib: its type name and the factory `cloudformation-include` uses, which
 * asks its parser for `parseValue` and `handleAttributes` only (so ours serves as well as CDK's).
 */
interface L1Class {
  readonly CFN_RESOURCE_TYPE_NAME: string;
  _fromCloudFormation(scope: Construct, id: string, entry: Entry, options: { parser: Parser }): CfnResource;
}

/** The attributes of a resource entry that are applied (the core writes no others: Condition-free). */
const ENTRY_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']);

/** What each shared resource was made from, to catch two services disagreeing about it. */
const sharedSource = new WeakMap<CfnResource, string>();

function coreBug(message: string): Error {
  return new Error(`cdk-express-service: unexpected fragment from the core (a bug, please report it): ${message}`);
}

/** The construct under the stack of `scope` that holds what its Express services share (made on first use). */
export function sharedScope(scope: Construct): Construct {
  const stack = Stack.of(scope);
  return stack.node.tryFindChild(SHARED_SCOPE_ID) ?? new Construct(stack, SHARED_SCOPE_ID);
}

/** aws-cdk-lib's L1 class of `type` (`Org::Service::Resource` lives in `aws-<service>` as `Cfn<Resource>`). */
function l1Class(type: string): L1Class | undefined {
  if (!l1ClassesAvailable()) return undefined;
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

/** The constructs made from a fragment, and its expressions as tokens. */
export class Materialized {
  public readonly resources = new Map<string, CfnResource>();
  /** The resources made here (not reused from an earlier service of the stack). */
  public readonly created = new Set<CfnResource>();
  private readonly parser: Parser;

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
    for (const [id, entry] of ordered(fragment.resources)) {
      const parent = shared.has(id) ? sharedScope(scope) : scope;
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
      const resource = this.create(parent, id, entry);
      if (shared.has(id)) sharedSource.set(resource, source);
      this.resources.set(id, resource);
      this.created.add(resource);
    }
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

  /** The resource an attribute refers to (`{ Ref: id }` or `{ Fn::GetAtt: [id, ...] }`), if local. */
  public attributeResource(name: string): CfnResource | undefined {
    const expr = this.fragment.attributes[name] as Entry | undefined;
    if (expr === undefined || expr === null || typeof expr !== 'object') return undefined;
    const getAtt = expr['Fn::GetAtt'];
    const ref = expr.Ref ?? (Array.isArray(getAtt) ? getAtt[0] : undefined);
    return typeof ref === 'string' ? this.resources.get(ref) : undefined;
  }

  /** The fragment's entry of a resource made from it. */
  public entry(resource: CfnResource): Entry | undefined {
    for (const [id, r] of this.resources) {
      if (r === resource) return this.fragment.resources[id];
    }
    return undefined;
  }

  /** The fragment's outputs, as CfnOutputs under `scope`. */
  public outputs(scope: Construct): void {
    for (const [id, output] of Object.entries(this.fragment.outputs)) {
      for (const key of Object.keys(output)) {
        if (key !== 'Value' && key !== 'Description') throw coreBug(`output ${id} has the key ${key}`);
      }
      const value = this.rewrite(output.Value);
      new CfnOutput(scope, id, {
        value: typeof value === 'string' ? value : Token.asString(value),
        description: output.Description as string | undefined,
      });
    }
  }
}
