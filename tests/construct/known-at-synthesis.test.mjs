// The props that must be known at synthesis (docs/construct.md, "Checked at synthesis"), each refused as a
// token with an error naming the prop; the rest of the props take tokens (tokens.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cdk, construct, newStack, require } from './support.mjs';

const ecs = require('aws-cdk-lib/aws-ecs');
const { ExpressService, ExpressImage, ExpressWaf } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');
/** A hosted zone whose ID and name are known. */
const zone = (stack) => require('aws-cdk-lib/aws-route53').HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
const otel = ExpressImage.fromRegistry('public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1');

/** The props problems (`prop: message` lines) of a service whose props `make(stack)` gives. */
function problems(make) {
  const { app, stack } = newStack();
  const text = (name) => new cdk.CfnParameter(stack, name, { type: 'String' }).valueAsString;
  const number = (name) => new cdk.CfnParameter(stack, name, { type: 'Number' }).valueAsNumber;
  const list = (name) => new cdk.CfnParameter(stack, name, { type: 'CommaDelimitedList' }).valueAsList;
  new ExpressService(stack, 'Web', make({ stack, text, number, list }));
  try {
    app.synth();
  } catch (e) {
    // After CDK's opening line and the construct's: one line per problem.
    return e.message.split('\n').slice(2).map((l) => l.trim());
  }
  assert.fail('expected an error');
}

const rules = [
  ['cpu from a token, memory not given', ({ number }) => ({ image: nginx, cpu: number('Cpu') }), /^memory: is required when cpu comes from a token \(the template states both\)/],
  ['memory from a token, cpu not given', ({ number }) => ({ image: nginx, memory: number('Memory') }), /^cpu: is required when memory comes from a token/],
  ['waf.allowOnlyFrom as a token list', ({ list }) => ({ image: nginx, waf: ExpressWaf.managedRules({ allowOnlyFrom: list('Cidrs') }) }), /^waf\.allowOnlyFrom: must be CIDR ranges known at synthesis/],
  ['waf.allowOnlyFrom with a token entry', ({ text }) => ({ image: nginx, waf: ExpressWaf.managedRules({ allowOnlyFrom: ['203.0.113.0/24', text('Cidr')] }) }), /^waf\.allowOnlyFrom: must be CIDR ranges known at synthesis/],
  ['a sidecar name', ({ text }) => ({ image: nginx, sidecars: [{ name: text('Name'), image: otel }] }), /^sidecars\[0\]\.name: "\$\{Token\[.*\]\}" is not a container name/],
  ['a sidecar dependsOn container', ({ text }) => ({ image: nginx, sidecars: [{ name: 'otel', image: otel, dependsOn: [{ container: text('After') }] }] }), /^sidecars\[0\]\.dependsOn\[0\]\.container: "\$\{Token\[.*\]\}" is no container of the task/],
  ['a sidecar dependsOn condition', ({ text }) => ({ image: nginx, sidecars: [{ name: 'otel', image: otel, dependsOn: [{ container: 'Main', condition: text('When') }] }] }), /^sidecars\[0\]\.dependsOn\[0\]\.condition: "\$\{Token\[.*\]\}" is not a condition to wait for/],
  ['a sidecar port protocol', ({ text }) => ({ image: nginx, sidecars: [{ name: 'otel', image: otel, portMappings: [{ containerPort: 4317, protocol: text('Protocol') }] }] }), /^sidecars\[0\]\.portMappings\[0\]\.protocol: "\$\{Token\[.*\]\}" is not a protocol ECS maps/],
  ['a task definition imported by ARN', ({ stack, text }) => ({ taskDefinition: ecs.FargateTaskDefinition.fromFargateTaskDefinitionArn(stack, 'Td', text('TdArn')) }), /^taskDefinition: must be an ecs\.FargateTaskDefinition of this app, whose containers can be checked/],
  ['domain.names as a token list', ({ list, stack }) => ({ image: nginx, domain: { names: list('Names'), hostedZone: zone(stack) } }), /^domain\.names: must be known at synthesis/],
  ['domain.names with a token entry', ({ text, stack }) => ({ image: nginx, domain: { names: ['api.example.com', text('Name')], hostedZone: zone(stack) } }), /^domain\.names\[1\]: must be known at synthesis/],
  ['the hosted zone\'s name as a token', ({ text, stack }) => ({ image: nginx, domain: { names: ['api.example.com'], hostedZone: require('aws-cdk-lib/aws-route53').HostedZone.fromHostedZoneAttributes(stack, 'Z2', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: text('ZoneName') }) } }), /^domain\.hostedZone: must be known at synthesis: it tells which names are the zone's apex/],
];

for (const [name, make, expected] of rules) {
  test(`must be known at synthesis: ${name}`, () => {
    const found = problems(make);
    assert.ok(found.some((l) => expected.test(l)), `expected ${expected}, got:\n${found.join('\n')}`);
  });
}

test('given both, cpu and memory from tokens pass through (checked at deploy time)', () => {
  const { stack } = newStack();
  const number = (name) => new cdk.CfnParameter(stack, name, { type: 'Number' }).valueAsNumber;
  assert.doesNotThrow(() => new ExpressService(stack, 'Web', { image: nginx, cpu: number('Cpu'), memory: number('Memory') }));
});
