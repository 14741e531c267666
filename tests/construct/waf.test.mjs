// WAF: one web ACL per ExpressWaf value and stack, composed into one per network once the stack's services are
// known (each value's rules scoped to its services' hosts), associated with every load balancer of its services
// by the stack's one custom resource; services of two stacks that Express may put on one load balancer must
// share one web ACL by ARN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Annotations, Match, Template, cdk, construct, EXPRESS, newStack, only, require, throwsAtSynth } from './support.mjs';

const ec2 = require('aws-cdk-lib/aws-ec2');
const { ExpressService, ExpressImage, ExpressWaf } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');
const ASSOCIATIONS = 'Custom::ExpressWafAssociations';

test('managedRules() creates a REGIONAL web ACL, associated with the load balancer by the stack\'s custom resource', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx, waf: ExpressWaf.managedRules({ rateLimit: 1000 }) });
  const template = Template.fromStack(stack);
  const [aclId, acl] = only(template, 'AWS::WAFv2::WebACL');
  assert.equal(acl.Properties.Scope, 'REGIONAL');
  const rate = acl.Properties.Rules.find((r) => r.Statement.RateBasedStatement);
  assert.equal(rate.Statement.RateBasedStatement.Limit, 1000);
  template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  const [, associations] = only(template, ASSOCIATIONS);
  const serviceId = stack.resolve(web.node.defaultChild.logicalId);
  assert.deepEqual(associations.Properties.WebAcls, [
    {
      WebAclArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      LoadBalancerArns: [{ 'Fn::GetAtt': [serviceId, 'ECSManagedResourceArns.IngressPath.LoadBalancerArn'] }],
    },
  ]);
  // Its function's code is inline (no asset to upload, nothing downloaded).
  const [, fn] = only(template, 'AWS::Lambda::Function');
  assert.ok(fn.Properties.Code.ZipFile.includes('AssociateWebACL'));
  assert.equal(stack.resolve(web.webAcl.logicalId), aclId);
  assert.deepEqual(stack.resolve(web.webAclArn), { 'Fn::GetAtt': [aclId, 'Arn'] });
});

test('one ExpressWaf value given to 30 services makes ONE web ACL, listing all their load balancers', () => {
  const { stack } = newStack();
  const waf = ExpressWaf.managedRules();
  const services = Array.from({ length: 30 }, (_, i) => new ExpressService(stack, `Web${i}`, { image: nginx, waf }));
  const template = Template.fromStack(stack);
  const [aclId] = only(template, 'AWS::WAFv2::WebACL');
  const [, associations] = only(template, ASSOCIATIONS);
  assert.equal(associations.Properties.WebAcls.length, 1);
  assert.deepEqual(associations.Properties.WebAcls[0].WebAclArn, { 'Fn::GetAtt': [aclId, 'Arn'] });
  assert.deepEqual(associations.Properties.WebAcls[0].LoadBalancerArns, services.map((s) => stack.resolve(s.loadBalancerArn)));
  for (const s of services) assert.equal(s.webAcl, services[0].webAcl);
});

test('ruleGroups picks the AWS managed rule groups', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: nginx, waf: ExpressWaf.managedRules({ ruleGroups: ['AWSManagedRulesSQLiRuleSet'] }) });
  const [, acl] = only(Template.fromStack(stack), 'AWS::WAFv2::WebACL');
  const groups = acl.Properties.Rules.filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Statement.ManagedRuleGroupStatement.Name);
  assert.deepEqual(groups, ['AWSManagedRulesSQLiRuleSet']);
});

test('fromWebAclArn associates an existing web ACL and creates none', () => {
  const { stack } = newStack();
  const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab';
  const web = new ExpressService(stack, 'Web', { image: nginx, waf: ExpressWaf.fromWebAclArn(arn) });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  const [, associations] = only(template, ASSOCIATIONS);
  assert.equal(associations.Properties.WebAcls[0].WebAclArn, arn);
  assert.equal(web.webAcl, undefined);
  assert.equal(web.webAclArn, arn);
});

test('no waf: no web ACL, no association machinery', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  template.resourceCountIs(ASSOCIATIONS, 0);
  template.resourceCountIs('AWS::Lambda::Function', 0);
  assert.equal(web.webAclArn, undefined);
  assert.equal(only(template, EXPRESS)[1].DependsOn, undefined);
});

