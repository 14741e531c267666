import { CfnResource, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { coreBug } from './core';

/**
 * A role the core created, as the IRole that grants, `addToPrincipalPolicy` and `addManagedPolicy` work on.
 * Made once per role (a shared role's is shared too), next to the role's own resource, as `<id>Grants`.
 *
 * It wraps the role imported by name (`iam.Role.fromRoleName`, the core's roles have no path), not by its
 * `Arn` attribute: the ARN is then built from the stack's account, so CDK sees grants to it as same-account
 * grants and puts them in the role's policy only. With a GetAtt ARN the account is a token: an env-bound stack
 * got needless resource policies on buckets and secrets, and cyclic references when those live in another
 * stack. The import is this construct's `Default` child, which keeps the logical IDs of the policies grants
 * make under it as they were when the import itself was `<id>Grants`.
 *
 * The one difference from the import: an imported role ignores `addManagedPolicy` (CDK only warns), while
 * this role is the core's own resource, so the policy goes on it (the L1's managed policy list, after the
 * core's own entries).
 *
 * A role may be made on first use (`lazy`: a service's task role, which the core marks optional): anything
 * that grants to it, reads its ARN or name, or puts it in a policy makes the role resource then; nothing else
 * does (`principalAccount` is the stack's account, as the import's is).
 */
export class CoreMadeRole extends Resource implements iam.IRole, iam.IComparablePrincipal {
  /** The role made for `resource`, made on first use. */
  public static of(resource: CfnResource): CoreMadeRole {
    return CoreMadeRole.lazy(resource.node.scope as Construct, resource.node.id, () => resource);
  }

  /** The role of the resource `make` makes, in `scope` beside it (`<id>Grants`), made on first use. */
  public static lazy(scope: Construct, resourceId: string, make: () => CfnResource): CoreMadeRole {
    const id = `${resourceId}Grants`;
    const existing = scope.node.tryFindChild(id);
    if (existing instanceof CoreMadeRole) return existing;
    if (existing !== undefined) throw new Error(`cdk-express-service: ${scope.node.path} already has a child named ${id}`);
    return new CoreMadeRole(scope, id, make);
  }

  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction = 'sts:AssumeRole';
  public readonly principalAccount?: string;

  private made?: { resource: CfnResource; imported: iam.IRole };
  private readonly managedPolicies: iam.IManagedPolicy[] = [];

  private constructor(
    scope: Construct,
    id: string,
    private readonly make: () => CfnResource,
  ) {
    super(scope, id);
    this.principalAccount = Stack.of(this).account;
  }

  /** The role resource and its import, made now if not yet. */
  private get role(): { resource: CfnResource; imported: iam.IRole } {
    if (this.made === undefined) {
      const resource = this.make();
      this.made = { resource, imported: iam.Role.fromRoleName(this, 'Default', resource.ref, { mutable: true }) };
    }
    return this.made;
  }

  private get imported(): iam.IRole {
    return this.role.imported;
  }

  public get roleArn(): string {
    return this.imported.roleArn;
  }

  public get roleName(): string {
    return this.imported.roleName;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.imported.policyFragment;
  }

  public get roleRef(): iam.RoleReference {
    return this.imported.roleRef;
  }

  public addManagedPolicy(policy: iam.IManagedPolicy): void {
    const { resource, imported } = this.role;
    // A role that is no CfnRole (aws-cdk-lib had no L1 class for it): as an imported role does.
    if (!(resource instanceof iam.CfnRole)) return imported.addManagedPolicy(policy);
    if (this.managedPolicies.includes(policy)) return;
    this.managedPolicies.push(policy);
    const current = resource.managedPolicyArns ?? [];
    if (!Array.isArray(current)) {
      throw coreBug(`${resource.node.path} has no list of managed policies to add to`);
    }
    resource.managedPolicyArns = [...current, policy.managedPolicyArn];
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    return this.imported.addToPrincipalPolicy(statement);
  }

  public attachInlinePolicy(policy: iam.Policy): void {
    this.imported.attachInlinePolicy(policy);
  }

  public grant(grantee: iam.IPrincipal, ...actions: string[]): iam.Grant {
    return this.imported.grant(grantee, ...actions);
  }

  public grantPassRole(grantee: iam.IPrincipal): iam.Grant {
    return this.imported.grantPassRole(grantee);
  }

  public grantAssumeRole(grantee: iam.IPrincipal): iam.Grant {
    return this.imported.grantAssumeRole(grantee);
  }

  public dedupeString(): string | undefined {
    return iam.ComparablePrincipal.dedupeStringFor(this.imported);
  }

  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.imported.applyRemovalPolicy(policy);
  }
}
