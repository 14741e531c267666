// API.md (Construct Hub's API reference, by jsii-docgen) is the one the current assembly makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

test('API.md is current (else: npm run api-docs, after npm run build)', () => {
  assert.ok(fs.existsSync(path.join(root, '.jsii')), '.jsii is missing: run npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-md-'));
  try {
    const out = path.join(dir, 'API.md');
    execFileSync(path.join(root, 'node_modules', '.bin', 'jsii-docgen'), ['-o', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const fresh = fs.readFileSync(out, 'utf8');
    const committed = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
    // Names a type of the package, so a docgen that wrote nothing useful cannot pass.
    assert.match(fresh, /### ExpressService /);
    assert.ok(committed === fresh, 'API.md is stale: regenerate it with `npm run api-docs` (after `npm run build`) and commit it');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every property of the API has a description in API.md (its doc comment in ts/)', () => {
  const api = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
  const bare = [...api.matchAll(/^\| <code><a href="#cdk-express-service\.([\w.]+\.property\.\w+)">[^|]*\|[^|]*\| \*No description\.\* \|$/gm)].map((m) => m[1]);
  assert.deepEqual(bare, [], 'add a one-line summary to each of these in ts/, then npm run api-docs');
});
