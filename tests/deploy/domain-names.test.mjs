// Custom::ExpressDomainNames at deploy time: the code the core embeds (src/synth/domain_names.js, as
// tests/cases/*/template.json carry it) run as Lambda runs it, against moto with the real AWS SDK v3, for the
// requests CloudFormation sends in a stack's life: Create, Updates (new names, a rule Express wrote anew, a
// replaced service), Delete, and the rollback sequences. Every request is checked against botocore's models,
// and the role's policies in force at that moment (the golden template's, resolved to moto's ARNs) against the
// Service Authorization Reference; lib/aws.mjs lists where moto is weaker than AWS and how each gap is closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploySuite } from './lib/harness.mjs';
import { expressLoadBalancer, expressHost, hostsOf } from './lib/aws.mjs';
import { region, account } from './lib/env.mjs';

const suite = deploySuite({
  caseName: 'custom-domain',
  type: 'Custom::ExpressDomainNames',
  code: 'src/synth/domain_names.js',
});
const ID = 'ShopDomainNames'; // HostNames example.com, www.example.com
const ingress = (service, what) => `${service}Service.ECSManagedResourceArns.IngressPath.${what}`;

/** Express's shared load balancer with the rules of Shop and Api (and a spare rule for a replaced Shop), and
 * the template's attributes resolved to them. */
async function world() {
  const network = await suite.freshAccount();
  const own = suite.own;
  const alb = await expressLoadBalancer(own, network, 'ecs-express-gateway-alb-1', ['Shop', 'Api', 'ShopNew']);
  const atts = {
    [ingress('Shop', 'ListenerRuleArn')]: alb.rules.Shop,
    [ingress('Shop', 'LoadBalancerArn')]: alb.arn,
    'ShopService.UpdatedAt': '2026-12-01T10:00:00Z',
    [ingress('Api', 'ListenerRuleArn')]: alb.rules.Api,
    [ingress('Api', 'LoadBalancerArn')]: alb.arn,
    'ApiService.UpdatedAt': '2026-12-01T10:00:00Z',
    'DomainNamesLogs.Arn': `arn:aws:logs:${region}:${account}:log-group:deploy-tests-DomainNamesLogs:*`,
    'DomainNamesFunction.Arn': `arn:aws:lambda:${region}:${account}:function:DomainNamesFunction`,
  };
  const hosts = (rule = alb.rules.Shop) => hostsOf(own, rule);
  return { alb, atts, hosts, own };
}

const ok = (r, what) => assert.equal(r.Status, 'SUCCESS', `${what}: ${r.Reason}`);
const SHOP = expressHost('Shop');

suite.scenario('Create adds the names to the service\'s rule and answers the load balancer\'s DNS name and zone', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'Create');
  const r = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(r, 'Create');
  assert.match(r.PhysicalResourceId, /^express-domain-names-/);
  assert.deepEqual(await w.hosts(), [SHOP, 'example.com', 'www.example.com']);
  assert.deepEqual(r.Data, { LoadBalancerDnsName: w.alb.dnsName, LoadBalancerHostedZoneId: w.alb.zone });
  assert.deepEqual(await w.hosts(w.alb.rules.Api), [expressHost('Api')], 'another service\'s rule is untouched');
});

suite.scenario('Update with changed names: the new one added, the dropped one removed, Express\'s own kept', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'Update (names)');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const oldProperties = stack.properties();
  const properties = stack.properties({ HostNames: ['example.com', 'shop.example.com'] });
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties, oldProperties });
  ok(r, 'Update');
  assert.deepEqual(await w.hosts(), [SHOP, 'example.com', 'shop.example.com']);
});

suite.scenario('Update after Express wrote the rule anew (ServiceUpdatedAt changed): the names are put back', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'Update (rule rewritten)');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const oldProperties = stack.properties();
  await w.own.elb('ModifyRule', { RuleArn: w.alb.rules.Shop, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [SHOP] } }] });
  stack.atts['ShopService.UpdatedAt'] = '2026-12-02T10:00:00Z';
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: stack.properties(), oldProperties });
  ok(r, 'Update');
  assert.deepEqual(await w.hosts(), [SHOP, 'example.com', 'www.example.com']);
});

