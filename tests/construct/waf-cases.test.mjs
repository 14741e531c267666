// The composed web ACLs of the golden cases (tests/cases/waf-per-service, waf-two-networks) under CDK's own
// policy tools, as a user who deploys the CLI's template through `cloudformation-include` would run them:
// cdk-nag's AwsSolutions pack and the Control Tower proactive controls (@cdklabs/cdk-validator-cfnguard). The
// acknowledgements the core writes on its resources (Metadata cdk_nag) are recorded the way the construct
// records them; nothing may be found on the web ACLs and IP sets, and nothing unacknowledged anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cdk, construct, guardFindings, require, root } from './support.mjs';

const { AwsSolutionsChecks } = require('cdk-nag');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');

const CASES = ['waf-per-service', 'waf-two-networks'];

/** The case's template included in a stack, each resource's cdk_nag acknowledgements recorded for cdk-nag 3. */
function include(stack, name) {
  const templateFile = path.join(root, 'tests', 'cases', name, 'template.json');
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  const included = new CfnInclude(stack, 'Case', { templateFile });
  for (const [id, entry] of Object.entries(template.Resources)) {
    const rules = entry.Metadata?.cdk_nag?.rules_to_suppress ?? [];
    if (rules.length === 0) continue;
    const acknowledged = {};
    for (const rule of rules) {
      for (const key of rule.applies_to === undefined ? [rule.id] : rule.applies_to.map((a) => `${rule.id}[${a}]`)) acknowledged[key] = rule.reason;
    }
    included.getResource(id).node.addMetadata(cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY, acknowledged);
  }
  return template;
}

for (const name of CASES) {
  test(`cdk-nag AwsSolutions on ${name}: nothing unacknowledged but the functions' runtime`, () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Case', { env: { account: '123456789012', region: 'eu-west-1' } });
    const template = include(stack, name);
    const types = Object.values(template.Resources).map((r) => r.Type);
    assert.ok(types.includes('AWS::WAFv2::WebACL') && types.includes('AWS::WAFv2::IPSet'), 'the case has a composed web ACL and IP sets');
    const report = new AwsSolutionsChecks().validateScope(app);
    const found = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath.replace(/^Case\/Case\//, '')}`));
    // Not about WAF: the standalone template's functions run the newest Node.js runtime the core knows
    // (nodejs26.x), and the L1 rule wants the latest of aws-cdk-lib's Runtime.ALL, which differs.
    const runtime = /^AwsSolutions-L1 at (WafAssociations|DomainNames)Function$/;
    assert.deepEqual(found.filter((f) => !runtime.test(f)), []);
  });

  test(`Control Tower controls (cfn-guard) on ${name}: nothing on the web ACLs and IP sets, only the helpers' two settings`, () => {
    const { built: template, findings } = guardFindings('Case', (stack) => include(stack, name));
    const found = findings.map((f) => f.replace(/ at Case\/Case\//, ' at '));
    const waf = Object.entries(template.Resources).filter(([, r]) => r.Type.startsWith('AWS::WAFv2::')).map(([id]) => id);
    assert.deepEqual(found.filter((f) => waf.some((id) => f.endsWith(` at ${id}`))), []);
    // The library's functions outside a VPC with unencrypted logs: `helpers.subnets` and `helpers.logKmsKey`,
    // the user's choice (tests/construct/cfnguard.test.mjs shows them met).
    const helpers = /^(lambda_inside_vpc_check at (WafAssociations|DomainNames)Function|cloudwatch_log_group_encrypted_check at (WafAssociations|DomainNames)Logs)$/;
    assert.deepEqual(found.filter((f) => !helpers.test(f)), []);
  });
}

/** A stack of the construct where three ExpressWaf values and a service without WAF meet in one network. */
function composedStack(stack) {
  const { ExpressService, ExpressImage, ExpressWaf } = construct;
  const nginx = ExpressImage.fromRegistry('nginx:1.27');
  new ExpressService(stack, 'Shop', { image: nginx, waf: ExpressWaf.managedRules() });
  new ExpressService(stack, 'Api', { image: nginx, waf: ExpressWaf.managedRules({ rateLimit: 500, ruleGroups: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'] }) });
  new ExpressService(stack, 'Admin', { image: nginx, waf: ExpressWaf.managedRules({ allowOnlyFrom: ['203.0.113.0/24', '2001:db8:1234::/48'], ruleGroups: ['AWSManagedRulesKnownBadInputsRuleSet'] }) });
  new ExpressService(stack, 'Docs', { image: nginx });
}

test('the construct\'s composed web ACL: nothing from cdk-nag or the Control Tower controls on its web ACL and IP sets', () => {
  const { app, stack, findings: guard } = guardFindings('Composed', composedStack);
  const waf = stack.node.findAll().filter((c) => c instanceof cdk.CfnResource && c.cfnResourceType.startsWith('AWS::WAFv2::')).map((c) => c.node.path);
  assert.deepEqual(waf.map((p) => p.replace('Composed/ExpressServiceShared/', '')), ['WafWebAcl', 'Waf3WebAclIpv4', 'Waf3WebAclIpv6'], 'one web ACL, the allow-list\'s IP sets');
  const nag = new AwsSolutionsChecks().validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
  const onWaf = (f) => waf.some((p) => f.endsWith(` at ${p}`) || f.endsWith(` at ${p}/Resource`));
  assert.deepEqual(guard.filter(onWaf), []);
  assert.deepEqual(nag.filter(onWaf), []);
  assert.deepEqual(nag, [], 'cdk-nag finds nothing unacknowledged at all');
});
