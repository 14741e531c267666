// The page's JavaScript carries JSDoc types; they must hold under tsc --strict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('the playground sources type-check under tsc --strict', () => {
  const repo = join(import.meta.dirname, '..', '..');
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(repo, 'playground', 'tsconfig.check.json')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
