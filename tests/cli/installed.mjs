// The CLI as a user gets it: the root package is packed (`npm pack`, with its bundled core and yaml) and
// installed into a fresh temporary prefix; tests run `node_modules/.bin/express-service` as npm linked it.
// Needs the compiled package (`npm run build`). Peer dependencies (aws-cdk-lib) are not installed: the
// command must work without them.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cases = path.join(root, 'tests/cases');
export const specs = path.join(root, 'examples/specs');

/**
 * Packs and installs the package once per content: the install lives in a temporary folder named by a hash
 * of everything `npm pack` takes (lib/, pkg/, package.json, ...), so the test files of one run (and later
 * runs of the same build) share it; a rebuilt package gets a fresh install. Each caller gets its own
 * scratch folder. Returns { prefix, bin, work, api, run, write, cleanup }.
 */
export function install() {
  for (const built of ['lib/cli/bin.js', 'lib/cli/express-service.js', 'lib/cli/yaml.bundle.js']) {
    assert.ok(fs.existsSync(path.join(root, built)), `${built} is missing: run \`npm run build\` (or \`npm run compile\`) first`);
  }
  const prefix = path.join(os.tmpdir(), `${CACHE}${packageHash()}`);
  const bin = path.join(prefix, 'node_modules/.bin/express-service');
  if (!fs.existsSync(path.join(prefix, 'installed'))) installInto(prefix);
  assert.ok(fs.existsSync(bin), `npm did not link ${bin}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'express-service-cli-work-'));
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
    /** Removes the scratch folder (the shared install stays for the next test file). */
    cleanup() {
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

const CACHE = 'express-service-cli-install-';

// What `npm pack` puts in the tarball comes from these; their paths, sizes and contents name the install.
function packageHash() {
  const hash = crypto.createHash('sha256');
  const add = (file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) add(path.join(file, entry));
      return;
    }
    hash.update(`${path.relative(root, file)}\0${stat.size}\0`);
    hash.update(fs.readFileSync(file));
  };
  for (const entry of ['package.json', 'README.md', '.jsii', '.npmignore', 'lib', 'pkg', 'node_modules/yaml/package.json']) {
    add(path.join(root, entry));
  }
  return hash.digest('hex').slice(0, 16);
}

// Installs into a temporary folder, then renames it into place: a test file running at the same time
// either finds the finished install or makes its own and keeps whichever landed first.
function installInto(prefix) {
  for (const old of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(CACHE))) {
    if (path.join(os.tmpdir(), old) !== prefix) fs.rmSync(path.join(os.tmpdir(), old), { recursive: true, force: true });
  }
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'express-service-cli-staging-'));
  const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tgz = npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', staging], root).trim().split('\n').pop();
  fs.writeFileSync(path.join(staging, 'package.json'), '{ "private": true }\n');
  npm(
    ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts', '--no-package-lock', `./${tgz}`],
    staging,
  );
  fs.writeFileSync(path.join(staging, 'installed'), '');
  try {
    fs.renameSync(staging, prefix);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(prefix, 'installed'))) throw e;
  }
}

/** Asserts that nothing in a command's output looks like a JavaScript stack trace or an undefined leak. */
export function assertNoTrace(text) {
  assert.doesNotMatch(text, /\n\s+at .+[(:]\d+/, `stack trace in output:\n${text}`);
  assert.doesNotMatch(text, /\bundefined\b|\[object Object\]/, `JS value leaked into output:\n${text}`);
}
