// What the stack's ExpressHelpers.configure said, as the spec's top-level `helpers` every service of the stack
// gives the core (the helpers are shared, so every service must give the same): the runtime (the newest both
// Lambda and this app's aws-cdk-lib know, unless set, so that cdk-nag's AwsSolutions-L1 sees the newest it
// knows), the log key and the network.
import { Annotations, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ExpressHelpersProps } from '../props';
import { Diagnostic, newestNodeRuntime, validate } from './core';
import { constructHint } from './hints';
import { sharedScope } from './fragment';
import { describe } from '../text/describe';
import { unknownKeys } from './props-shape';

interface StackHelpers {
  readonly spec: { [key: string]: unknown };
  readonly props: ExpressHelpersProps;
  keyStatementAdded?: boolean;
  readonly said: Set<string>;
}

const stacks = new WeakMap<Stack, StackHelpers>();
/** Stacks whose first ExpressService was made: configuring them now would leave that one behind. */
const started = new WeakSet<Stack>();

/** The prop of ExpressHelpers each `helpers.*` spec field comes from. */
const PROPS: { [field: string]: string } = {
  runtime: 'runtime',
  logKmsKey: 'logEncryptionKey',
  subnets: 'vpcSubnets',
  securityGroups: 'securityGroups',
};

function helpersError(scope: Construct, problems: string[]): Error {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return new Error(`ExpressHelpers.configure(${scope.node.path}): ${problems.length} ${noun}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

function propOf(path: string): string {
  const field = path.replace(/^helpers\.?/, '').split(/[.[]/)[0];
  return PROPS[field] ?? (field === '' ? '(props)' : field);
}

function nodeRuntimes(): string[] {
  return lambda.Runtime.ALL.filter((r) => r.family === lambda.RuntimeFamily.NODEJS).map((r) => r.name);
}

export function configureHelpers(scope: Construct, props: ExpressHelpersProps): void {
  const stack = Stack.of(scope);
  const problems: string[] = [];
  if (started.has(stack)) problems.push(`the stack ${stack.node.path} has an ExpressService already; configure its helpers before its first ExpressService`);
  if (stacks.has(stack)) problems.push(`the helpers of the stack ${stack.node.path} are configured already; configure them once`);
  if (props === null || typeof props !== 'object') throw helpersError(scope, [`props: expected an object, got ${describe(props)}`]);
  for (const p of unknownKeys(props, '', 'ExpressHelpersProps')) problems.push(`${p.prop}: ${p.message}`);
  const is = (v: unknown, key: string) => v !== null && typeof v === 'object' && typeof (v as { [k: string]: unknown })[key] === 'string';
  if (props.runtime !== undefined && !is(props.runtime, 'name')) problems.push(`runtime: must be a lambda.Runtime, e.g. lambda.Runtime.NODEJS_24_X, got ${describe(props.runtime)}`);
  if (props.logEncryptionKey !== undefined && !is(props.logEncryptionKey, 'keyArn')) problems.push(`logEncryptionKey: must be a kms.IKey, got ${describe(props.logEncryptionKey)}`);
  if (props.vpc !== undefined && !is(props.vpc, 'vpcId')) problems.push(`vpc: must be an ec2.IVpc, got ${describe(props.vpc)}`);
  if (props.vpc === undefined && (props.vpcSubnets !== undefined || props.securityGroups !== undefined)) {
    problems.push(`${props.vpcSubnets !== undefined ? 'vpcSubnets' : 'securityGroups'}: applies to a vpc; give vpc too, or leave it out`);
  }
  const groups = props.securityGroups;
  if (groups !== undefined && (!Array.isArray(groups) || groups.some((g) => !is(g, 'securityGroupId')))) {
    problems.push(`securityGroups: must be a list of ec2.ISecurityGroup, got ${describe(groups)}`);
  }
  if (problems.length > 0) throw helpersError(scope, problems);

  const spec: { [key: string]: unknown } = { runtime: props.runtime?.name ?? newestNodeRuntime(nodeRuntimes()) };
  if (props.logEncryptionKey !== undefined) spec.logKmsKey = props.logEncryptionKey.keyArn;
  if (props.vpc !== undefined) {
    spec.subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    const own =
      groups ??
      (() => {
        const group = new ec2.SecurityGroup(sharedScope(scope), 'HelpersSecurityGroup', {
          vpc: props.vpc,
          description: 'The functions of cdk-express-service: HTTPS out to WAF, Elastic Load Balancing and S3',
          allowAllOutbound: false,
        });
        group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the AWS APIs the functions call');
        return [group];
      })();
    spec.securityGroups = own.map((g) => g.securityGroupId);
  }
  // The core's own rules on the result (a runtime Lambda refuses, too many subnets), said in ExpressHelpers' props.
  const report = validate({ helpers: spec, services: { Helpers: { image: 'public.ecr.aws/docker/library/busybox:1.37' } } });
  const own = report.errors.filter((d) => d.path.startsWith('helpers'));
  if (own.length > 0) throw helpersError(scope, own.map((d) => `${propOf(d.path)}: ${d.message}`));
  stacks.set(stack, { spec, props, said: new Set() });
}

/** The spec's `helpers` for a service in the stack of `scope` (marking the stack as started). */
export function helpersSpec(scope: Construct): { [key: string]: unknown } {
  const stack = Stack.of(scope);
  started.add(stack);
  let h = stacks.get(stack);
  if (h === undefined) {
    h = { spec: { runtime: newestNodeRuntime(nodeRuntimes()) }, props: {}, said: new Set() };
    stacks.set(stack, h);
  }
  return h.spec;
}

/**
 * After a service's synthesis: the key statement CloudWatch Logs needs, added once to a key of the app; the
 * core's findings about the helpers said once per stack, on the shared scope, in ExpressHelpers' terms. The
 * warnings about `helpers.*` are left out of what the service says itself.
 */
export function helpersFindings(scope: Construct, keyStatement: unknown, warnings: Diagnostic[]): Diagnostic[] {
  const h = stacks.get(Stack.of(scope));
  const ours = (d: Diagnostic) => d.path === 'helpers' || d.path.startsWith('helpers.');
  if (h !== undefined) {
    const key = h.props.logEncryptionKey;
    if (key !== undefined && keyStatement !== undefined && h.keyStatementAdded === undefined) {
      h.keyStatementAdded = key.addToResourcePolicy(iam.PolicyStatement.fromJson(keyStatement)).statementAdded;
    }
    for (const w of warnings.filter(ours)) {
      // A key of the app now allows CloudWatch Logs: the warning that it must is moot.
      if (w.code === 'log-key-policy' && h.keyStatementAdded === true) continue;
      if (h.said.has(`${w.code} ${w.path}`)) continue;
      h.said.add(`${w.code} ${w.path}`);
      Annotations.of(sharedScope(scope)).addWarningV2(`cdk-express-service:${w.code}`, `ExpressHelpers ${propOf(w.path)}: ${w.message}${constructHint(w.code)}`);
    }
  }
  return warnings.filter((w) => !ours(w));
}
