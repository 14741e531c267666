// Custom domains: the certificate on the shared listener, the names in Express's own listener rule (a custom
// resource), the DNS records; validation in the user's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Template, construct, EXPRESS, newStack, require, throwsAtSynth } from './support.mjs';

const acm = require('aws-cdk-lib/aws-certificatemanager');
const route53 = require('aws-cdk-lib/aws-route53');
const { ExpressService, ExpressImage } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');

test('a domain in a hosted zone: a DNS-validated certificate, the listener certificate, the names in the rule, the records', () => {
  const { stack } = newStack();
  const zone = new route53.HostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const web = new ExpressService(stack, 'Web', { image: nginx, domain: { names: ['example.com', 'www.example.com'], hostedZone: zone } });
  // One function for every service with a domain.
  new ExpressService(stack, 'Api', { image: nginx, domain: { names: ['api.example.com'], hostedZone: zone } });
  const template = Template.fromStack(stack);
  const service = stack.resolve(web.node.defaultChild.logicalId);
  const zoneId = stack.resolve(zone.hostedZoneId);
  template.hasResourceProperties('AWS::CertificateManager::Certificate', {
    DomainName: 'example.com',
    SubjectAlternativeNames: ['www.example.com'],
    ValidationMethod: 'DNS',
    DomainValidationOptions: [{ DomainName: 'example.com', HostedZoneId: zoneId }, { DomainName: 'www.example.com', HostedZoneId: zoneId }],
  });
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerCertificate', {
    ListenerArn: { 'Fn::GetAtt': [service, 'ECSManagedResourceArns.IngressPath.ListenerArn'] },
  });
  const [namesId, names] = Object.entries(template.findResources('Custom::ExpressDomainNames')).find(([id]) => id.startsWith('Web'));
  assert.deepEqual(names.Properties.HostNames, ['example.com', 'www.example.com']);
  assert.deepEqual(names.Properties.ListenerRuleArn, { 'Fn::GetAtt': [service, 'ECSManagedResourceArns.IngressPath.ListenerRuleArn'] });
  assert.deepEqual(names.Properties.ServiceUpdatedAt, { 'Fn::GetAtt': [service, 'UpdatedAt'] });
  const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) => p.Properties.PolicyName === 'WebListenerRule');
  assert.deepEqual(policy.Properties.PolicyDocument.Statement, [
    { Effect: 'Allow', Action: ['elasticloadbalancing:ModifyRule'], Resource: [{ 'Fn::GetAtt': [service, 'ECSManagedResourceArns.IngressPath.ListenerRuleArn'] }] },
  ]);
  const [, records] = Object.entries(template.findResources('AWS::Route53::RecordSetGroup')).find(([id]) => id.startsWith('Web'));
  assert.deepEqual(records.Properties.RecordSets, [
    { Name: 'example.com', Type: 'A', AliasTarget: { DNSName: { 'Fn::GetAtt': [namesId, 'LoadBalancerDnsName'] }, HostedZoneId: { 'Fn::GetAtt': [namesId, 'LoadBalancerHostedZoneId'] } } },
    { Name: 'www.example.com', Type: 'CNAME', TTL: '300', ResourceRecords: [{ 'Fn::GetAtt': [service, 'Endpoint'] }] },
  ]);
  assert.equal(Object.keys(template.findResources('AWS::Lambda::Function')).length, 1);
});

test('a certificate of the app is checked to cover the names; an imported one is trusted', () => {
  const { stack } = newStack();
  const cert = new acm.Certificate(stack, 'Cert', { domainName: '*.example.org' });
  throwsAtSynth(
    () => new ExpressService(stack, 'Web', { image: nginx, domain: { names: ['api.example.org', 'example.org'], certificate: cert } }),
    /domain\.names\[1\]: "example\.org" is not covered by the certificate, which covers \*\.example\.org; give a certificate for it/,
  );
  const imported = acm.Certificate.fromCertificateArn(stack, 'Imported', 'arn:aws:acm:eu-west-1:123456789012:certificate/0123abcd-0123-0123-0123-0123456789ab');
  new ExpressService(stack, 'Api', { image: nginx, domain: { names: ['example.org'], certificate: imported } });
  const template = Template.fromStack(stack);
  assert.equal(Object.keys(template.findResources('AWS::Route53::RecordSetGroup')).length, 0, 'no zone, no records');
  assert.equal(Object.keys(template.findResources('AWS::CertificateManager::Certificate')).length, 1, 'only the app\'s own');
});

test('bad domains are props errors with their paths', () => {
  const { stack } = newStack();
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  throwsAtSynth(
    () => new ExpressService(stack, 'A', { image: nginx, domain: { names: ['api..example.com', 'shop.example.net', 'a.example.com', 'b.example.com', 'c.example.com'], hostedZone: zone } }),
    (e) => {
      assert.match(e.message, /domain\.names: has 5 names; give 1–4/);
      assert.match(e.message, /domain\.names\[0\]: "api\.\.example\.com" has an empty label/);
      return true;
    },
  );
  throwsAtSynth(() => new ExpressService(stack, 'B', { image: nginx, domain: { names: ['api.example.com'] } }), /domain: needs a certificate for its names: give one, or the hosted zone of the names to create one validated by DNS there/);
  throwsAtSynth(() => new ExpressService(stack, 'C', { image: nginx, domain: { names: ['shop.example.net'], hostedZone: zone } }), /domain\.names\[0\]: "shop\.example\.net" is not in hosted zone "example\.com"/);
  new ExpressService(stack, 'D', { image: nginx, domain: { names: ['api.example.com'], hostedZone: zone } });
  new ExpressService(stack, 'E', { image: nginx, domain: { names: ['API.example.com'], hostedZone: zone } });
  assert.throws(() => Template.fromStack(stack), /"API\.example\.com" is also a name of service D; a host name reaches one service/);
});

test('a zone imported by ID alone, or a string where a CDK object belongs, is a props error saying what to give', () => {
  const { stack } = newStack();
  const byId = route53.HostedZone.fromHostedZoneId(stack, 'ById', 'Z0123456789ABCDEFGHIJ');
  throwsAtSynth(
    () => new ExpressService(stack, 'A', { image: nginx, domain: { names: ['api.example.com'], hostedZone: byId } }),
    /domain\.hostedZone: has no zone name \(imported by ID alone\)[^\n]*fromHostedZoneAttributes/,
  );
  // Said once, at the prop given wrong: not also the core's "needs a certificate" for the value it never got.
  throwsAtSynth(
    () => new ExpressService(stack, 'B', { image: nginx, domain: { names: ['api.example.com'], certificate: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' } }),
    (e) => e.message.split('\n').length === 3 && /domain\.certificate: must be an acm\.ICertificate/.test(e.message),
  );
});
