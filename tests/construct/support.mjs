// Shared set-up of the construct tests: the compiled package (lib/, built by `npm run compile`) and a stack.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const require = createRequire(path.join(root, 'package.json'));
export const cdk = require('aws-cdk-lib');
export const { Template, Match, Annotations } = require('aws-cdk-lib/assertions');
export const construct = require(path.join(root, 'lib'));

export const EXPRESS = 'AWS::ECS::ExpressGatewayService';

/** A fresh app and stack (with an account and region, as most real stacks have). */
export function newStack(props = {}) {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Test', { env: { account: '123456789012', region: 'eu-west-1' }, ...props });
  return { app, stack };
}

/** The only resource of `type` in `template`, as [logicalId, resource]. */
export function only(template, type) {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** The logical ID `stack` gives the construct at `path` below it. */
export function logicalId(stack, construct) {
  return stack.resolve(construct.logicalId);
}

/**
 * Asserts that the construct `make()` returns fails synthesis with `expected` (as `assert.throws` takes it):
 * an ExpressService reports bad props at synthesis, the CDK way, with every other construct's problems. The
 * construct is then taken out of its scope, so that the test goes on with the rest of its stack.
 */
export function throwsAtSynth(make, expected) {
  let made;
  assert.throws(() => {
    made = make();
    made.node.root.synth({ force: true });
  }, expected);
  made?.node.scope?.node.tryRemoveChild(made.node.id);
}

/**
 * AWS's Control Tower controls as CDK runs them (@cdklabs/cdk-validator-cfnguard through Validations): a stack
 * `stackName` built by `build(stack)`, synthesized with the findings written to the assembly's JSON report
 * rather than failing the process. `{ app, stack, findings }`, each finding `rule at construct path`.
 */
export function guardFindings(stackName, build) {
  const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');
  // The report as policy-validation-report.json: always in aws-cdk-lib 2.257, behind this context in later ones.
  const app = new cdk.App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false, '@aws-cdk/core:validationReportJson': true } });
  cdk.Validations.of(app).addPlugins(new CfnGuardValidator());
  const stack = new cdk.Stack(app, stackName, { env: { account: '123456789012', region: 'eu-west-1' } });
  const built = build(stack);
  const error = console.error;
  console.error = () => {};
  let assembly;
  try {
    assembly = app.synth();
  } finally {
    console.error = error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'policy-validation-report.json'), 'utf8'));
  const [plugin] = report.pluginReports;
  assert.equal(plugin.summary.pluginName, 'cdk-validator-cfnguard');
  const findings = plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`));
  return { app, stack, built, findings };
}
