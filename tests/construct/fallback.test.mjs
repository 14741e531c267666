// aws-cdk-lib's CfnParser is internal (core/lib/helpers-internal): the construct must load and synthesize
// the same template without it, through its own generic parser (ts/private/parser.ts). Forced in-process by
// the test hook `simulateMissing` (lib/private, not part of the package's API), and for real in a child
// process whose require() of that module fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { everythingTemplate } from './everything.mjs';
import { Template, cdk, construct, EXPRESS, newStack, require, root } from './support.mjs';

const { simulateMissing, GenericParser } = require(path.join(root, 'lib', 'private', 'parser.js'));
const { Materialized } = require(path.join(root, 'lib', 'private', 'fragment.js'));
const { Construct } = require('constructs');
const { ExpressService, ExpressImage, ExpressWaf } = construct;

/** `fn()`, and how often GenericParser parsed a value meanwhile. */
function counting(fn) {
  const original = GenericParser.prototype.parseValue;
  let calls = 0;
  GenericParser.prototype.parseValue = function (...args) {
    calls++;
    return original.apply(this, args);
  };
  try {
    return { result: fn(), calls };
  } finally {
    GenericParser.prototype.parseValue = original;
  }
}

/** `value` with the keys of every object sorted and Tags sorted by key (the L1 classes' order is their own). */
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, k === 'Tags' ? [...value[k]].sort((a, b) => a.Key.localeCompare(b.Key)) : sorted(value[k])]),
  );
}

test('without CfnParser: the same template, byte for byte (secrets, WAF, logRetention, tags, a grant)', () => {
  const cdkParsed = counting(() => everythingTemplate());
  const ours = counting(() => simulateMissing({ cfnParser: true }, () => everythingTemplate()));
  assert.equal(cdkParsed.calls, 0, 'CDK parsed it when it is there');
  assert.ok(ours.calls > 0, 'our parser parsed it when CDK has none');
  assert.equal(ours.result, cdkParsed.result);
  // What the comparison covers: references, DependsOn, the retain policies and Metadata.
  const template = JSON.parse(ours.result);
  const resources = Object.values(template.Resources);
  const [service] = resources.filter((r) => r.Type === EXPRESS);
  assert.ok(service.DependsOn.length >= 2, JSON.stringify(service.DependsOn));
  assert.ok(JSON.stringify(service.Properties).includes('"Fn::GetAtt"'));
  const group = resources.find((r) => r.Type === 'AWS::Logs::LogGroup');
  assert.equal(group.DeletionPolicy, 'Retain');
  assert.equal(group.UpdateReplacePolicy, 'Retain');
  assert.ok(resources.some((r) => r.Metadata?.cdk_nag), 'a resource with the core\'s Metadata');
  assert.ok(resources.some((r) => r.Type === 'AWS::WAFv2::WebACL'));
  assert.ok(resources.every((r) => r.Condition === undefined));
});

test('without usable L1 classes: plain CfnResources, the same template from CDK\'s parser and ours', () => {
  const { stack } = newStack();
  const web = simulateMissing({ cfnParser: true, l1Classes: true }, () =>
    new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), waf: ExpressWaf.managedRules() }),
  );
  assert.equal(Object.getPrototypeOf(web.node.defaultChild), cdk.CfnResource.prototype, 'a plain CfnResource');
  const plain = counting(() => simulateMissing({ l1Classes: true }, () => everythingTemplate()));
  const mine = counting(() => simulateMissing({ cfnParser: true, l1Classes: true }, () => everythingTemplate()));
  assert.equal(plain.calls, 0, 'CDK parsed it when it is there');
  assert.ok(mine.calls > 0, 'our parser parsed it when CDK has none');
  const ours = mine.result;
  assert.equal(ours, plain.result);
  // Only the order of keys differs from the L1 classes' template (theirs is the CloudFormation schema's).
  const l1 = JSON.parse(everythingTemplate());
  assert.notEqual(JSON.stringify(l1), ours, 'the L1 classes write their own key order');
  assert.deepStrictEqual(Object.keys(JSON.parse(ours).Resources), Object.keys(l1.Resources), 'the same logical IDs');
  assert.deepStrictEqual(sorted(JSON.parse(ours)), sorted(l1));
});

test('an L1 factory that fails (changed in a later aws-cdk-lib) gives a plain CfnResource in its place', () => {
  const iam = require('aws-cdk-lib/aws-iam');
  const factory = iam.CfnRole._fromCloudFormation;
  let template;
  let roles;
  // Made the construct, then failed (as a factory asking the parser for a method it lacks would).
  iam.CfnRole._fromCloudFormation = (scope, id) => {
    new iam.CfnRole(scope, id, { assumeRolePolicyDocument: {} });
    throw new TypeError('options.parser.parseResource is not a function');
  };
  try {
    const { stack } = newStack();
    const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
    web.taskRole.roleArn; // made on first use
    roles = [web.node.findChild('TaskRole'), stack.node.findChild('ExpressServiceShared').node.findChild('ExecutionRole')];
    template = Template.fromStack(stack).toJSON();
  } finally {
    iam.CfnRole._fromCloudFormation = factory;
  }
  for (const role of roles) assert.equal(Object.getPrototypeOf(role), cdk.CfnResource.prototype, role.node.path);
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') }).taskRole.roleArn;
  assert.deepStrictEqual(sorted(template), sorted(Template.fromStack(stack).toJSON()));
});

