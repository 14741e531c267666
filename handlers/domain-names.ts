// Custom::ExpressDomainNames (src/synth/domain.rs): adds a service's custom host names to the host-header
// condition of the listener rule Express Mode manages for it, and answers the load balancer's DNS name and
// hosted zone (for an alias record at a zone apex). It runs again on every update of the service, since an
// Express update may write the rule anew.
//
// Properties: ListenerRuleArn, LoadBalancerArn, HostNames, ServiceUpdatedAt (only there to run again).
//
// Names are compared exactly. ALB matches host headers without regard to case, but each value on the rule
// belongs to whoever wrote it, and ours are exactly the strings of HostNames: a Delete removes those and
// nothing else. A name already on the rule in another case is not added again (it routes the same).
//
// A replaced service (new tags, cluster or infrastructure role) comes with a new rule: the names go on the new
// rule and the old rule is not touched. It belongs to the old service, which CloudFormation deletes in the
// cleanup phase (Express deletes its rule with it); until then the old service keeps serving the names, and
// the stack's policy no longer names the old rule anyway (it follows the service's current rule). A rollback
// that swaps back is the same case the other way round.
//
// A failed Create answers FAILED with the same physical ID a successful one would, and CloudFormation's
// rollback then sends a Delete of it, which removes our names from the rule. Not an undo inside the Create:
// a function killed half-way (or run again by Lambda's retry of the invocation) does not know what an earlier
// run did, while the Delete reads the rule as it is, so it is right however far the Create got.
//
// Worst case (runtime.ts for the constants): Create and Update make 3 calls (DescribeRules, ModifyRule when
// something changes, DescribeLoadBalancers), Delete 2 (DescribeRules, ModifyRule). An attempt takes at most
// 13 s (3 s to connect, 10 s for the request); a call retried for throttling, 5xx, timeouts or
// ResourceInUse gives up 120 s after its first attempt (≤ 133 s); all work stops at the deadline, 20 s before
// the function's 300-s timeout, and the answer takes at most 18 s. Create/Update: min(3 × 133, 280) + 18 =
// 298 s; Delete: 2 × 133 + 18 = 284 s. Unhindered, each call takes well under a second.
import {
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  type DescribeLoadBalancersCommandInput,
  type DescribeRulesCommandInput,
  type ModifyRuleCommandInput,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { clientConfig, customResource, type Request } from './runtime';

export interface Properties {
  ListenerRuleArn: string;
  LoadBalancerArn: string;
  HostNames?: string[];
  ServiceUpdatedAt?: string;
}

/** Condition values a listener rule takes in all (Elastic Load Balancing quotas). */
export const MAX_CONDITION_VALUES = 5;

type Config = Exclude<keyof RuleCondition, 'Field' | 'Values' | 'RegexValues'>;

/** The key of a condition's *Config, if it has one. */
function configKey(condition: RuleCondition): Config | undefined {
  return (Object.keys(condition) as (keyof RuleCondition)[]).find((k): k is Config => k.endsWith('Config'));
}

function values(condition: RuleCondition): unknown[] {
  const key = configKey(condition);
  return (key ? condition[key]?.Values : condition.Values) ?? [];
}

const isHost = (c: RuleCondition) => c.Field === 'host-header';

export type Reconciled = { conditions: RuleCondition[]; changed: boolean } | { error: string };

/** The rule's conditions with `add` on the host-header condition and `remove` taken off it, exactly as
 * written (others' names stay, whatever their case); `changed` when the host names differ. */
export function reconcile(conditions: RuleCondition[] | undefined, add: string[], remove: string[]): Reconciled {
  const list = conditions ?? [];
  const at = list.findIndex(isHost);
  if (at < 0) return { error: 'no host-header condition' };
  const host = list[at]!;
  const had = (host.HostHeaderConfig?.Values ?? host.Values ?? []).slice();
  const next = had.filter((v) => add.includes(v) || !remove.includes(v));
  for (const name of add) {
    const lower = name.toLowerCase();
    if (!next.some((v) => v.toLowerCase() === lower)) next.push(name);
  }
  const total = list.reduce((sum, c, i) => sum + (i === at ? next.length : values(c).length), 0);
  if (total > MAX_CONDITION_VALUES) {
    return { error: `the rule would hold ${total} condition values; ALB takes ${MAX_CONDITION_VALUES}` };
  }
  // DescribeRules gives the values both bare and in the *Config; ModifyRule refuses both at once.
  const configOnly = (c: RuleCondition): RuleCondition => {
    if (!configKey(c)) return c;
    const { Values: _bare, ...rest } = c;
    return rest;
  };
  const rewritten: RuleCondition = { Field: 'host-header', HostHeaderConfig: { ...host.HostHeaderConfig, Values: next } };
  return {
    changed: next.join('\n') !== had.join('\n'),
    conditions: list.map((c, i) => (i === at ? rewritten : configOnly(c))),
  };
}

let client: ElasticLoadBalancingV2Client | undefined;
const elb = () => (client ??= new ElasticLoadBalancingV2Client(clientConfig));

const api = {
  DescribeRules: (input: DescribeRulesCommandInput, abortSignal: AbortSignal) =>
    elb().send(new DescribeRulesCommand(input), { abortSignal }),
  ModifyRule: (input: ModifyRuleCommandInput, abortSignal: AbortSignal) =>
    elb().send(new ModifyRuleCommand(input), { abortSignal }),
  DescribeLoadBalancers: (input: DescribeLoadBalancersCommandInput, abortSignal: AbortSignal) =>
    elb().send(new DescribeLoadBalancersCommand(input), { abortSignal }),
};

type Api = typeof api;
const RULE_GONE = ['RuleNotFoundException'];

/** Puts `add` on `rule` and takes `remove` off. A rule that is gone is an error, unless `goneIsDone`. */
async function apply(
  { call, log }: Request<Properties, Api>,
  rule: string,
  add: string[],
  remove: string[],
  goneIsDone: boolean,
): Promise<void> {
  const found = (await call('DescribeRules', { RuleArns: [rule] }, RULE_GONE))?.Rules?.[0];
  if (!found) {
    if (goneIsDone) return log(`${rule} is gone: nothing to remove`);
    throw new Error(`listener rule ${rule} not found`);
  }
  const r = reconcile(found.Conditions, add, remove);
  if ('error' in r) throw new Error(`${rule}: ${r.error}`);
  if (!r.changed) return log(`${rule} holds the names already`);
  log(`${rule}: host names ${JSON.stringify(r.conditions.find(isHost)?.HostHeaderConfig?.Values)}`);
  const done = await call('ModifyRule', { RuleArn: rule, Conditions: r.conditions }, goneIsDone ? RULE_GONE : []);
  if (!done) log(`${rule} went meanwhile: nothing to remove`);
}

async function work(request: Request<Properties, Api>): Promise<Record<string, string> | void> {
  const { type, properties, old, call, log } = request;
  const names = properties.HostNames ?? [];
  const rule = properties.ListenerRuleArn;
  if (type === 'Delete') return apply(request, rule, [], names, true);

  // Ours on this rule before: the old names if the rule is the same one; none on a replaced service's new
  // rule (its old rule is left to the old service).
  const replaced = old !== undefined && old.ListenerRuleArn !== rule;
  if (replaced) log(`The service's rule changed from ${old.ListenerRuleArn}: its old rule is left as it is`);
  const remove = old && !replaced ? (old.HostNames ?? []).filter((n) => !names.includes(n)) : [];
  await apply(request, rule, names, remove, false);

  const arn = properties.LoadBalancerArn;
  const lb = (await call('DescribeLoadBalancers', { LoadBalancerArns: [arn] })).LoadBalancers?.[0];
  if (!lb?.DNSName || !lb.CanonicalHostedZoneId) throw new Error(`load balancer ${arn} not found`);
  return { LoadBalancerDnsName: lb.DNSName, LoadBalancerHostedZoneId: lb.CanonicalHostedZoneId };
}

export const { handler, createHandler } = customResource<Properties, Api>(
  {
    prefix: 'express-domain-names-',
    // ELB's answer while the rule is being changed by another request (Express's own, for one).
    retryable: ['ResourceInUseException', 'ResourceInUse'],
    work,
  },
  api,
);
