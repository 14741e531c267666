// The CLI without CDK: the core package (pkg/, `cdk-express-service-core`) packed as npm would publish it and
// installed ALONE into an empty folder, as `npm install cdk-express-service-core` or
// `npx -p cdk-express-service-core express-service ...` does. It must bring the `express-service` command and
// nothing else: no aws-cdk-lib, no constructs, no dependency at all (the yaml library travels inside, in
// cli/yaml.bundle.js), so the install works from the tarball alone (--offline) and stays small.
// Needs the built core package with its command (`npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const pkg = path.join(root, 'pkg');
// The budget for installing only the CLI (the construct's package pulls 191 MB of CDK as peers).
const BUDGET_BYTES = 5 * 1024 * 1024;

for (const built of ['package.json', 'cli/express-service.js', 'cli/yaml.bundle.js', 'node/express_service_core_bg.wasm']) {
  assert.ok(fs.existsSync(path.join(pkg, built)), `pkg/${built} is missing: run \`npm run build\` first`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-service-core-only-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const tgz = npm(['pack', '--silent', '--pack-destination', dir], pkg).trim().split('\n').pop();
const project = path.join(dir, 'project');
fs.mkdirSync(project);
fs.writeFileSync(path.join(project, 'package.json'), '{ "private": true }\n');
// --offline: nothing but the tarball may be needed.
npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', path.join(dir, tgz)], project);
const modules = path.join(project, 'node_modules');
const bin = path.join(modules, '.bin', 'express-service');

const run = (...args) => {
  const r = spawnSync(bin, args, { cwd: project, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
};
const write = (name, text) => {
  fs.writeFileSync(path.join(project, name), text);
  return name;
};

/** Every file under `d`, recursively, with its size. */
function files(d) {
  return fs
    .readdirSync(d, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size);
}

test('the core package installs alone: one package, no CDK, a linked express-service, under 5 MB', () => {
  const installed = fs.readdirSync(modules).filter((n) => !n.startsWith('.'));
  assert.deepEqual(installed, ['cdk-express-service-core']);
  assert.ok(fs.existsSync(bin), 'npm linked no node_modules/.bin/express-service');
  const bytes = files(modules).reduce((a, b) => a + b, 0);
  assert.ok(bytes <= BUDGET_BYTES, `the install takes ${(bytes / 1048576).toFixed(2)} MB, over the 5 MB budget`);
  const manifest = JSON.parse(fs.readFileSync(path.join(modules, 'cdk-express-service-core', 'package.json'), 'utf8'));
  assert.deepEqual(manifest.dependencies ?? {}, {});
  assert.deepEqual(manifest.peerDependencies ?? {}, {});
});

test('--version names the core package (as its version and as the core\'s own)', () => {
  const r = run('--version');
  assert.equal(r.status, 0, r.stderr);
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  assert.equal(r.stdout, `express-service ${version} (core ${version})\n`);
});

test('synth of a JSON and of a YAML spec: the core\'s template, byte for byte', () => {
  const spec = { services: { Web: { image: 'nginx:1.27' } } };
  const expected = JSON.parse(execFileSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(pkg)}).synthTemplate(${JSON.stringify(spec)}).json))`], { encoding: 'utf8' }));
  const json = run('synth', write('web.json', JSON.stringify(spec)));
  assert.equal(json.status, 0, json.stderr);
  assert.equal(json.stdout, expected);
  // Nothing on stderr: a pinned image warns of nothing, and the V8 flags the command sets exist in this node.
  assert.equal(json.stderr, '');
  const yaml = run('synth', write('web.yaml', 'services:\n  Web:\n    image: nginx:1.27\n'));
  assert.equal(yaml.status, 0, yaml.stderr);
  assert.equal(yaml.stdout, expected);
  const asYaml = run('synth', 'web.json', '--format', 'yaml');
  assert.equal(asYaml.status, 0, asYaml.stderr);
  assert.match(asYaml.stdout, /^AWSTemplateFormatVersion: "2010-09-09"\n/);
});

test('validate places each error in the YAML file; exit 1', () => {
  const r = run('validate', write('bad.yaml', 'services:\n  Web:\n    image: nginx:1.27\n    cpu: 3\n'));
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout + r.stderr, /bad\.yaml:4:\d+/);
  assert.match(r.stdout + r.stderr, /services\.Web\.cpu/);
});

test('diff of two synthesized templates flags a replacement: exit 3', () => {
  assert.equal(run('synth', write('a.json', JSON.stringify({ services: { Web: { image: 'nginx:1.27' } } })), '-o', 'a.template.json').status, 0);
  const b = { services: { Web: { image: 'nginx:1.27', tags: { team: 'x' } } } };
  assert.equal(run('synth', write('b.json', JSON.stringify(b)), '-o', 'b.template.json').status, 0);
  const r = run('diff', 'a.template.json', 'b.template.json');
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /REPLACED/);
});

test('a template larger than a pipe holds comes out whole to a slow reader (the command exits early only when all is written)', () => {
  const services = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`Web${i}`, { image: 'nginx:1.27' }]));
  write('many.json', JSON.stringify({ services }));
  // The reader starts half a second late: node's write to the full pipe is left pending, and exiting then would
  // cut the template at the pipe's 64 KB.
  const r = spawnSync('sh', ['-c', '"$0" synth many.json 2>/dev/null | (sleep 0.5; cat)', bin], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 4 * 65536, `only ${r.stdout.length} bytes: expected more than a pipe's buffer`);
  assert.equal(Object.keys(JSON.parse(r.stdout).Resources).filter((k) => k.endsWith('Service')).length, 300);
});

test('npx -p <the core package> express-service runs in an empty folder (as `npx -p cdk-express-service-core` will)', () => {
  const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
  fs.writeFileSync(path.join(empty, 'web.yaml'), 'services:\n  Web:\n    image: nginx:1.27\n');
  const r = spawnSync('npx', ['--offline', '--yes', '-p', path.join(dir, tgz), 'express-service', 'synth', 'web.yaml'], { cwd: empty, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const installed = run('synth', write('web.yaml', 'services:\n  Web:\n    image: nginx:1.27\n'));
  assert.equal(installed.status, 0, installed.stderr);
  assert.equal(r.stdout, installed.stdout);
  assert.deepEqual(fs.readdirSync(empty), ['web.yaml'], 'npx left files in the folder');
});
