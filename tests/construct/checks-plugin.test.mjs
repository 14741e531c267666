// ExpressServiceChecks: the template lint at `cdk synth` for apps that keep the L1 (CfnExpressGatewayService),
// through aws-cdk-lib's policy validation (Validations.of(app).addPlugins), as a CDK user runs it. Each trap of
// the blog's way of writing the seed's app is reported at its construct path; errors fail the synthesis,
// warnings are shown without failing it; the seed's own app and an app on ExpressService pass.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ENV, seedApp } from './l1-app.mjs';
import { cdk, construct, require } from './support.mjs';

const iam = require('aws-cdk-lib/aws-iam');
const { ExpressServiceChecks, ExpressService, ExpressImage } = construct;

/**
 * Synthesizes an app of one stack built by `build`, with ExpressServiceChecks, as `cdk synth` would, the report
 * also written as JSON; returns the plugin's findings as `severity rule at construct path (locations)`, what
 * was shown (printed, or the error's message), and whether the synthesis failed: aws-cdk-lib 2.257 sets the exit
 * code to 1, later releases throw (`ValidationFailed`) where the app is not run by the CDK CLI.
 */
function synthChecked(build) {
  const app = new cdk.App({ context: { '@aws-cdk/core:validationReportJson': true } });
  cdk.Validations.of(app).addPlugins(new ExpressServiceChecks());
  const stack = new cdk.Stack(app, 'Shop', { env: ENV });
  build(stack);
  const error = console.error;
  const shown = [];
  console.error = (...args) => shown.push(args.join(' '));
  // node's test runner sets the exit code when a test fails: the synthesis' own is read from a clean one.
  const before = process.exitCode;
  process.exitCode = undefined;
  let failed = false;
  try {
    app.synth();
  } catch (e) {
    if (!/ValidationFailed|Validation failed/.test(`${e.name} ${e.message}`)) throw e;
    shown.push(e.message);
    failed = true;
  } finally {
    console.error = error;
    failed ||= process.exitCode === 1;
    process.exitCode = before;
  }
  const file = path.join(app.outdir, 'policy-validation-report.json');
  const report = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { pluginReports: [] };
  const ours = report.pluginReports.filter((p) => p.summary.pluginName === 'cdk-express-service');
  const findings = ours.flatMap((p) =>
    p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath} (${c.locations.join(', ')})`)),
  );
  return { findings: findings.sort(), status: ours[0]?.summary.status, shown: shown.join('\n'), failed };
}

test("the blog's L1 app: every trap at its construct path; errors fail the synthesis", () => {
  const { findings, status, shown, failed } = synthChecked((stack) => seedApp(stack, { blog: true }));
  assert.deepEqual(findings, EXPECTED_BLOG);
  assert.equal(status, 'failure');
  // As `cdk synth` shows it: the report, naming the constructs, and the synthesis failing.
  assert.equal(failed, true);
  assert.match(shown, /cluster-arn/);
  assert.match(shown, /Shop\/Web\b/);
  assert.match(shown, /Validation failed/);
});

test("the seed's L1 app, written as the seed writes it, passes", () => {
  const { findings, failed } = synthChecked((stack) => seedApp(stack));
  assert.deepEqual(findings, []);
  assert.equal(failed, false);
});

test('warnings are shown without failing the synthesis', () => {
  const { findings, status, shown, failed } = synthChecked((stack) => {
    const { Web } = seedApp(stack);
    Web.addPropertyOverride('PrimaryContainer.Image', 'nginx:latest');
  });
  assert.deepEqual(findings, ['warning image-not-pinned at Shop/Web (Properties/PrimaryContainer/Image)']);
  assert.equal(status, 'success');
  assert.equal(failed, false);
  assert.match(shown, /image-not-pinned/);
});

test("a finding acknowledged the CDK way (Validations.acknowledge, 'cdk-express-service::<code>') is not reported", () => {
  const { findings } = synthChecked((stack) => {
    const { Web } = seedApp(stack);
    Web.addPropertyOverride('PrimaryContainer.Image', 'nginx:latest');
    cdk.Validations.of(Web).acknowledge({ id: 'cdk-express-service::image-not-pinned', reason: 'a demo that follows nginx' });
  });
  assert.deepEqual(findings, []);
});

test('an app on ExpressService passes with nothing to report', () => {
  const { findings, failed } = synthChecked((stack) => {
    new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
    new ExpressService(stack, 'Api', { image: ExpressImage.fromRegistry('nginx:1.27'), cpu: 512, memory: 1024 });
  });
  assert.deepEqual(findings, []);
  assert.equal(failed, false);
});

test('a stack without Express services: nothing to report', () => {
  const { findings } = synthChecked((stack) => new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com') }));
  assert.deepEqual(findings, []);
});

// Each of the blog's five traps, for both services: a finding in an output (a URL built by hand) is shown at the
// service it is about (CDK maps only resources' logical IDs to constructs), the output named in its location.
const EXPECTED_BLOG = [
  'error cluster-arn at Shop/Api (Properties/Cluster)',
  'error cluster-arn at Shop/Web (Properties/Cluster)',
  'error fargate-pair at Shop/Api (Properties/Memory)',
  'error fargate-pair at Shop/Web (Properties/Memory)',
  'error url-from-name at Shop/Api (Outputs/ApiUrl/Value)',
  'error url-from-name at Shop/Web (Outputs/WebUrl/Value)',
  'warning image-not-pinned at Shop/Api (Properties/PrimaryContainer/Image)',
  'warning image-not-pinned at Shop/Web (Properties/PrimaryContainer/Image)',
  'warning waf-association-per-service at Shop/ApiWebAclAssociation (Properties/ResourceArn)',
  'warning waf-association-per-service at Shop/WebWebAclAssociation (Properties/ResourceArn)',
];
