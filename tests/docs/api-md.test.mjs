// API.md (Construct Hub's API reference, by jsii-docgen) is the one the current assembly makes: the build writes
// that one into lib/API.md (once per assembly and docgen, scripts/build.mjs), and the committed file must equal it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { apiDocsStamp } from '../../scripts/build.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

test('API.md is current (else: npm run api-docs, after npm run build)', () => {
  assert.ok(fs.existsSync(path.join(root, '.jsii')), '.jsii is missing: run npm run build');
  const stampFile = path.join(root, 'lib', '.api-md-stamp');
  const made = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === apiDocsStamp();
  assert.ok(made, 'lib/API.md was not made from the current assembly: run npm run build');
  const fresh = fs.readFileSync(path.join(root, 'lib', 'API.md'), 'utf8');
  const committed = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
  // Names a type of the package, so a docgen that wrote nothing useful cannot pass.
  assert.match(fresh, /### ExpressService /);
  assert.ok(committed === fresh, 'API.md is stale: regenerate it with `npm run api-docs` (after `npm run build`) and commit it');
});

test('every property of the API has a description in API.md (its doc comment in ts/)', () => {
  const api = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
  const bare = [...api.matchAll(/^\| <code><a href="#cdk-express-service\.([\w.]+\.property\.\w+)">[^|]*\|[^|]*\| \*No description\.\* \|$/gm)].map((m) => m[1]);
  assert.deepEqual(bare, [], 'add a one-line summary to each of these in ts/, then npm run api-docs');
});
