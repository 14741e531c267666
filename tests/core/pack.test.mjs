// What `npm pack` ships: the core package holds both builds (.wasm, JS, typings) and the express-service
// command (cli/, with yaml bundled in), and depends on nothing; the packed tarball works when installed; the
// construct package bundles the core.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pkgDir, root } from './builds.mjs';

function packList(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(out)[0];
}

const builds = ['node', 'web'];
const coreFiles = [
  'README.md',
  'package.json',
  'web/package.json',
  'cli/express-service.js',
  'cli/yaml.bundle.js',
  ...builds.flatMap((b) =>
    ['.js', '.d.ts', '_bg.wasm', '_bg.wasm.d.ts'].map((ext) => `${b}/express_service_core${ext}`),
  ),
].sort();

test('the core package ships exactly both builds with their typings, the command, a README and its manifest', () => {
  const packed = packList(pkgDir);
  assert.equal(packed.name, 'cdk-express-service-core');
  assert.deepEqual(packed.files.map((f) => f.path).sort(), coreFiles);
});

test('the core package has no dependencies at all (in particular not aws-cdk-lib)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  for (const key of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundledDependencies']) {
    assert.equal(manifest[key], undefined, `pkg/package.json has ${key}`);
  }
});

test('every entry point of the core manifest is a packed file', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
  assert.equal(manifest.bin?.['express-service'], 'cli/express-service.js', 'the core package carries the express-service bin');
  for (const entry of Object.values(manifest.exports)) {
    targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
  }
  for (const t of targets) assert.ok(coreFiles.includes(t.replace(/^\.\//, '')), `${t} is not packed`);
});

test('the packed core tarball, installed, loads both builds', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'core-pack-'));
  try {
    const file = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: pkgDir,
      encoding: 'utf8',
    }).trim();
    const installed = path.join(tmp, 'node_modules', 'cdk-express-service-core');
    fs.mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['xzf', path.join(tmp, file), '-C', installed, '--strip-components=1']);
    const script = `
      import fs from 'node:fs';
      import { createRequire } from 'node:module';
      import { initSync, version as webVersion } from 'cdk-express-service-core/web';
      const core = createRequire(import.meta.url)('cdk-express-service-core');
      const wasm = createRequire(import.meta.url).resolve('cdk-express-service-core/web/express_service_core_bg.wasm');
      initSync({ module: fs.readFileSync(wasm) });
      process.stdout.write(JSON.stringify([core.version(), webVersion()]));`;
    fs.writeFileSync(path.join(tmp, 'check.mjs'), script);
    const out = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: tmp, encoding: 'utf8' }));
    const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
    assert.deepEqual(out, [version, version]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the construct package bundles the core (.wasm, JS, typings) and ships its compiled JS and typings', () => {
  const packed = packList(root);
  const files = packed.files.map((f) => f.path);
  assert.ok(packed.bundled.includes('cdk-express-service-core'), `bundled: ${packed.bundled}`);
  for (const f of coreFiles) {
    assert.ok(files.includes(`node_modules/cdk-express-service-core/${f}`), `core file ${f} is not bundled`);
  }
  assert.ok(files.some((f) => /^lib\/.*\.js$/.test(f)), 'no lib/**/*.js (was `npm run build` run?)');
  assert.ok(files.some((f) => /^lib\/.*\.d\.ts$/.test(f)), 'no lib/**/*.d.ts');
  assert.ok(files.includes('.jsii'), 'no .jsii assembly');
  const stray = files.filter((f) => /^(src|ts|tests?|scripts|target|pkg|examples|playground|bench)\//.test(f));
  assert.deepEqual(stray, [], 'sources or build inputs in the construct package');
});
