// The WAF associations end to end: a sequence of specs, each synthesized by the core into the template a user
// deploys, its custom resource's properties resolved as CloudFormation would (every service's load balancer
// ARN from a simulated Express account that packs 25 services of a network per ALB), and handed to the
// function that ships inline in that template, against a simulated WAF. After each step the associations of
// the account are what the services need: two services on one ALB, one of them deleted, a 26th on a new ALB,
// that one deleted with its ALB, and WAF turned off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './builds.mjs';

const require = createRequire(path.join(root, 'package.json'));
const core = require('cdk-express-service-core');
const ASSOCIATIONS = 'Custom::ExpressWafAssociations';

/** Express in one account: services keep their ALB; a new one joins the last ALB with room, else a new ALB. */
class Account {
  albOf = new Map();
  albs = [];
  /** WAF: ALB -> web ACL ARN (absent: none). */
  waf = new Map();

  deploy(serviceKeys) {
    for (const key of [...this.albOf.keys()]) {
      if (!serviceKeys.includes(key)) this.albOf.delete(key);
    }
    // An ALB left without services is deleted by Express, and WAF forgets it.
    for (const alb of [...this.albs]) {
      if (![...this.albOf.values()].includes(alb)) {
        this.albs.splice(this.albs.indexOf(alb), 1);
        this.waf.delete(alb);
      }
    }
    for (const key of serviceKeys) {
      if (this.albOf.has(key)) continue;
      let alb = this.albs.find((a) => [...this.albOf.values()].filter((x) => x === a).length < 25);
      if (alb === undefined) {
        alb = `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/express-${this.albs.length + 1}/0f${this.albs.length}`;
        this.albs.push(alb);
      }
      this.albOf.set(key, alb);
    }
  }
}

/** The custom resource's properties as CloudFormation hands them to the function: every GetAtt resolved. */
function resolvedProperties(template, account) {
  const entry = Object.values(template.Resources).find((r) => r.Type === ASSOCIATIONS);
  if (entry === undefined) return undefined;
  const resolve = (v) => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v === null || typeof v !== 'object') return v;
    const att = v['Fn::GetAtt'];
    if (att?.[1] === 'ECSManagedResourceArns.IngressPath.LoadBalancerArn') return account.albOf.get(att[0].replace(/Service$/, ''));
    if (att?.[1] === 'Arn') return `arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/${att[0]}/id`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve(entry.Properties);
}

/** The function from the template itself (loaded as Lambda loads index.js), with WAF and the CloudFormation
 * response simulated through its `createHandler`. */
function functionOf(template, account, responses, calls = []) {
  const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  const module = { exports: {} };
  new Function('exports', 'require', 'module', fn.Properties.Code.ZipFile)(module.exports, require, module);
  const send = async (name, input) => {
    calls.push(name);
    const gone = () => Object.assign(new Error('no such item'), { name: 'WAFNonexistentItemException' });
    if (!account.albs.includes(input.ResourceArn)) throw gone();
    if (name === 'GetWebACLForResource') return account.waf.has(input.ResourceArn) ? { WebACL: { ARN: account.waf.get(input.ResourceArn) } } : {};
    if (name === 'AssociateWebACL') return void account.waf.set(input.ResourceArn, input.WebACLArn);
    if (name === 'DisassociateWebACL') return void account.waf.delete(input.ResourceArn);
    throw new Error(`unexpected call ${name}`);
  };
  const handler = module.exports.createHandler({
    send,
    sleep: async () => {},
    respond: async (_url, body) => void responses.push(body),
    log: () => {},
  });
  return { handler };
}

test('the template carries the function exactly as bundled (src/synth/waf_associations.js)', () => {
  const { template } = core.synthTemplate(spec(1));
  const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  const bundled = fs.readFileSync(path.join(root, 'src', 'synth', 'waf_associations.js'), 'utf8');
  assert.ok(fn.Properties.Code.ZipFile === bundled, 'the core embeds an older bundle: rebuild it (npm run build)');
});

function spec(n, waf = {}) {
  const services = {};
  for (let i = 1; i <= n; i++) services[`S${i}`] = { image: 'nginx:1.27' };
  return { ...(waf === false ? {} : { waf }), services };
}