/** The host names a statement's scope-down matches, as the logical IDs of the services whose Endpoint it is. */
function hostsOf(statement, out = []) {
  if (Array.isArray(statement)) statement.forEach((x) => hostsOf(x, out));
  else if (statement !== null && typeof statement === 'object') {
    const att = statement['Fn::GetAtt'];
    if (att?.[1] === 'Endpoint') out.push(att[0]);
    else Object.values(statement).forEach((x) => hostsOf(x, out));
  }
  return out;
}

test('different ExpressWaf values on one network: ONE web ACL, each value\'s rules scoped to its services\' hosts', () => {
  const { app, stack } = newStack();
  const shop = new ExpressService(stack, 'Shop', { image: nginx, waf: ExpressWaf.managedRules() });
  const blog = new ExpressService(stack, 'Blog', { image: nginx, waf: ExpressWaf.managedRules({ rateLimit: 100 }) });
  const admin = new ExpressService(stack, 'Admin', { image: nginx, waf: ExpressWaf.managedRules({ allowOnlyFrom: ['203.0.113.0/24'], ruleGroups: ['AWSManagedRulesKnownBadInputsRuleSet'] }) });
  const docs = new ExpressService(stack, 'Docs', { image: nginx });
  app.synth();
  const template = Template.fromStack(stack);
  const id = (s) => stack.resolve(s.node.defaultChild.logicalId);
  const [aclId, acl] = only(template, 'AWS::WAFv2::WebACL');
  assert.match(aclId, /^ExpressServiceSharedWafWebAcl/, 'the first value\'s web ACL takes the network\'s rules');
  const rules = Object.fromEntries(acl.Properties.Rules.map((r) => [r.Name, hostsOf(r.Statement)]));
  assert.deepEqual(rules, {
    'AllowOnlyListedIps-Admin': [id(admin)],
    'RateLimitPerIp-Shop': [id(shop)],
    'RateLimitPerIp-Blog': [id(blog)],
    'RateLimitPerIp-Admin': [id(admin)],
    'AWSManagedRulesCommonRuleSet-Shop-Blog': [id(shop), id(blog)],
    'AWSManagedRulesKnownBadInputsRuleSet-Shop-Blog-Admin': [id(shop), id(blog), id(admin)],
    'AWSManagedRulesAmazonIpReputationList-Shop-Blog': [id(shop), id(blog)],
  });
  assert.deepEqual(acl.Properties.DefaultAction, { Allow: {} });
  // Admin's allow-list is the IP set its value made; the second value's own web ACL is gone.
  const [setId] = only(template, 'AWS::WAFv2::IPSet');
  assert.match(setId, /^ExpressServiceSharedWaf3WebAclIpv4/);
  const [, associations] = only(template, ASSOCIATIONS);
  assert.deepEqual(associations.Properties.WebAcls, [
    {
      WebAclArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      LoadBalancerArns: [shop, blog, admin].map((s) => ({ 'Fn::GetAtt': [id(s), 'ECSManagedResourceArns.IngressPath.LoadBalancerArn'] })),
    },
  ]);
  for (const s of [shop, blog, admin]) {
    assert.equal(s.webAcl, shop.webAcl);
    assert.deepEqual(stack.resolve(s.webAclArn), { 'Fn::GetAtt': [aclId, 'Arn'] });
  }
  assert.equal(docs.webAcl, undefined);
});

