// Custom::ExpressWafAssociations at deploy time: the code the core embeds (src/synth/waf_associations.js, as
// tests/cases/*/template.json carry it) run as Lambda runs it, against moto with the real AWS SDK v3, for the
// requests CloudFormation sends in a stack's life, rollbacks included. Every request it sends is checked
// against botocore's models and its role's policies (the golden template's) against the Service
// Authorization Reference; lib/aws.mjs lists where moto is weaker than AWS and how each gap is closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploySuite } from './lib/harness.mjs';
import { expressLoadBalancer, webAcl, aclOf } from './lib/aws.mjs';
import { region, account } from './lib/env.mjs';

const suite = deploySuite({
  caseName: 'shared-web-acls',
  type: 'Custom::ExpressWafAssociations',
  code: 'src/synth/waf_associations.js',
});
const ID = 'WafAssociations';
const LB = (service) => `${service}Service.ECSManagedResourceArns.IngressPath.LoadBalancerArn`;

/** Express's load balancers (alb-1: Shop and Blog; alb-2: Orders; alb-3 spare), the stack's two web ACLs,
 * and the template's attributes resolved to them. ALB names sort as numbered, as the function orders by ARN. */
async function world() {
  const network = await suite.freshAccount();
  const own = suite.own;
  const albs = {};
  for (const [n, services] of [[1, ['Shop', 'Blog']], [2, ['Orders']], [3, []], [9, ['Gone']]]) {
    albs[n] = await expressLoadBalancer(own, network, `ecs-express-gateway-alb-${n}`, services);
  }
  // alb-9 existed once: its ARN is well formed, the load balancer is gone (a service whose ALB was deleted).
  await own.elb('DeleteLoadBalancer', { LoadBalancerArn: albs[9].arn });
  const acls = { Public: await webAcl(own, 'PublicWebAcl'), Internal: await webAcl(own, 'InternalWebAcl'), Other: await webAcl(own, 'someone-elses') };
  const atts = {
    'PublicWebAcl.Arn': acls.Public,
    'InternalWebAcl.Arn': acls.Internal,
    [LB('Shop')]: albs[1].arn,
    [LB('Blog')]: albs[1].arn,
    [LB('Orders')]: albs[2].arn,
    'WafAssociationsLogs.Arn': `arn:aws:logs:${region}:${account}:log-group:deploy-tests-WafAssociationsLogs:*`,
    'WafAssociationsFunction.Arn': `arn:aws:lambda:${region}:${account}:function:WafAssociationsFunction`,
  };
  const state = async () => Object.fromEntries(await Promise.all([1, 2, 3].map(async (n) => {
    const acl = await aclOf(own, albs[n].arn);
    return [`alb-${n}`, Object.entries(acls).find(([, a]) => a === acl)?.[0] ?? null];
  })));
  return { albs, acls, atts, state, own };
}

const ok = (r, what) => assert.equal(r.Status, 'SUCCESS', `${what}: ${r.Reason}`);

suite.scenario('Create associates each web ACL with its services\' load balancers, once per load balancer', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'Create');
  const r = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(r, 'Create');
  assert.match(r.PhysicalResourceId, /^express-waf-associations-/);
  assert.doesNotMatch(r.PhysicalResourceId, /failed/);
  assert.deepEqual(await w.state(), { 'alb-1': 'Public', 'alb-2': 'Internal', 'alb-3': null });
});

suite.scenario('Update with changed properties: a service moved to a new load balancer takes its web ACL along; the old one is freed', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'Update (moved service)');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const oldProperties = stack.properties();
  stack.atts[LB('Orders')] = w.albs[3].arn;
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: stack.properties(), oldProperties });
  ok(r, 'Update');
  assert.deepEqual(await w.state(), { 'alb-1': 'Public', 'alb-2': null, 'alb-3': 'Internal' });
});

suite.scenario('Update swapping the web ACLs replaces each load balancer\'s web ACL (AWS replaces on association; moto would not)', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'Update (swapped ACLs)');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const oldProperties = stack.properties();
  const [a, b] = oldProperties.WebAcls;
  const properties = { ...oldProperties, WebAcls: [{ ...a, WebAclArn: b.WebAclArn }, { ...b, WebAclArn: a.WebAclArn }] };
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties, oldProperties });
  ok(r, 'Update');
  assert.deepEqual(await w.state(), { 'alb-1': 'Internal', 'alb-2': 'Public', 'alb-3': null });
});

suite.scenario('Delete takes off the stack\'s associations and leaves one someone else set since', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'Delete');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  await w.own.waf('DisassociateWebACL', { ResourceArn: w.albs[2].arn });
  await w.own.waf('AssociateWebACL', { ResourceArn: w.albs[2].arn, WebACLArn: w.acls.Other });
  const r = await stack.request({ type: 'Delete', physicalId: created.PhysicalResourceId, properties: stack.properties() });
  ok(r, 'Delete');
  assert.deepEqual(await w.state(), { 'alb-1': null, 'alb-2': 'Other', 'alb-3': null });
});