test('a sequence of deploys: every ALB of a protected service holds the web ACL, and only those', async () => {
  const account = new Account();
  let old; // the custom resource's properties of the last deploy
  let physicalId;
  const step = async (what, s, keys) => {
    account.deploy(keys);
    const { template } = core.synthTemplate(s);
    const props = resolvedProperties(template, account);
    const responses = [];
    // The function of the template that holds the resource; on removal, of the previous one (still deployed).
    const lambda = functionOf(props === undefined ? step.last : template, account, responses);
    const type = old === undefined ? 'Create' : props === undefined ? 'Delete' : 'Update';
    const event = { RequestType: type, RequestId: `req-${what.length}`, StackId: 'stack', LogicalResourceId: 'WafAssociations', ResponseURL: 'https://example.invalid' };
    if (type === 'Create') Object.assign(event, { ResourceProperties: props });
    if (type === 'Update') Object.assign(event, { ResourceProperties: props, OldResourceProperties: old, PhysicalResourceId: physicalId });
    if (type === 'Delete') Object.assign(event, { ResourceProperties: old, PhysicalResourceId: physicalId });
    await lambda.handler(event, { getRemainingTimeInMillis: () => 300_000 });
    assert.equal(responses.length, 1, what);
    assert.equal(responses[0].Status, 'SUCCESS', `${what}: ${responses[0].Reason}`);
    if (physicalId !== undefined) assert.equal(responses[0].PhysicalResourceId, physicalId, `${what}: the physical ID stays`);
    physicalId = responses[0].PhysicalResourceId;
    old = props;
    step.last = template;
    return Object.fromEntries(account.albs.map((alb) => [alb.split('/')[2], account.waf.get(alb)?.split('/')[2] ?? null]));
  };
  const keys = (n) => Array.from({ length: n }, (_, i) => `S${i + 1}`);

  assert.deepEqual(await step('two services on one ALB', spec(2), keys(2)), { 'express-1': 'DefaultWebAcl' });
  // One per-service association resource would have stripped the ALB here; the other service still needs it.
  assert.deepEqual(await step('one of them deleted', spec(1), keys(1)), { 'express-1': 'DefaultWebAcl' });
  assert.deepEqual(await step('26 services: the 26th on a new ALB', spec(26), keys(26)), {
    'express-1': 'DefaultWebAcl',
    'express-2': 'DefaultWebAcl',
  });
  assert.deepEqual(await step('the 26th deleted, its ALB with it', spec(25), keys(25)), { 'express-1': 'DefaultWebAcl' });
  assert.deepEqual(await step('WAF off for all: the custom resource is removed', spec(25, false), keys(25)), { 'express-1': null });
});

test('a web ACL set by hand on an ALB the stack does not use is left alone when WAF is turned off', async () => {
  const account = new Account();
  account.deploy(['S1']);
  const byHand = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/ByHand/id';
  const { template } = core.synthTemplate(spec(1));
  const props = resolvedProperties(template, account);
  const responses = [];
  const lambda = functionOf(template, account, responses);
  await lambda.handler({ RequestType: 'Create', RequestId: 'r1', ResourceProperties: props, StackId: 's', LogicalResourceId: 'WafAssociations', ResponseURL: 'https://example.invalid' });
  // Someone replaces it by hand; the stack's Delete then must not strip what is not its own.
  account.waf.set(account.albs[0], byHand);
  await lambda.handler({ RequestType: 'Delete', RequestId: 'r2', ResourceProperties: props, PhysicalResourceId: responses[0].PhysicalResourceId, StackId: 's', LogicalResourceId: 'WafAssociations', ResponseURL: 'https://example.invalid' });
  assert.equal(account.waf.get(account.albs[0]), byHand);
  assert.deepEqual(responses.map((r) => r.Status), ['SUCCESS', 'SUCCESS']);
});

/** Every rule of the template's web ACL `id`: name -> the services' logical IDs its scope-down matches. */
function rulesOf(template, id) {
  const acl = template.Resources[id];
  assert.ok(acl, `${id} in ${Object.keys(template.Resources).join(', ')}`);
  const hosts = (v, out = []) => {
    if (Array.isArray(v)) v.forEach((x) => hosts(x, out));
    else if (v !== null && typeof v === 'object') {
      const att = v['Fn::GetAtt'];
      if (att?.[1] === 'Endpoint') out.push(att[0].replace(/Service$/, ''));
      else Object.values(v).forEach((x) => hosts(x, out));
    }
    return out;
  };
  return Object.fromEntries(acl.Properties.Rules.map((r) => [r.Name, hosts(r.Statement)]));
}

