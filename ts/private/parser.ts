// The template parser the fragment goes through: CDK's own (`CfnParser`, the one `cloudformation-include`
// uses), or a generic one of ours when the installed aws-cdk-lib does not offer CDK's.
//
// `CfnParser` lives at an internal path of aws-cdk-lib (`core/lib/helpers-internal`), with no promise that it
// stays there or keeps its shape. It is loaded on first use, inside a try, and used only if it has the shape
// used here; otherwise the fragment is parsed by `GenericParser`, which turns local Ref / Fn::GetAtt /
// Fn::Sub references and DependsOn into the constructs' tokens and dependencies and keeps every other
// expression as written. Generic JSON walking: no resource type or property is known here.
import { CfnDeletionPolicy, CfnResource, Fn, IResolvable, Token, Tokenization } from 'aws-cdk-lib';

type Entry = { [key: string]: unknown };

/** What the construct uses of a parser: CDK's `CfnParser` has these two methods, `GenericParser` too. */
export interface Parser {
  /** A template value with its intrinsics made tokens (local references: the constructs' tokens). */
  parseValue(value: unknown): unknown;
  /** Applies a resource entry's attributes beside `Type` and `Properties` (DependsOn, policies, Metadata). */
  handleAttributes(resource: CfnResource, entry: Entry, id: string): void;
}

/** How a parser finds the resources a template refers to (the part of CDK's `ICfnFinder` used here). */
export interface Finder {
  findCondition(name: string): undefined;
  findMapping(name: string): undefined;
  findRefTarget(id: string): CfnResource | undefined;
  findResource(id: string): CfnResource | undefined;
}

type ParserClass = new (options: { finder: Finder; parameters: {} }) => Parser;

/** Where aws-cdk-lib 2.x keeps `CfnParser` (not a public entry point of the package). */
const CFN_PARSER_MODULE = 'aws-cdk-lib/core/lib/helpers-internal';

/** CDK's `CfnParser`: undefined until first asked for, null when it is not there or not as expected. */
let cfnParserClass: ParserClass | null | undefined;

/** What the test hook `simulateMissing` pretends the installed aws-cdk-lib lacks. */
const missing = { cfnParser: false, l1Classes: false };

/** CDK's `CfnParser` class, if the installed aws-cdk-lib has it where and as expected. */
function loadCfnParser(): ParserClass | undefined {
  if (missing.cfnParser) return undefined;
  if (cfnParserClass === undefined) {
    cfnParserClass = null;
    try {
      const cls: unknown = (require(CFN_PARSER_MODULE) as { CfnParser?: unknown } | undefined)?.CfnParser;
      const prototype = typeof cls === 'function' ? (cls.prototype as Partial<Parser> | undefined) : undefined;
      if (typeof prototype?.parseValue === 'function' && typeof prototype.handleAttributes === 'function') {
        cfnParserClass = cls as ParserClass;
      }
    } catch {
      // Moved, renamed or not exported any more: GenericParser instead.
    }
  }
  return cfnParserClass ?? undefined;
}

/** A parser of the fragment over `finder`: CDK's own when available, else ours. */
export function newParser(finder: Finder): Parser {
  const cls = loadCfnParser();
  if (cls !== undefined) {
    try {
      return new cls({ finder, parameters: {} });
    } catch {
      // A constructor that wants other options than 2.x's: GenericParser instead.
    }
  }
  return new GenericParser(finder);
}

/** Whether aws-cdk-lib's L1 classes may be used (false only under the test hook). */
export function l1ClassesAvailable(): boolean {
  return !missing.l1Classes;
}

/**
 * Test hook (not part of the package's API): runs `fn` as if the installed aws-cdk-lib had no `CfnParser`
 * and/or no L1 classes usable from a fragment, then restores what is really there.
 */
export function simulateMissing<T>(what: { cfnParser?: boolean; l1Classes?: boolean }, fn: () => T): T {
  const before = { ...missing };
  missing.cfnParser = what.cfnParser ?? false;
  missing.l1Classes = what.l1Classes ?? false;
  try {
    return fn();
  } finally {
    Object.assign(missing, before);
  }
}

function coreBug(message: string): Error {
  return new Error(`cdk-express-service: unexpected fragment from the core (a bug, please report it): ${message}`);
}