suite.scenario('Delete removes exactly the names it added: one someone else wrote in another case stays', async () => {
  const w = await world();
  await w.own.elb('ModifyRule', { RuleArn: w.alb.rules.Shop, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [SHOP, 'WWW.Example.COM'] } }] });
  const stack = suite.stack(ID, w.atts, 'Delete');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const r = await stack.request({ type: 'Delete', physicalId: created.PhysicalResourceId, properties: stack.properties() });
  ok(r, 'Delete');
  assert.deepEqual(await w.hosts(), [SHOP, 'WWW.Example.COM']);
});

suite.scenario('A Create that fails half-way is undone by the rollback\'s Delete (no name left routing to the service)', async () => {
  const w = await world();
  // The rule gets the names, then the load balancer is not found.
  w.atts[ingress('Shop', 'LoadBalancerArn')] = w.alb.arn.replace(/\/[0-9a-f]+$/, '/0123456789abcdef');
  const stack = suite.stack(ID, w.atts, 'failed Create + Delete');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  assert.equal(created.Status, 'FAILED', 'Create with a load balancer that is not there');
  const r = await stack.request({ type: 'Delete', physicalId: created.PhysicalResourceId, properties: stack.properties() });
  ok(r, 'the rollback Delete');
  assert.deepEqual(await w.hosts(), [SHOP], 'what the failed Create did is undone');
});

suite.scenario('An Update over ELB\'s 5 condition values fails without touching the rule; its rollback Update (old and new swapped) succeeds', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'failed Update + rollback Update');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const before = stack.properties();
  const failing = stack.properties({ HostNames: ['example.com', 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'] });
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: failing, oldProperties: before });
  assert.equal(r.Status, 'FAILED', 'six condition values');
  assert.match(r.Reason, /5/, 'the Reason names the limit');
  assert.deepEqual(await w.hosts(), [SHOP, 'example.com', 'www.example.com']);
  const back = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: before, oldProperties: failing });
  ok(back, 'the rollback Update');
  assert.deepEqual(await w.hosts(), [SHOP, 'example.com', 'www.example.com']);
});

suite.scenario('A rule with another condition (path-pattern): kept as it is, and counted toward ELB\'s 5 values', async () => {
  const w = await world();
  const path = { Field: 'path-pattern', PathPatternConfig: { Values: ['/shop/*'] } };
  await w.own.elb('ModifyRule', { RuleArn: w.alb.rules.Shop, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [SHOP] } }, path] });
  const stack = suite.stack(ID, w.atts, 'path-pattern beside');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const conditions = async () => (await w.own.elb('DescribeRules', { RuleArns: [w.alb.rules.Shop] })).Rules[0].Conditions;
  const after = [{ Field: 'host-header', HostHeaderConfig: { Values: [SHOP, 'example.com', 'www.example.com'] } }, path];
  assert.deepEqual(await conditions(), after);
  // 1 + 3 host names + 1 path = 5 is the most; one name more is refused before the rule is touched.
  const more = stack.properties({ HostNames: ['example.com', 'www.example.com', 'shop.example.com', 'store.example.com'] });
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: more, oldProperties: stack.properties() });
  assert.equal(r.Status, 'FAILED', 'six condition values with the path');
  assert.deepEqual(await conditions(), after);
});

