// WAF: a created web ACL associated with the service's load balancer, or an existing one associated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Template, construct, EXPRESS, newStack, only } from './support.mjs';

const { ExpressService, ExpressImage, ExpressWaf } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');

test('managedRules() creates a REGIONAL web ACL and associates it with the load balancer', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx, waf: ExpressWaf.managedRules({ rateLimit: 1000 }) });
  const template = Template.fromStack(stack);
  const [aclId, acl] = only(template, 'AWS::WAFv2::WebACL');
  assert.equal(acl.Properties.Scope, 'REGIONAL');
  const rate = acl.Properties.Rules.find((r) => r.Statement.RateBasedStatement);
  assert.equal(rate.Statement.RateBasedStatement.Limit, 1000);
  const [, association] = only(template, 'AWS::WAFv2::WebACLAssociation');
  const serviceId = stack.resolve(web.node.defaultChild.logicalId);
  assert.deepEqual(association.Properties.WebACLArn, { 'Fn::GetAtt': [aclId, 'Arn'] });
  assert.deepEqual(association.Properties.ResourceArn, {
    'Fn::GetAtt': [serviceId, 'ECSManagedResourceArns.IngressPath.LoadBalancerArn'],
  });
  assert.equal(web.webAcl.node.defaultChild ?? web.webAcl, web.webAcl);
  assert.equal(stack.resolve(web.webAcl.logicalId), aclId);
  assert.deepEqual(stack.resolve(web.webAclArn), { 'Fn::GetAtt': [aclId, 'Arn'] });
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
  const [, association] = only(template, 'AWS::WAFv2::WebACLAssociation');
  assert.equal(association.Properties.WebACLArn, arn);
  assert.equal(web.webAcl, undefined);
  assert.equal(web.webAclArn, arn);
});

test('no waf: no web ACL, no association', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  assert.equal(web.webAclArn, undefined);
  assert.equal(only(template, EXPRESS)[1].DependsOn, undefined);
});
