// A stack with one service that uses most of what the construct makes, as its template's JSON text: shared by
// fallback.test.mjs and the child processes it starts (which load the package under a require hook first).
import { Template, construct, newStack, require } from './support.mjs';

const ecs = require('aws-cdk-lib/aws-ecs');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');
const sm = require('aws-cdk-lib/aws-secretsmanager');

/**
 * The template of a stack with a service that has secrets (one from a construct, one by literal ARN), a WAF,
 * logRetention and tags, and a grant to it.
 */
export function everythingTemplate() {
  const { ExpressService, ExpressImage, ExpressWaf } = construct;
  const { stack } = newStack();
  const secret = new sm.Secret(stack, 'Db');
  const literal = sm.Secret.fromSecretCompleteArn(stack, 'Api', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf');
  const web = new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    secrets: { DB: ecs.Secret.fromSecretsManager(secret), API: ecs.Secret.fromSecretsManager(literal) },
    waf: ExpressWaf.managedRules(),
    logRetention: logs.RetentionDays.ONE_MONTH,
    tags: { team: 'web', cost: 'shop' },
  });
  new s3.Bucket(stack, 'Bucket').grantRead(web);
  return JSON.stringify(Template.fromStack(stack).toJSON());
}
