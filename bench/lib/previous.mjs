// The previous release (commit 0e0a188: its own JSON parser and writer and its own allocator), built once for
// the benchmark that compares against it, bench/diff.mjs. The commit is checked out in a
// temporary git worktree, its core built as the shipped one is (cargo --release, then scripts/build.mjs's
// bindAndShrink: wasm-bindgen + wasm-opt -Oz) and its CLI compiled (tsc -p tsconfig.cli.json); the results go
// to target/previous-release-<commit>/ and the worktree is removed again. Later runs reuse that folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bindAndShrink } from '../../scripts/build.mjs';

export const PREVIOUS = '0e0a188';

const root = path.resolve(import.meta.dirname, '..', '..');
const crate = 'express_service_core';

/** `{ dir, nodeJs, wasm, bin }` of the previous release: its node build's .js and .wasm, its CLI's bin.js. */
export function previousRelease() {
  const dir = path.join(root, 'target', `previous-release-${PREVIOUS}`);
  const paths = {
    dir,
    nodeJs: path.join(dir, 'pkg', 'node', `${crate}.js`),
    wasm: path.join(dir, 'pkg', 'node', `${crate}_bg.wasm`),
    bin: path.join(dir, 'lib', 'cli', 'bin.js'),
  };
  const stamp = path.join(dir, '.complete');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === PREVIOUS) return paths;

  fs.rmSync(dir, { recursive: true, force: true });
  const tree = path.join(os.tmpdir(), 'old-core');
  const git = (...args) => execFileSync('git', ['-C', root, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const removeTree = () => {
    if (fs.existsSync(tree)) git('worktree', 'remove', '--force', tree);
    git('worktree', 'prune');
  };
  removeTree();
  console.error(`bench: building the previous release (${PREVIOUS}) in ${tree}`);
  git('worktree', 'add', '--detach', tree, PREVIOUS);
  try {
    const run = (cmd, args, env = {}) =>
      execFileSync(cmd, args, { cwd: tree, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    // Its own target folder, kept: the dependencies are not compiled again on a later build.
    const targetDir = path.join(root, 'target', 'previous-release-cargo');
    run('cargo', ['build', '--quiet', '--release', '--lib', '--target', 'wasm32-unknown-unknown'], { CARGO_TARGET_DIR: targetDir });
    bindAndShrink(path.join(targetDir, 'wasm32-unknown-unknown', 'release', `${crate}.wasm`), path.join(dir, 'pkg', 'node'), 'nodejs');
    run(process.execPath, ['scripts/build.mjs', '--manifest']);
    fs.copyFileSync(path.join(tree, 'pkg', 'package.json'), path.join(dir, 'pkg', 'package.json'));

    // The CLI is compiled against the previous core's declarations: the worktree's node_modules are this
    // checkout's packages, but for the core, which is the one just built.
    const modules = path.join(tree, 'node_modules');
    fs.mkdirSync(modules);
    for (const name of fs.readdirSync(path.join(root, 'node_modules'))) {
      if (name !== 'cdk-express-service-core') fs.symlinkSync(path.join(root, 'node_modules', name), path.join(modules, name));
    }
    fs.symlinkSync(path.join(dir, 'pkg'), path.join(modules, 'cdk-express-service-core'));
    run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.cli.json', '--outDir', path.join(dir, 'lib')]);

    // What the compiled CLI requires: the previous core and yaml (the same version in both releases).
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync('../pkg', path.join(dir, 'node_modules', 'cdk-express-service-core'));
    fs.symlinkSync(path.join(root, 'node_modules', 'yaml'), path.join(dir, 'node_modules', 'yaml'));
    fs.writeFileSync(stamp, PREVIOUS);
  } finally {
    removeTree();
  }
  return paths;
}
