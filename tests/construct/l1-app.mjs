// The seed's app the L1 way (aws_ecs.CfnExpressGatewayService, as bench/compare/cdk-app.cjs `seed` builds it) and
// the blog's variant of it, for the tests of lint's front doors: ExpressServiceChecks at synthesis
// (tests/construct/checks-plugin.test.mjs) and `express-service lint` of its cdk.out template (tests/cli/).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(import.meta.dirname, '..', '..', 'package.json'));
const cdk = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const wafv2 = require('aws-cdk-lib/aws-wafv2');

export const ENV = { account: '123456789012', region: 'eu-west-1' };

/**
 * The seed's app, the L1 way (bench/compare/cdk-app.cjs `seed`): per service two hand-made roles, the service and
 * a CfnOutput of its URL from the Endpoint attribute. `blog` writes it as the blog post does: the cluster by
 * its ARN, the URL from the documented name pattern, a web ACL association per service, cpu 256 with memory
 * 256 and `nginx:latest`.
 */
export function seedApp(stack, { blog = false } = {}) {
  const services = {};
  for (const name of ['Web', 'Api']) {
    const infrastructureRole = new iam.Role(stack, `${name}InfrastructureRole`, {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSInfrastructureRoleforExpressGatewayServices')],
    });
    const executionRole = new iam.Role(stack, `${name}ExecutionRole`, {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
    });
    const serviceName = name.toLowerCase();
    const service = new ecs.CfnExpressGatewayService(stack, name, {
      infrastructureRoleArn: infrastructureRole.roleArn,
      executionRoleArn: executionRole.roleArn,
      primaryContainer: { image: blog ? 'nginx:latest' : 'nginx:1.27' },
      ...(blog
        ? {
            serviceName,
            cluster: `arn:aws:ecs:${ENV.region}:${ENV.account}:cluster/default`,
            cpu: '256',
            memory: '256',
          }
        : {}),
    });
    const url = blog ? `https://${serviceName}.ecs.${stack.region}.on.aws` : cdk.Fn.join('', ['https://', service.attrEndpoint]);
    new cdk.CfnOutput(stack, `${name}Url`, { value: url });
    if (blog) {
      new wafv2.CfnWebACLAssociation(stack, `${name}WebAclAssociation`, {
        resourceArn: service.attrEcsManagedResourceArnsIngressPathLoadBalancerArn,
        webAclArn: `arn:aws:wafv2:${ENV.region}:${ENV.account}:regional/webacl/shop/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
      });
    }
    services[name] = service;
  }
  return services;
}