suite.scenario('A replaced service (new ListenerRuleArn): the names go to its new rule, with only the rights the stack\'s policy gives now', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'replaced service');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const oldProperties = stack.properties();
  // CloudFormation made the new service (and updated the policy that names its rule) before this Update; the
  // old service and its rule go in the cleanup phase, after it.
  stack.atts[ingress('Shop', 'ListenerRuleArn')] = w.alb.rules.ShopNew;
  stack.atts['ShopService.UpdatedAt'] = '2026-12-02T10:00:00Z';
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: stack.properties(), oldProperties });
  ok(r, 'Update of the replaced service');
  assert.deepEqual(await w.hosts(w.alb.rules.ShopNew), [expressHost('ShopNew'), 'example.com', 'www.example.com']);

  // A later resource fails: the rollback swaps back to the old service (whose policy is back on the old rule).
  const newProperties = stack.properties();
  stack.atts[ingress('Shop', 'ListenerRuleArn')] = w.alb.rules.Shop;
  stack.atts['ShopService.UpdatedAt'] = '2026-12-01T10:00:00Z';
  const back = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: stack.properties(), oldProperties: newProperties });
  ok(back, 'the rollback Update to the old service');
  assert.deepEqual(await w.hosts(), [SHOP, 'example.com', 'www.example.com'], 'the old service serves the names again');
});

suite.scenario('Another service\'s names on the same load balancer: its own rule, its own policy (Create, then Delete)', async () => {
  const w = await world();
  const stack = suite.stack('ApiDomainNames', w.atts, 'Api Create + Delete');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  assert.deepEqual(await w.hosts(w.alb.rules.Api), [expressHost('Api'), 'api.example.org']);
  assert.deepEqual(await w.hosts(), [SHOP], 'Shop\'s rule is untouched');
  const r = await stack.request({ type: 'Delete', physicalId: created.PhysicalResourceId, properties: stack.properties() });
  ok(r, 'Delete');
  assert.deepEqual(await w.hosts(w.alb.rules.Api), [expressHost('Api')]);
});

suite.answersWhenAwsNeverDoes(ID, world);

// The hook's own gaps, each shown against moto alone first (lib/aws.mjs, gaps 1, 3, 5 and 6).
test('where moto is weaker than AWS the hook answers as AWS does: 5 condition values, IAM by resource, DescribeRules\' Values, Values beside a Config', async () => {
  const w = await world();
  const six = [SHOP, 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com'];
  const conditions = (values) => [{ Field: 'host-header', HostHeaderConfig: { Values: values } }];
  // moto alone takes six values (AWS refuses them) and ModifyRule on any rule (IAM is by resource in AWS).
  await w.own.elb('ModifyRule', { RuleArn: w.alb.rules.ShopNew, Conditions: conditions(six) });
  await w.own.elb('ModifyRule', { RuleArn: w.alb.rules.ShopNew, Conditions: conditions([expressHost('ShopNew')]) });
  const seen = await suite.direct(w.atts, async (send) => {
    await assert.rejects(send.elb('ModifyRule', { RuleArn: w.alb.rules.Shop, Conditions: conditions(six) }),
      { name: 'ValidationError', message: "A rule can only have '5' condition values" });
    // The stack's policies name Shop's and Api's rules, not ShopNew's.
    await assert.rejects(send.elb('ModifyRule', { RuleArn: w.alb.rules.ShopNew, Conditions: conditions([expressHost('ShopNew')]) }),
      (e) => e.name === 'AccessDenied' && e.message.includes(`elasticloadbalancing:ModifyRule on resource: ${w.alb.rules.ShopNew}`));
    const rule = (await send.elb('DescribeRules', { RuleArns: [w.alb.rules.Shop] })).Rules[0];
    assert.deepEqual(rule.Conditions, [{ Field: 'host-header', Values: [SHOP], HostHeaderConfig: { Values: [SHOP] } }]);
    // What DescribeRules gives cannot go back as it is: AWS refuses Values beside HostHeaderConfig.
    await assert.rejects(send.elb('ModifyRule', { RuleArn: w.alb.rules.Shop, Conditions: rule.Conditions }),
      { name: 'ValidationError', message: "You cannot provide both Values and 'HostHeaderConfig' for a condition of type 'host-header'" });
  });
  assert.equal(seen.calls.length, 4);
  assert.equal(seen.denied.length, 1);
  assert.deepEqual(await w.hosts(), [SHOP]);
});

suite.finalChecks({
  minCalls: 20,
  operations: ['DescribeRules', 'ModifyRule', 'DescribeLoadBalancers'],
});