test('our parser rewrites every local reference form as CDK\'s does (a fragment written by hand)', () => {
  const fragment = {
    resources: {
      Thing: { Type: 'Test::Made::Up', Properties: { Name: 'a' }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Delete' },
      User: {
        Type: 'Test::Made::Up',
        DependsOn: 'Thing',
        Metadata: { note: { Ref: 'Thing' } },
        Properties: {
          ByRef: { Ref: 'Thing' },
          ByGetAtt: { 'Fn::GetAtt': ['Thing', 'Arn'] },
          Pseudo: { Ref: 'AWS::Region' },
          Sub: { 'Fn::Sub': 'x-${Thing}-${Thing.Arn}-${AWS::AccountId}-${!Literal}-${ Thing }' },
          SubWithMap: { 'Fn::Sub': ['${Thing}/${Other}', { Other: { 'Fn::GetAtt': ['Thing', 'Id'] } }] },
          Join: { 'Fn::Join': ['', ['a', { Ref: 'Thing' }, { 'Fn::Select': [0, { 'Fn::Split': [',', 'p,q'] }] }]] },
          Nested: [{ Deep: { Ref: 'Thing' }, Ref: 'not an intrinsic: two keys' }],
          Token: cdk.Token.asString(cdk.Aws.STACK_NAME),
        },
      },
    },
    outputs: { Out: { Value: { 'Fn::GetAtt': ['User', 'Arn'] }, Description: 'the user' } },
    attributes: { userArn: { 'Fn::GetAtt': ['User', 'Arn'] } },
    shared: [],
    optional: [],
    contributions: [],
    warnings: [],
  };
  const synth = () => {
    const { stack } = newStack();
    const scope = new Construct(stack, 'Svc');
    const m = new Materialized(scope, structuredClone(fragment));
    m.outputs(scope);
    new cdk.CfnOutput(stack, 'Attr', { value: m.attribute('userArn') });
    return JSON.stringify(Template.fromStack(stack).toJSON());
  };
  const cdkParsed = synth();
  const ours = counting(() => simulateMissing({ cfnParser: true }, synth));
  assert.ok(ours.calls > 0);
  assert.equal(ours.result, cdkParsed);
  const user = Object.entries(JSON.parse(ours.result).Resources).find(([id]) => id.startsWith('SvcUser'))[1];
  assert.match(user.Properties.Sub['Fn::Sub'], /^x-\$\{SvcThing[0-9A-F]{8}\}-\$\{SvcThing[0-9A-F]{8}\.Arn\}-\$\{AWS::AccountId\}-\$\{!Literal\}-/);
});

test('our parser calls a reference to no resource of the fragment a bug of the core, as CDK\'s refuses it', () => {
  for (const value of [{ Ref: 'Nowhere' }, { 'Fn::GetAtt': ['Nowhere', 'Arn'] }, { 'Fn::Sub': '${Nowhere}' }]) {
    const fragment = { resources: { Thing: { Type: 'Test::Made::Up', Properties: { V: value } } }, outputs: {}, attributes: {}, shared: [], optional: [], contributions: [], warnings: [] };
    const { stack } = newStack();
    assert.throws(() => new Materialized(stack, fragment), /not found|was not found/, `CDK: ${JSON.stringify(value)}`);
    assert.throws(
      () => simulateMissing({ cfnParser: true }, () => new Materialized(new Construct(stack, 'Again'), fragment)),
      /unexpected fragment from the core \(a bug, please report it\): .*Nowhere, no resource of the fragment/,
    );
  }
});

/** Runs `setup` in a child process before anything loads, then prints what everythingTemplate gives there. */
function inChild(setup) {
  const script = `
    ${setup}
    const { everythingTemplate } = await import(${JSON.stringify(path.join(import.meta.dirname, 'everything.mjs'))});
    process.stdout.write(JSON.stringify({ template: everythingTemplate(), asked: globalThis.asked }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

const lib = JSON.stringify(path.join(root, 'lib') + path.sep);
/** A patch of node's module loader that runs `then` when the package asks for aws-cdk-lib's internal module. */
const hook = (method, then) => `
  import Module from 'node:module';
  globalThis.asked = 0;
  const original = Module.${method};
  Module.${method} = function (request, parent, ...rest) {
    if (request === 'aws-cdk-lib/core/lib/helpers-internal' && (parent?.filename ?? '').startsWith(${lib})) {
      globalThis.asked++;
      ${then}
    }
    return original.call(this, request, parent, ...rest);
  };
`;

test('the package loads and synthesizes the same template when the internal module cannot be required', () => {
  const expected = everythingTemplate();
  // aws-cdk-lib no longer exporting the path (what a moved module looks like to require).
  const gone = inChild(hook('_resolveFilename', `
      const e = new Error("Package subpath './core/lib/helpers-internal' is not defined by \\"exports\\"");
      e.code = 'ERR_PACKAGE_PATH_NOT_EXPORTED';
      throw e;`));
  assert.ok(gone.asked > 0, 'the package asked for the module');
  assert.equal(gone.template, expected);
  // The module is there, but its CfnParser is something else.
  const changed = inChild(hook('_load', 'return { CfnParser: class { parse() {} } };'));
  assert.ok(changed.asked > 0, 'the package asked for the module');
  assert.equal(changed.template, expected);
});
