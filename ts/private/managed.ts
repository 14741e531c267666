// The resources ECS creates and manages for a service, as the core names them in the fragment's attributes, made
// into tokens and aws-cdk-lib references on first use: a stack of hundreds of services in which nobody asks gets
// no extra construct and no extra token.
import { Arn, ArnFormat, Fn, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { coreBug } from './core';
import { Materialized } from './fragment';

export class ManagedResources {
  private readonly cache = new Map<string, unknown>();

  constructor(
    private readonly scope: Construct,
    private readonly m: Materialized,
    /** The construct's path, for messages. */
    private readonly path: string,
  ) {}

  /** A single ARN the core gives under `key`. */
  public arn(key: string): string {
    return this.once(`arn:${key}`, () => {
      const value = this.m.attribute(key);
      if (value === undefined) throw coreBug(`the fragment has no ${key} attribute`);
      return value;
    });
  }

  /** A list of ARNs the core gives under `key` (its length is known once deployed). */
  public arns(key: string): string[] {
    return this.once(`arns:${key}`, () => {
      const value = this.m.attributeValue(key);
      if (value === undefined) throw coreBug(`the fragment has no ${key} attribute`);
      return Token.asList(value);
    });
  }

  /** The `index`-th ARN of the list under `key`, for `method(index)`. */
  public at(key: string, index: number, method: string): string {
    if (!Number.isInteger(index) || index < 0 || Token.isUnresolved(index)) {
      throw new Error(`ExpressService ${this.path}: ${method}(${index}): the index must be a whole number from 0 (the first)`);
    }
    return Fn.select(index, this.arns(key));
  }

  /** The ID of the security group whose ARN is the `index`-th of `key` (`arn:…:security-group/sg-…`). */
  public securityGroupId(key: string, index: number, method: string): string {
    const arn = this.at(key, index, method);
    const id = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName;
    if (id === undefined) throw coreBug(`no resource name in the ARN of ${key}`);
    return id;
  }

  /** The reference made by `make` under the construct ID `id`, made once. */
  public reference<T>(id: string, make: (scope: Construct, id: string) => T): T {
    return this.once(`ref:${id}`, () => make(this.scope, id));
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }
}
