// Hostile input: whatever a caller passes, every function answers with diagnostics (validate) or an Error
// carrying them (the others) — never a WebAssembly trap, a Rust panic or a JS TypeError from the glue — and
// the module keeps working afterwards.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builds, cases } from './builds.mjs';

function deep(depth, leaf) {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function cycle() {
  const spec = { services: { Web: { image: 'nginx:1.27' } } };
  spec.services.Web.self = spec;
  return spec;
}

const huge = 'x'.repeat(10 * 1024 * 1024);

// Values no JSON has, or that JSON.stringify cannot take.
const garbage = {
  undefined: undefined,
  null: null,
  'a function': () => 1,
  'a class': class {},
  'a BigInt': 10n,
  'a BigInt inside': { services: { Web: { image: 'nginx:1.27', cpu: 256n } } },
  'a Symbol': Symbol('spec'),
  'a cycle': cycle(),
  'a throwing toJSON': { toJSON() { throw new Error('no'); } },
  'a throwing getter': { get services() { throw new Error('no'); } },
  'a hostile Proxy': new Proxy({}, { ownKeys() { throw new TypeError('no'); }, get() { throw new TypeError('no'); } }),
  NaN: NaN,
  'a number': 42,
  'true': true,
  'an array': [1, 2, 3],
  'a Map': new Map([['services', {}]]),
  'a Date': new Date(0),
  'a typed array': new Uint8Array(16),
  'an empty object': {},
  'an empty string': '',
  'JSON text that is not JSON': '{"services": ',
  'JSON text with a trailing comma': '{"services": {},}',
  'a 10 MB string': huge,
  'a 10 MB image': { services: { Web: { image: huge } } },
  'a 10 MB service name': { services: { [huge]: { image: 'nginx:1.27' } } },
  'a 10 MB unknown key': { services: { Web: { image: 'nginx:1.27', [huge]: 1 } } },
  '100k-deep nesting': deep(100_000, 1),
  '100k-deep nesting under a service': { services: { Web: { image: 'nginx:1.27', environment: deep(100_000, 'x') } } },
  '100k-deep JSON text': '['.repeat(100_000) + ']'.repeat(100_000),
  '10k services': {
    services: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`S${i}`, { image: 7 }])),
  },
  'a lone surrogate': { services: { Web: { image: 'nginx:\ud800' } } },
  'a NUL in a name': { services: { 'We\u0000b': { image: 'nginx:1.27' } } },
};

/** Asserts `e` is the core's Error with diagnostics, not a trap or a glue failure. */
function assertSpecError(e, what) {
  assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: WebAssembly trap: ${e?.message}`);
  assert.ok(e instanceof Error, `${what}: threw a non-Error: ${String(e)}`);
  assert.ok(Array.isArray(e.diagnostics) && e.diagnostics.length > 0, `${what}: Error without diagnostics: ${e.message}`);
  for (const d of e.diagnostics) {
    assert.equal(typeof d.path, 'string');
    assert.ok(d.code && d.message, `${what}: diagnostic without code or message`);
  }
  assertReadable(e.diagnostics, what);
}

/** A message quotes a huge input in part only: it is read by people. */
function assertReadable(diagnostics, what) {
  for (const d of diagnostics) {
    assert.ok(d.message.length < 1000, `${what}: a ${d.message.length}-character message: ${d.message.slice(0, 80)}…`);
  }
}

/** Calls every function with `input`; each must answer within the contract. */
function exercise(core, input, what) {
  const report = core.validate(input);
  assert.equal(typeof report.valid, 'boolean', `${what}: validate answered ${report}`);
  if (!report.valid) assert.ok(report.errors.length > 0, `${what}: invalid without errors`);
  assertReadable([...report.errors, ...report.warnings], `${what}: validate`);

  const calls = {
    synthTemplate: () => core.synthTemplate(input),
    synthService: () => core.synthService(input, 'Web'),
    explain: () => core.explain(input),
    synthExplain: () => core.synthExplain(input),
    'diffTemplates(old)': () => core.diffTemplates(input, {}),
    'diffTemplates(new)': () => core.diffTemplates({}, input),
    'synthService(name)': () => core.synthService({ services: { Web: { image: 'nginx:1.27' } } }, input),
  };
  for (const [name, call] of Object.entries(calls)) {
    try {
      call();
      // Only a valid spec may synthesize.
      if (['synthTemplate', 'explain', 'synthExplain'].includes(name)) assert.ok(report.valid, `${what}: ${name} accepted what validate rejected`);
    } catch (e) {
      assertSpecError(e, `${what}: ${name}`);
    }
  }
}

// Every leaf and object of a full spec replaced by values of the wrong type.
const wrongValues = [null, true, 3.5, -1, 2 ** 53, 'str', '', [], {}, [1, [2]], { x: 1 }];
function* mutations(value, path = []) {
  for (const wrong of wrongValues) yield [path, wrong];
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* mutations(v, [...path, k]);
  }
}
function replaced(spec, path, wrong) {
  if (path.length === 0) return wrong;
  const copy = structuredClone(spec);
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  node[path.at(-1)] = wrong;
  return copy;
}

const golden = cases();

for (const [build, core] of builds) {
  describe(build, () => {
    for (const [what, input] of Object.entries(garbage)) {
      test(`${what}: diagnostics, never a trap`, () => {
        exercise(core, input, what);
      });
    }

    test('the values JSON cannot hold are rejected at the root with a not-json diagnostic', () => {
      for (const what of ['undefined', 'a function', 'a BigInt', 'a Symbol', 'a cycle', '100k-deep nesting']) {
        const { valid, errors } = core.validate(garbage[what]);
        assert.equal(valid, false, what);
        assert.deepEqual(errors.map((d) => [d.path, d.code]), [['', 'not-json']], what);
      }
    });

    for (const c of golden) {
      test(`${c.name}: every value replaced by a wrong type answers with diagnostics`, () => {
        const spec = JSON.parse(c.specText);
        let rejected = 0;
        for (const [path, wrong] of mutations(spec)) {
          const input = replaced(spec, path, wrong);
          exercise(core, input, `${path.join('.') || '(root)'} = ${JSON.stringify(wrong)}`);
          if (!core.validate(input).valid) rejected++;
        }
        assert.ok(rejected > 0, 'no mutation was rejected');
      });
    }

    test('after all that the module still synthesizes the golden templates', () => {
      for (const c of golden) assert.equal(core.synthTemplate(c.specText).json, c.template, c.name);
    });
  });
}