test('services of one network join, change and leave one web ACL: its rules change in place, the associations not at all', async () => {
  const account = new Account();
  const managed = { managedRules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] };
  const specOf = (admin) => ({
    services: {
      Shop: { image: 'nginx:1.27', waf: managed },
      Docs: { image: 'nginx:1.27' },
      ...(admin === undefined ? {} : { Admin: { image: 'nginx:1.27', waf: { allowOnlyFrom: admin, managedRules: [] } } }),
    },
  });
  let old;
  let physicalId;
  let last;
  const step = async (what, s) => {
    account.deploy(Object.keys(s.services));
    const { template } = core.synthTemplate(s);
    const props = resolvedProperties(template, account);
    const responses = [];
    const calls = [];
    const lambda = functionOf(template, account, responses, calls);
    const event = { RequestType: old === undefined ? 'Create' : 'Update', RequestId: what, StackId: 'stack', LogicalResourceId: 'WafAssociations', ResponseURL: 'https://example.invalid', ResourceProperties: props };
    if (old !== undefined) Object.assign(event, { OldResourceProperties: old, PhysicalResourceId: physicalId });
    await lambda.handler(event, { getRemainingTimeInMillis: () => 300_000 });
    assert.equal(responses[0].Status, 'SUCCESS', `${what}: ${responses[0].Reason}`);
    physicalId = responses[0].PhysicalResourceId;
    old = props;
    const changed = last === undefined ? [] : Object.keys(template.Resources).filter((id) => id in last.Resources && JSON.stringify(template.Resources[id]) !== JSON.stringify(last.Resources[id]));
    const gone = last === undefined ? [] : Object.keys(last.Resources).filter((id) => !(id in template.Resources));
    last = template;
    const waf = Object.fromEntries(account.albs.map((alb) => [alb.split('/')[2], account.waf.get(alb)?.split('/')[2] ?? null]));
    return { template, calls: calls.filter((c) => c !== 'GetWebACLForResource'), changed, gone, waf };
  };

  // Shop's managed rules, scoped to Shop; Docs on the same ALB untouched (default action allow).
  let r = await step('Shop with WAF, Docs without', specOf());
  assert.deepEqual(r.waf, { 'express-1': 'ShopWebAcl' });
  assert.deepEqual(rulesOf(r.template, 'ShopWebAcl'), {
    'RateLimitPerIp-Shop': ['Shop'],
    'AWSManagedRulesCommonRuleSet-Shop': ['Shop'],
    'AWSManagedRulesKnownBadInputsRuleSet-Shop': ['Shop'],
  });
  assert.equal(r.template.Resources.ShopWebAcl.Properties.DefaultAction.Allow !== undefined, true);

  r = await step('Admin added, with an allow-list', specOf(['203.0.113.0/24']));
  assert.deepEqual(r.calls, [], 'the ALB already holds the web ACL: no association call');
  assert.deepEqual(r.waf, { 'express-1': 'ShopWebAcl' });
  assert.deepEqual(rulesOf(r.template, 'ShopWebAcl'), {
    'AllowOnlyListedIps-Admin': ['Admin'],
    'RateLimitPerIp-Shop': ['Shop'],
    'RateLimitPerIp-Admin': ['Admin'],
    'AWSManagedRulesCommonRuleSet-Shop': ['Shop'],
    'AWSManagedRulesKnownBadInputsRuleSet-Shop': ['Shop'],
  });
  assert.deepEqual(r.changed.filter((id) => id !== 'WafAssociations'), ['ShopWebAcl'], 'the web ACL changes in place, under its ID');

  r = await step("Admin's allow-list changed", specOf(['198.51.100.0/24']));
  assert.deepEqual(r.calls, []);
  assert.deepEqual(r.changed, ['AdminWebAclIpv4'], 'only the IP set, in place (its Addresses)');
  assert.deepEqual(r.template.Resources.AdminWebAclIpv4.Properties.Addresses, ['198.51.100.0/24']);

  r = await step('Admin removed', specOf());
  assert.deepEqual(r.calls, []);
  assert.deepEqual(r.waf, { 'express-1': 'ShopWebAcl' });
  assert.deepEqual(r.gone, ['AdminWebAclIpv4', 'AdminService']);
  assert.deepEqual(r.changed.filter((id) => id !== 'WafAssociations'), ['ShopWebAcl']);
  assert.deepEqual(Object.keys(rulesOf(r.template, 'ShopWebAcl')), ['RateLimitPerIp-Shop', 'AWSManagedRulesCommonRuleSet-Shop', 'AWSManagedRulesKnownBadInputsRuleSet-Shop']);
});
