// The CLI as a user gets it: the root package is packed (`npm pack`, with its bundled core and yaml) and
// installed into a fresh temporary prefix; tests run `node_modules/.bin/express-service` as npm linked it.
// Needs the compiled package (`npm run build`). Peer dependencies (aws-cdk-lib) are not installed: the
// command must work without them.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cases = path.join(root, 'tests/cases');
export const specs = path.join(root, 'examples/specs');

/** Packs and installs the package; returns { prefix, bin, api, run, cleanup }. */
export function install() {
  assert.ok(
    fs.existsSync(path.join(root, 'lib/cli/bin.js')),
    'lib/cli/bin.js is missing: run `npm run build` (or `npm run compile`) first',
  );
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'express-service-cli-'));
  const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tgz = npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', prefix], root).trim().split('\n').pop();
  fs.writeFileSync(path.join(prefix, 'package.json'), '{ "private": true }\n');
  npm(
    ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts', '--no-package-lock', `./${tgz}`],
    prefix,
  );
  const bin = path.join(prefix, 'node_modules/.bin/express-service');
  assert.ok(fs.existsSync(bin), `npm did not link ${bin}`);
  const work = path.join(prefix, 'work');
  fs.mkdirSync(work);
  return {
    prefix,
    bin,
    /** A scratch folder for input files. */
    work,
    /** The installed node API. */
    api: createRequire(path.join(prefix, 'index.js'))('cdk-express-service/lib/cli/api'),
    /** Runs the installed command; returns { status, stdout, stderr }. */
    run(args, options = {}) {
      const r = spawnSync(bin, args, { cwd: options.cwd ?? work, input: options.input, encoding: 'utf8' });
      if (r.error) throw r.error;
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    /** Writes a file into the scratch folder; returns its path. */
    write(name, text) {
      const file = path.join(work, name);
      fs.writeFileSync(file, text);
      return file;
    },
    cleanup() {
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** Asserts that nothing in a command's output looks like a JavaScript stack trace or an undefined leak. */
export function assertNoTrace(text) {
  assert.doesNotMatch(text, /\n\s+at .+[(:]\d+/, `stack trace in output:\n${text}`);
  assert.doesNotMatch(text, /\bundefined\b|\[object Object\]/, `JS value leaked into output:\n${text}`);
}
