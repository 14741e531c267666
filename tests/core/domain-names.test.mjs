// The Lambda behind Custom::ExpressDomainNames (src/synth/domain_names.js), shipped inline in the template:
// `reconcile` on rule conditions as DescribeRules returns them, and `handler` end to end with a fake ELB and a
// fake CloudFormation response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const lambda = require(fileURLToPath(new URL('../../src/synth/domain_names.js', import.meta.url)));
const original = { ...lambda };

const EXPRESS = 'ab-0123456789abcdef0123456789abcdef.ecs.eu-west-1.on.aws';
/** A host-header condition as DescribeRules returns it: Values and HostHeaderConfig both. */
const host = (...values) => ({ Field: 'host-header', Values: values, HostHeaderConfig: { Values: values } });
const hostsOf = (conditions) => conditions.find((c) => c.Field === 'host-header').HostHeaderConfig.Values;

test('reconcile adds the names beside Express\'s own, and sends conditions in their Config form only', () => {
  const p = lambda.reconcile([host(EXPRESS)], ['api.example.com', 'www.example.com'], []);
  assert.equal(p.changed, true);
  assert.deepEqual(p.conditions, [{ Field: 'host-header', HostHeaderConfig: { Values: [EXPRESS, 'api.example.com', 'www.example.com'] } }]);
});

test('reconcile again is a no-op (idempotent), also when the case differs', () => {
  const p = lambda.reconcile([host(EXPRESS, 'api.example.com')], ['API.example.com'], ['API.example.com']);
  assert.equal(p.changed, false);
  assert.deepEqual(hostsOf(p.conditions), [EXPRESS, 'api.example.com']);
});

test('reconcile removes ours only: Express\'s name and names added by hand stay', () => {
  const p = lambda.reconcile([host(EXPRESS, 'old.example.com', 'by-hand.example.com')], ['new.example.com'], ['old.example.com']);
  assert.deepEqual(hostsOf(p.conditions), [EXPRESS, 'by-hand.example.com', 'new.example.com']);
  const gone = lambda.reconcile([host(EXPRESS, 'a.example.com')], [], ['a.example.com']);
  assert.deepEqual(hostsOf(gone.conditions), [EXPRESS]);
});