test('one with WAF beside one without in the default VPC: the rules are scoped to the one; alone in its network, unscoped', () => {
  const { app, stack } = newStack();
  const waf = ExpressWaf.managedRules();
  const shop = new ExpressService(stack, 'Shop', { image: nginx, waf });
  new ExpressService(stack, 'Blog', { image: nginx });
  app.synth();
  const [, acl] = only(Template.fromStack(stack), 'AWS::WAFv2::WebACL');
  const shopId = stack.resolve(shop.node.defaultChild.logicalId);
  for (const r of acl.Properties.Rules) assert.deepEqual([r.Name.endsWith('-Shop'), hostsOf(r.Statement)], [true, [shopId]], r.Name);

  const other = newStack();
  const vpc = new ec2.Vpc(other.stack, 'Vpc', { maxAzs: 2 });
  new ExpressService(other.stack, 'Shop', { image: nginx, waf });
  new ExpressService(other.stack, 'Internal', { image: nginx, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  new ExpressService(other.stack, 'Public', { image: nginx, vpc, waf: ExpressWaf.managedRules({ rateLimit: 500 }) });
  other.app.synth();
  // Two networks, a web ACL each, as they always were: no service without WAF beside them.
  const acls = Object.values(Template.fromStack(other.stack).findResources('AWS::WAFv2::WebACL'));
  assert.equal(acls.length, 2);
  for (const a of acls) assert.ok(a.Properties.Rules.every((r) => hostsOf(r.Statement).length === 0 && !r.Name.includes('-')));
});

test('the check holds across the stacks of an app: services of two stacks in one VPC network', () => {
  const app = new cdk.App();
  const env = { account: '123456789012', region: 'eu-west-1' };
  const network = new cdk.Stack(app, 'Network', { env });
  const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2 });
  const one = new cdk.Stack(app, 'One', { env });
  const two = new cdk.Stack(app, 'Two', { env });
  new ExpressService(one, 'Shop', { image: nginx, vpc, waf: ExpressWaf.managedRules() });
  new ExpressService(two, 'Blog', { image: nginx, vpc });
  assert.throws(() => app.synth(), (e) => {
    assert.match(e.message, /ExpressService Two\/Blog: waf: Blog has no web ACL \(stack Two\) but Shop has the web ACL of Shop \(stack One\), and Express Mode may put both on one load balancer \(the public subnets of the app's VPC\)[^]*Shop is ExpressService One\/Shop/);
    assert.equal(e.message.match(/\[waf-shared-load-balancer\]/g).length, 1, 'said once');
    return true;
  });
});

test('across stacks: one web ACL by ARN passes, with a warning that each stack associates it', () => {
  const app = new cdk.App();
  const env = { account: '123456789012', region: 'eu-west-1' };
  const base = new cdk.Stack(app, 'Base', { env });
  const wafv2 = require('aws-cdk-lib/aws-wafv2');
  const acl = new wafv2.CfnWebACL(base, 'Acl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
  });
  const waf = ExpressWaf.fromWebAclArn(acl.attrArn);
  const one = new cdk.Stack(app, 'One', { env });
  const two = new cdk.Stack(app, 'Two', { env });
  new ExpressService(one, 'Shop', { image: nginx, waf });
  new ExpressService(two, 'Blog', { image: nginx, waf });
  app.synth();
  const warnings = Annotations.fromStack(two).findWarning('*', Match.stringLikeRegexp('each stack associates the web ACL'));
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.match(warnings[0].entry.data, /Blog \(stack Two\) and Shop \(stack One\) may share a load balancer/);
  // Per-stack web ACLs of one ExpressWaf value are two web ACLs: services of one network in two stacks clash.
  const app2 = new cdk.App();
  const shared = ExpressWaf.managedRules();
  new ExpressService(new cdk.Stack(app2, 'One', { env }), 'Shop', { image: nginx, waf: shared });
  new ExpressService(new cdk.Stack(app2, 'Two', { env }), 'Blog', { image: nginx, waf: shared });
  assert.throws(() => app2.synth(), /Blog has the web ACL of Blog \(stack Two\) but Shop has the web ACL of Shop \(stack One\)[^]*ExpressWaf\.fromWebAclArn/);
});

test('allowOnlyFrom: IP sets per version and a web ACL that blocks every other address first', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Admin', { image: nginx, waf: ExpressWaf.managedRules({ allowOnlyFrom: ['203.0.113.0/24', '2001:db8::/32'] }) });
  const template = Template.fromStack(stack);
  const sets = Object.entries(template.findResources('AWS::WAFv2::IPSet'));
  assert.deepEqual(sets.map(([, s]) => [s.Properties.IPAddressVersion, s.Properties.Addresses, s.Properties.Scope]), [
    ['IPV4', ['203.0.113.0/24'], 'REGIONAL'],
    ['IPV6', ['2001:db8::/32'], 'REGIONAL'],
  ]);
  const [, acl] = only(template, 'AWS::WAFv2::WebACL');
  const [first] = acl.Properties.Rules;
  assert.equal(first.Name, 'AllowOnlyListedIps');
  assert.deepEqual(first.Action, { Block: {} });
  const refs = first.Statement.NotStatement.Statement.OrStatement.Statements.map((s) => s.IPSetReferenceStatement.Arn['Fn::GetAtt'][0]);
  assert.deepEqual(refs.sort(), sets.map(([id]) => id).sort());
  throwsAtSynth(
    () => new ExpressService(newStack().stack, 'Bad', { image: nginx, waf: ExpressWaf.managedRules({ allowOnlyFrom: ['203.0.113.5/24'] }) }),
    /waf\.allowOnlyFrom\[0\]: "203\.0\.113\.5\/24" has host bits set; the range is 203\.0\.113\.0\/24/,
  );
});
