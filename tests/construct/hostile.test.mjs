// The hostile corpus's props cases (tests/hostile/props.json) through the construct: each fails synthesis with
// one error naming the construct and the prop (the CDK way: the construct itself does not throw), never a
// TypeError, a trap or a silent acceptance.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { leak, propsCases } from '../hostile/corpus.mjs';
import { construct, newStack, require, root } from './support.mjs';

const { ExpressService, ExpressImage } = construct;

/** The props of a case: `{ "$image": ref }` is `ExpressImage.fromRegistry(ref)`. */
function build(value) {
  if (Array.isArray(value)) return value.map(build);
  if (value === null || typeof value !== 'object') return value;
  if (Object.keys(value).length === 1 && typeof value.$image === 'string') return ExpressImage.fromRegistry(value.$image);
  const out = {};
  // Own properties as JSON.parse made them, `__proto__` included (defineProperty, not assignment).
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: build(v), enumerable: true, writable: true, configurable: true });
  return out;
}

const cases = propsCases();

test('the props corpus is large enough to mean something', () => {
  assert.ok(cases.length >= 50, `${cases.length} cases`);
});

for (const c of cases) {
  test(`hostile props: ${c.name}`, () => {
    const { app, stack } = newStack();
    let error;
    try {
      new ExpressService(stack, 'Web', build(c.props));
      app.synth();
    } catch (e) {
      error = e;
    }
    assert.ok(error !== undefined, 'accepted silently');
    assert.ok(!(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError), `threw a ${error.constructor.name}: ${error.message}`);
    const lines = error.message.split('\n');
    assert.equal(lines[0], 'Validation failed with the following errors:', error.message.slice(0, 300));
    assert.match(lines[1], /^ {2}\[Test\/Web\] ExpressService Test\/Web: \d+ problems? in its props:$/, error.message.slice(0, 300));
    lines.splice(0, 1);
    const named = lines.slice(1).some((l) => (c.propStartsWith ? l.startsWith(`  ${c.prop}`) : l.startsWith(`  ${c.prop}: `)));
    assert.ok(named, `no problem names ${c.prop}:\n${error.message.slice(0, 600)}`);
    assert.equal(leak(error.message), undefined, error.message.slice(0, 600));
    assert.ok(error.message.length < 5000, `a ${error.message.length}-character message`);
  });
}

test("the construct's list of props is the jsii assembly's (so that an unknown prop is told, and a new one is known)", () => {
  const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
  const { PROP_NAMES } = require(path.join(root, 'lib/private/props-shape.js'));
  for (const [kind, names] of Object.entries(PROP_NAMES)) {
    const type = Object.values(assembly.types).find((t) => t.name === kind);
    assert.ok(type, `${kind} is not in the assembly`);
    assert.deepEqual([...names].sort(), type.properties.map((p) => p.name).sort(), kind);
  }
});