suite.scenario('A Create that fails half-way is undone by the rollback\'s Delete (no association left on an ALB)', async () => {
  const w = await world();
  w.atts[LB('Orders')] = w.albs[9].arn; // gone: the association fails after alb-1's
  const stack = suite.stack(ID, w.atts, 'failed Create + Delete');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  assert.equal(created.Status, 'FAILED', 'Create with a gone load balancer');
  assert.ok(created.Reason.includes(w.albs[9].arn), `the Reason names the load balancer: ${created.Reason}`);
  const r = await stack.request({ type: 'Delete', physicalId: created.PhysicalResourceId, properties: stack.properties() });
  ok(r, 'the rollback Delete');
  assert.deepEqual(await w.state(), { 'alb-1': null, 'alb-2': null, 'alb-3': null }, 'what the failed Create did is undone');
});

suite.scenario('An Update that fails half-way is undone by the rollback Update (old and new properties swapped)', async () => {
  const w = await world();
  const stack = suite.stack(ID, w.atts, 'failed Update + rollback Update');
  const created = await stack.request({ type: 'Create', properties: stack.properties() });
  ok(created, 'Create');
  const before = stack.properties();
  // The update: Public also on alb-3 (associated first), Orders on a gone load balancer (fails).
  const failing = {
    ...before,
    WebAcls: [
      { ...before.WebAcls[0], LoadBalancerArns: [...before.WebAcls[0].LoadBalancerArns, w.albs[3].arn] },
      { ...before.WebAcls[1], LoadBalancerArns: [w.albs[9].arn] },
    ],
  };
  const r = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: failing, oldProperties: before });
  assert.equal(r.Status, 'FAILED', 'the Update with a gone load balancer');
  const back = await stack.request({ type: 'Update', physicalId: created.PhysicalResourceId, properties: before, oldProperties: failing });
  ok(back, 'the rollback Update');
  assert.deepEqual(await w.state(), { 'alb-1': 'Public', 'alb-2': 'Internal', 'alb-3': null });
  const del = await stack.request({ type: 'Delete', physicalId: created.PhysicalResourceId, properties: before });
  ok(del, 'Delete after the rollback');
  assert.deepEqual(await w.state(), { 'alb-1': null, 'alb-2': null, 'alb-3': null });
});

suite.answersWhenAwsNeverDoes(ID, world);

// The hook's own gaps, each shown against moto alone first (lib/aws.mjs, gaps 1, 2 and 4).
test('where moto is weaker than AWS the hook answers as AWS does: a gone or malformed ALB, a gone web ACL, a replaced web ACL, IAM by resource', async () => {
  const w = await world();
  const gone = w.albs[9].arn;
  const malformed = `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/no-id`;
  // moto alone: associates with a gone ALB, and keeps an ALB's first web ACL on a second association.
  await w.own.waf('AssociateWebACL', { ResourceArn: gone, WebACLArn: w.acls.Public });
  await w.own.waf('DisassociateWebACL', { ResourceArn: gone });
  await w.own.waf('AssociateWebACL', { ResourceArn: w.albs[3].arn, WebACLArn: w.acls.Public });
  await w.own.waf('AssociateWebACL', { ResourceArn: w.albs[3].arn, WebACLArn: w.acls.Internal });
  assert.equal(await aclOf(w.own, w.albs[3].arn), w.acls.Public, 'moto kept the first web ACL');
  await w.own.waf('DisassociateWebACL', { ResourceArn: w.albs[3].arn });
  // (IAM is judged apart in the first two, so that what they show is not hidden by a denial.)
  const seen = await suite.direct(w.atts, async (send) => {
    await assert.rejects(send.waf('GetWebACLForResource', { ResourceArn: gone }), { name: 'WAFNonexistentItemException' });
    await assert.rejects(send.waf('AssociateWebACL', { ResourceArn: malformed, WebACLArn: w.acls.Public }), { name: 'WAFNonexistentItemException' });
    const noAcl = w.acls.Public.replace(/\/[0-9a-f-]{36}$/, '/00000000-0000-0000-0000-000000000000');
    await assert.rejects(send.waf('AssociateWebACL', { ResourceArn: w.albs[3].arn, WebACLArn: noAcl }), { name: 'WAFNonexistentItemException' });
  }, { iam: false });
  assert.equal(seen.calls.length, 3);
  assert.ok(seen.problems.some((p) => p.includes(`${malformed} fits no resource type of elasticloadbalancing`)), seen.problems.join('\n'));
  // IAM by resource: the stack's role names this account's ALBs, not another account's.
  const foreign = w.albs[1].arn.replace(account, '210987654321');
  const judged = await suite.direct(w.atts, async (send) => {
    await assert.rejects(send.waf('DisassociateWebACL', { ResourceArn: foreign }),
      (e) => e.name === 'AccessDeniedException' && e.message.includes(`on resource: ${foreign}`));
  });
  assert.ok(judged.denied.some((d) => d.action === 'wafv2:DisassociateWebACL' && d.resource === foreign), JSON.stringify(judged.denied));
  // Through the hook a second association replaces the first, as in AWS (IAM left out here: it is judged above).
  const replaced = await suite.direct(w.atts, async (send) => {
    await send.waf('AssociateWebACL', { ResourceArn: w.albs[3].arn, WebACLArn: w.acls.Public });
    await send.waf('AssociateWebACL', { ResourceArn: w.albs[3].arn, WebACLArn: w.acls.Internal });
  }, { iam: false });
  assert.equal(replaced.calls.length, 2);
  assert.equal(await aclOf(w.own, w.albs[3].arn), w.acls.Internal, 'the second web ACL replaced the first');
});

suite.finalChecks({
  minCalls: 20,
  operations: ['GetWebACLForResource', 'AssociateWebACL', 'DisassociateWebACL'],
});
