// The JS boundary's own promises, through both builds as their users load them (formerly tests/wasm_api.rs under
// wasm-pack, a third compile of the core for what these suites already cover; its assertions that no other node
// test made live here): the codes a caller can act on, and memory reused across calls.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { builds, pkgDir } from './builds.mjs';

/** The diagnostics of the Error `call` throws (the core's, not a trap or a glue TypeError). */
function thrown(call) {
  try {
    call();
  } catch (e) {
    assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `not the core's Error: ${e}`);
    assert.ok(Array.isArray(e.diagnostics), `an Error without diagnostics: ${e.message}`);
    return e.diagnostics;
  }
  assert.fail('no error thrown');
}

const spec = { services: { Web: { image: 'nginx:1' } } };

for (const [build, core] of builds) {
  describe(build, () => {
    test('synthService: a service the spec lacks is unknown-service; a name that is no string is wrong-type', () => {
      assert.equal(thrown(() => core.synthService(spec, 'Nope'))[0].code, 'unknown-service');
      for (const name of [null, undefined, {}, [1], 3]) {
        assert.equal(thrown(() => core.synthService(spec, name))[0].code, 'wrong-type', JSON.stringify(name) ?? 'undefined');
      }
      assert.ok(core.synthService(spec, 'Web').resources);
    });

    test('JSON text nested 5,000 deep is not-json; a 3,000,000-character image is image-ref', () => {
      assert.equal(thrown(() => core.synthTemplate('['.repeat(5000) + '1' + ']'.repeat(5000)))[0].code, 'not-json');
      const big = JSON.stringify({ services: { Web: { image: 'a'.repeat(3_000_000) } } });
      assert.equal(thrown(() => core.synthTemplate(big))[0].code, 'image-ref');
    });

    test('validate answers text that is no JSON, and says a Fargate pair in its own words', () => {
      assert.equal(core.validate('{not json').valid, false);
      const { errors } = core.validate({ services: { Web: { image: 'nginx:1', cpu: 256, memory: 256 } } });
      assert.equal(errors[0].message, '256 MiB is not valid with cpu 256; valid: 512, 1024, 2048');
    });

    test('diffTemplates of two values that are no templates: a diagnostic for each', () => {
      assert.equal(thrown(() => core.diffTemplates([], {})).length, 2);
    });
  });
}

test('memory is reused across calls: 40 rounds of a 300-service synthesis and a 1 MB input stop growing it', async () => {
  // The web build's initSync returns the module's exports, its memory among them (the node build keeps it inside).
  const web = await import(path.join(pkgDir, 'web', 'express_service_core.js'));
  const { memory } = web.initSync({ module: fs.readFileSync(path.join(pkgDir, 'web', 'express_service_core_bg.wasm')) });
  const services = Object.fromEntries(
    Array.from({ length: 300 }, (_, i) => [`S${i}`, { image: 'nginx:1.27', cpu: 512, output: false, environment: { N: String(i) } }]),
  );
  const text = JSON.stringify({ services });
  const sizes = [];
  for (let round = 0; round < 40; round++) {
    assert.ok(web.synthTemplate(text).json.length > 100_000);
    web.validate('x'.repeat(1 << 20));
    if (round >= 5) sizes.push(memory.buffer.byteLength);
  }
  assert.ok(sizes.every((s) => s === sizes[0]), `memory kept growing: ${sizes}`);
});
