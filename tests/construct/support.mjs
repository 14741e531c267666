// Shared set-up of the construct tests: the compiled package (lib/, built by `npm run compile`) and a stack.
import assert from 'node:assert/strict';
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