/**
 * Our own parser of the fragment, used when CDK's is not available. Only local references are rewritten:
 * `{ Ref: id }` and `{ Fn::GetAtt: [id, attribute] }` become the resource's tokens, `${id}` and
 * `${id.attribute}` in `Fn::Sub` its logical ID (as CDK's parser does), DependsOn a construct dependency.
 * Every other intrinsic (`Ref` of a pseudo parameter, `Fn::Join`, ...) stays as written, as one token, so
 * that L1 classes take it wherever a value of any type goes, as they take CDK's parser's results; only
 * `Fn::Select` and `Fn::Split` go through CDK's `Fn`, which computes them when their arguments are known.
 */
export class GenericParser implements Parser {
  constructor(private readonly finder: Finder) {}

  public parseValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.parseValue(v));
    if (value === null || typeof value !== 'object' || Tokenization.isResolvable(value)) return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && isIntrinsic(entries[0][0])) return this.intrinsic(entries[0][0], entries[0][1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, this.parseValue(v)]));
  }

  public handleAttributes(resource: CfnResource, entry: Entry, id: string): void {
    const options = resource.cfnOptions;
    if (entry.DeletionPolicy !== undefined) options.deletionPolicy = policy(entry.DeletionPolicy, id);
    if (entry.UpdateReplacePolicy !== undefined) options.updateReplacePolicy = policy(entry.UpdateReplacePolicy, id);
    if (entry.Metadata !== undefined) options.metadata = this.parseValue(entry.Metadata) as Entry;
    for (const dep of [entry.DependsOn ?? []].flat()) {
      const target = typeof dep === 'string' ? this.finder.findResource(dep) : undefined;
      if (target === undefined) throw coreBug(`resource ${id} depends on ${JSON.stringify(dep)}, no resource of the fragment`);
      resource.node.addDependency(target);
    }
  }

  private intrinsic(name: string, arg: unknown): IResolvable | string | string[] {
    if (name === 'Ref') {
      if (typeof arg !== 'string') throw coreBug(`a Ref to ${JSON.stringify(arg)}`);
      const target = this.finder.findRefTarget(arg);
      if (target !== undefined) return target.ref;
      // Pseudo parameters are the only names with `::`; anything else should have been a resource here.
      if (!arg.includes('::')) throw coreBug(`a Ref to ${arg}, no resource of the fragment`);
      return Token.asAny({ Ref: arg });
    }
    if (name === 'Fn::GetAtt') {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || typeof arg[1] !== 'string') {
        throw coreBug(`an Fn::GetAtt of ${JSON.stringify(arg)}`);
      }
      const target = this.finder.findResource(arg[0]);
      if (target === undefined) throw coreBug(`an Fn::GetAtt of ${arg[0]}, no resource of the fragment`);
      return target.getAtt(arg[1]);
    }
    if (name === 'Fn::Sub') {
      const [text, variables] = typeof arg === 'string' ? [arg, undefined] : Array.isArray(arg) ? arg : [];
      if (typeof text !== 'string') throw coreBug(`an Fn::Sub of ${JSON.stringify(arg)}`);
      const names = new Set(Object.keys((variables ?? {}) as Entry));
      const body = this.substitute(text, names);
      return Token.asAny({ 'Fn::Sub': variables === undefined ? body : [body, this.parseValue(variables)] });
    }
    const value = this.parseValue(arg);
    // The two CDK evaluates at synth when their arguments are known, as CDK's parser has it do.
    if (name === 'Fn::Select' && Array.isArray(value) && value.length === 2) return Fn.select(value[0], value[1]);
    if (name === 'Fn::Split' && Array.isArray(value) && value.length === 2) return Fn.split(value[0], value[1]);
    return Token.asAny({ [name]: value });
  }

  /** An Fn::Sub text with each local `${id}` / `${id.attribute}` naming the resource's logical ID. */
  private substitute(text: string, variables: Set<string>): string {
    return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      const name = inner.trim();
      if (name.startsWith('!')) return whole;
      if (variables.has(name) || name.includes('::')) return `\${${name}}`;
      const dot = name.indexOf('.');
      const id = dot < 0 ? name : name.slice(0, dot);
      const target = dot < 0 ? this.finder.findRefTarget(id) : this.finder.findResource(id);
      if (target === undefined) throw coreBug(`an Fn::Sub refers to ${id}, no resource of the fragment`);
      return `\${${target.logicalId}${dot < 0 ? '' : name.slice(dot)}}`;
    });
  }
}

/** Whether a key alone in an object makes it an intrinsic function (as CloudFormation reads a template). */
function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function policy(value: unknown, id: string): CfnDeletionPolicy {
  if (typeof value !== 'string') throw coreBug(`resource ${id} has the policy ${JSON.stringify(value)}`);
  return value as CfnDeletionPolicy;
}