test('reconcile keeps other conditions, counts their values, and refuses past 5', () => {
  const path = { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } };
  const ok = lambda.reconcile([host(EXPRESS), path], ['a.example.com', 'b.example.com', 'c.example.com'], []);
  assert.deepEqual(ok.conditions[1], { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } });
  const full = lambda.reconcile([host(EXPRESS, 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com')], ['e.example.com'], []);
  assert.match(full.error, /would hold 6 condition values; ALB takes 5/);
  assert.match(lambda.reconcile([path], ['a.example.com'], []).error, /no host-header condition/);
});

/** Runs the handler against a fake ELB holding `rules` (ARN -> conditions); returns the calls and the response. */
async function run(event, rules, lbs = {}) {
  const calls = [];
  let response;
  lambda.send = async (name, input) => {
    calls.push([name, input]);
    if (name === 'DescribeRules') {
      const conditions = rules.get(input.RuleArns[0]);
      if (conditions === undefined) throw Object.assign(new Error('gone'), { name: 'RuleNotFoundException' });
      return { Rules: [{ RuleArn: input.RuleArns[0], Conditions: structuredClone(conditions) }] };
    }
    if (name === 'ModifyRule') {
      const values = input.Conditions.find((c) => c.Field === 'host-header').HostHeaderConfig.Values;
      rules.set(input.RuleArn, [host(...values)]);
      return {};
    }
    if (name === 'DescribeLoadBalancers') return { LoadBalancers: [lbs[input.LoadBalancerArns[0]]] };
    throw new Error(`unexpected ${name}`);
  };
  lambda.respond = async (_e, body) => { response = body; };
  try {
    await lambda.handler({ ResponseURL: 'https://x', StackId: 's', RequestId: 'r-0000-000000000001', LogicalResourceId: 'WebDomainNames', ...event }, { getRemainingTimeInMillis: () => 60000 });
  } finally {
    Object.assign(lambda, original);
  }
  return { calls: calls.map(([n]) => n), response };
}

const RULE = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/alb/1/2/3';
const RULE2 = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/alb/1/2/4';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/alb/1';
const props = (names, rule = RULE) => ({ ListenerRuleArn: rule, LoadBalancerArn: LB, HostNames: names });

test('handler: create, an update that renames, a re-run that changes nothing, delete; the load balancer\'s DNS name is returned', async () => {
  const rules = new Map([[RULE, [host(EXPRESS)]]]);
  const lbs = { [LB]: { DNSName: 'alb-1.eu-west-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z32O12XQLNTSW2' } };
  const created = await run({ RequestType: 'Create', ResourceProperties: props(['api.example.com']) }, rules, lbs);
  assert.equal(created.response.Status, 'SUCCESS', created.response.Reason);
  assert.deepEqual(created.response.Data, { LoadBalancerDnsName: 'alb-1.eu-west-1.elb.amazonaws.com', LoadBalancerHostedZoneId: 'Z32O12XQLNTSW2' });
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'api.example.com']);
  const id = created.response.PhysicalResourceId;

  const renamed = await run({ RequestType: 'Update', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']), OldResourceProperties: props(['api.example.com']) }, rules, lbs);
  assert.equal(renamed.response.PhysicalResourceId, id, 'the same resource: no Delete of the old one follows');
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'www.example.com']);

  // The service updated (UpdatedAt changed) and Express left the rule alone: nothing to modify.
  const rerun = await run({ RequestType: 'Update', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']), OldResourceProperties: props(['www.example.com']) }, rules, lbs);
  assert.deepEqual(rerun.calls, ['DescribeRules', 'DescribeLoadBalancers']);
  // Express wrote the rule anew: the names come back.
  rules.set(RULE, [host(EXPRESS)]);
  await run({ RequestType: 'Update', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']), OldResourceProperties: props(['www.example.com']) }, rules, lbs);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'www.example.com']);

  const deleted = await run({ RequestType: 'Delete', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']) }, rules, lbs);
  assert.equal(deleted.response.Status, 'SUCCESS');
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS]);
});

test('handler: a replaced service moves the names to its new rule; a gone rule fails a create and not a delete', async () => {
  const rules = new Map([[RULE, [host(EXPRESS, 'api.example.com')]], [RULE2, [host('cd-new.ecs.eu-west-1.on.aws')]]]);
  const lbs = { [LB]: { DNSName: 'alb', CanonicalHostedZoneId: 'Z1' } };
  const moved = await run({ RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: props(['api.example.com'], RULE2), OldResourceProperties: props(['api.example.com'], RULE) }, rules, lbs);
  assert.equal(moved.response.Status, 'SUCCESS', moved.response.Reason);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS]);
  assert.deepEqual(hostsOf(rules.get(RULE2)), ['cd-new.ecs.eu-west-1.on.aws', 'api.example.com']);

  const none = new Map();
  const failed = await run({ RequestType: 'Create', ResourceProperties: props(['api.example.com']) }, none, lbs);
  assert.equal(failed.response.Status, 'FAILED');
  assert.match(failed.response.Reason, /listener rule .* not found/);
  assert.match(failed.response.PhysicalResourceId, /^express-domain-names-failed-/);
  // Its rollback Delete touches nothing; a Delete after the service (and its rule) went succeeds.
  const rollback = await run({ RequestType: 'Delete', PhysicalResourceId: failed.response.PhysicalResourceId, ResourceProperties: props(['api.example.com']) }, none, lbs);
  assert.deepEqual(rollback.calls, []);
  const late = await run({ RequestType: 'Delete', PhysicalResourceId: 'p', ResourceProperties: props(['api.example.com']) }, none, lbs);
  assert.equal(late.response.Status, 'SUCCESS');

  const full = new Map([[RULE, [host(EXPRESS, 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com')]]]);
  const refused = await run({ RequestType: 'Create', ResourceProperties: props(['e.example.com']) }, full, lbs);
  assert.match(refused.response.Reason, /would hold 6 condition values/);
  assert.ok(!refused.calls.includes('ModifyRule'));
});
