// The custom resources' functions the core embeds (src/synth/waf_associations.js, domain_names.js) are
// generated from handlers/*.ts by esbuild and committed, so that `cargo test` needs no node. This fails when a
// committed copy is not what the sources bundle to, and type-checks the sources (tsc --strict, noEmit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleHandlers, handlers, root } from '../../scripts/bundle-handlers.mjs';

const REFRESH = 'node scripts/bundle-handlers.mjs (or npm run build)';

test('the committed function code is what handlers/ bundles to, byte for byte', async () => {
  const bundles = await bundleHandlers();
  assert.deepEqual(bundles.map((b) => b.out), handlers.map((h) => h.out));
  for (const { source, out, code } of bundles) {
    const committed = fs.readFileSync(path.join(root, out), 'utf8');
    assert.ok(committed === code, `${out} is stale: it is not what ${source} bundles to; run ${REFRESH}`);
  }
});

test('bundling is deterministic: the same sources give the same bytes', async () => {
  const [first, second] = [await bundleHandlers(), await bundleHandlers()];
  assert.deepEqual(second, first);
});

test('handlers/ type-checks under tsc --strict (handlers/tsconfig.json)', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'handlers', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc -p handlers/tsconfig.json:\n${r.stdout}${r.stderr}`);
});
