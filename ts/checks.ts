// The core's template lint at `cdk synth`, for apps that keep their own Express services (the L1
// `CfnExpressGatewayService`, hand-made roles and outputs): a policy-validation plugin, as cdk-nag's
// `AwsSolutionsChecks` and `@cdklabs/cdk-validator-cfnguard` are, named like the former.
//
// A plugin rather than an Aspect, because the checks are the template's: they read what CDK wrote (tokens
// resolved into `Ref`s and `Fn::GetAtt`s, outputs, associations, `DependsOn`), which an Aspect visiting
// constructs before synthesis does not see; the CLI's `lint` reads the same bytes, so both say the same. CDK
// maps each finding's logical ID to its construct path, prints errors and warnings in its validation report
// (and cdk.out/policy-validation-report.json), and fails the synthesis (exit code 1) when an error is found.

import * as fs from 'node:fs';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { coreModule as core } from './private/core';

/**
 * The checks of `express-service lint` on every Express service of the app's templates, at synthesis.
 *
 * Errors (a cluster given by its ARN, cpu and memory that Fargate refuses, ...) fail `cdk synth`, each named
 * with its construct path; warnings (an unpinned image, a URL built from the service's name, ...) are shown in
 * the same report without failing it. The rule names are the core's codes.
 *
 * @example
 * declare const app: App;
 * Validations.of(app).addPlugins(new ExpressServiceChecks());
 */
export class ExpressServiceChecks implements IPolicyValidationPlugin {
  /** The name CDK's report shows, and the prefix of its rules' IDs. */
  public readonly name: string = 'cdk-express-service';

  /** The version of this package. */
  public readonly version?: string;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.version = (require('../package.json') as { version: string }).version;
  }

  /** Lints each template of the app, and fails the report (`success: false`) when any of them has an error. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const templatePath of context.templatePaths) {
      const template: unknown = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
      const lint = core.lintTemplate(template);
      for (const [severity, findings] of [
        ['error', lint.errors],
        ['warning', lint.warnings],
      ] as const) {
        for (const f of findings) {
          // CDK finds a construct by the logical ID of a resource only: a finding in an output (a URL built by
          // hand) is shown at the service it is about, with the output's path as its location.
          const at =
            f.section === 'Outputs' && f.service !== undefined
              ? { resourceLogicalId: f.service, locations: [f.path.split('.').join('/')] }
              : { resourceLogicalId: f.logicalId, locations: [location(f.path)] };
          violations.push({ ruleName: f.code, description: f.message, severity, violatingResources: [{ ...at, templatePath }] });
        }
      }
    }
    return { success: violations.every((v) => v.severity !== 'error'), violations };
  }
}

/** A template path (`Resources.Web.Properties.Cpu`) as a location in the entry, as CDK's report shows them (`Properties/Cpu`). */
function location(path: string): string {
  const [, , ...rest] = path.split('.');
  return rest.length === 0 ? path : rest.join('/');
}
