#!/usr/bin/env node
// `npm run build`: the custom resources' functions (handlers/*.ts -> src/synth/*.js, which the core embeds), the
// release WASM core -> wasm-pack build (nodejs + web) -> wasm-opt -Oz -> pkg/, then the TypeScript
// (`npm run compile`) and the API reference it documents (lib/API.md, compared with API.md by tests/docs). Each step is skipped when its inputs did not change, so a rebuild with
// nothing to do takes about a second (mostly cargo checking its own freshness).
//   node scripts/build.mjs             everything
//   node scripts/build.mjs --manifest  only pkg/package.json, pkg/README.md (setup needs them before `npm ci`)
//   node scripts/build.mjs --no-ts     the core package only
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const pkgDir = path.join(root, 'pkg');
const templateDir = path.join(root, 'pkg-template');
const crate = 'express_service_core';
const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
const wasmIn = path.join(targetDir, 'wasm32-unknown-unknown', 'release', `${crate}.wasm`);
const targets = [
  { flag: 'nodejs', dir: 'node' },
  { flag: 'web', dir: 'web' },
];
// scripts/setup.sh reads it from this line and installs it.
const wasmPackVersion = '0.15.1';
const wasmOptBin = path.join(root, 'node_modules', '.bin', 'wasm-opt');
// Features rustc enables by default for wasm32-unknown-unknown; wasm-opt must be told, or it refuses them.
const wasmOptFeatures = [
  '--enable-bulk-memory',
  '--enable-bulk-memory-opt',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-reference-types',
  '--enable-multivalue',
];

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) fail(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return r;
}

function capture(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Writes `file` only when its content differs, so timestamps (and tools watching them) stay quiet. */
function writeIfChanged(file, content) {
  if (fs.existsSync(file) && fs.readFileSync(file).equals(Buffer.from(content))) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return true;
}

/** The crate's version from Cargo.toml ([package] comes first there). */
function crateVersion() {
  const m = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m);
  if (!m) fail('no version in Cargo.toml');
  return m[1];
}

/** The exact wasm-bindgen version of Cargo.lock: the CLI has to match it. */
export function lockedWasmBindgenVersion() {
  const lock = fs.readFileSync(path.join(root, 'Cargo.lock'), 'utf8');
  const m = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!m) fail('wasm-bindgen is not in Cargo.lock');
  return m[1];
}

/** pkg/package.json (the template, versioned like the crate), pkg/README.md, pkg/web/package.json. */
function writeManifest() {
  const manifest = JSON.parse(fs.readFileSync(path.join(templateDir, 'package.json'), 'utf8'));
  manifest.version = crateVersion();
  writeIfChanged(path.join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeIfChanged(path.join(pkgDir, 'README.md'), fs.readFileSync(path.join(templateDir, 'README.md')));
  // The web build is an ES module while the package root (node build) is CommonJS.
  writeIfChanged(path.join(pkgDir, 'web', 'package.json'), '{\n  "type": "module"\n}\n');
}

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

/** `wasm-pack build` for `flag` (nodejs | web) into `out` (cargo's release build, then the wasm-bindgen on PATH),
 * then `wasm-opt -Oz` in place: the shipped module. `env` reaches cargo (a CARGO_TARGET_DIR, an opt-level).
 * --no-pack --no-gitignore: pkg/ comes from pkg-template/, wasm-pack writes only the wasm-bindgen output.
 * --no-opt (as Cargo.toml's wasm-pack metadata): wasm-opt is the npm binaryen's, run below, never one from PATH
 * or a download. --mode no-install: wasm-bindgen must be on PATH at Cargo.lock's version, or wasm-pack fails
 * rather than downloading one. */
export function packAndShrink(out, flag, env = process.env) {
  run(
    'wasm-pack',
    ['--log-level', 'warn', 'build', '--release', '--mode', 'no-install', '--no-pack', '--no-gitignore', '--no-opt',
      '--target', flag, '--out-dir', out, '--out-name', crate],
    { env },
  );
  shrink(out);
}

/** wasm-bindgen for `flag` into `out` from a module cargo built elsewhere, then the same `wasm-opt -Oz`: for the
 * benchmarks' other builds (a cargo feature, an earlier commit without wasm-pack's metadata), which come out as
 * the shipped one would (wasm-pack runs this very wasm-bindgen; the output is the same bytes). */
export function bindAndShrink(wasm, out, flag) {
  run('wasm-bindgen', ['--target', flag, '--out-dir', out, '--out-name', crate, wasm]);
  shrink(out);
}

function shrink(out) {
  const bg = path.join(out, `${crate}_bg.wasm`);
  run(wasmOptBin, ['-Oz', '--strip-debug', '--strip-producers', ...wasmOptFeatures, bg, '-o', bg]);
}

function buildCore() {
  // cargo on its own first, as wasm-pack runs it: wasm-pack has no up-to-date check (it runs wasm-bindgen and
  // rewrites its output every time), so cargo's artifact is what tells whether pkg/ has to be made again. The
  // cargo build inside wasm-pack then finds everything fresh.
  run('cargo', ['build', '--quiet', '--release', '--lib', '--target', 'wasm32-unknown-unknown']);

  const wanted = lockedWasmBindgenVersion();
  const have = capture('wasm-bindgen', ['--version']);
  if (have !== `wasm-bindgen ${wanted}`) {
    fail(`wasm-bindgen ${wanted} is needed (Cargo.lock), found ${have ?? 'none'}; run scripts/setup.sh`);
  }
  const pack = capture('wasm-pack', ['--version']);
  if (pack !== `wasm-pack ${wasmPackVersion}`) {
    fail(`wasm-pack ${wasmPackVersion} is needed, found ${pack ?? 'none'}; run scripts/setup.sh`);
  }
  if (!fs.existsSync(wasmOptBin)) fail('node_modules/.bin/wasm-opt (npm binaryen) is missing; run scripts/setup.sh');
  const binaryen = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'binaryen', 'package.json'), 'utf8'));

  const outputs = targets.flatMap(({ dir }) =>
    ['.js', '.d.ts', '_bg.wasm', '_bg.wasm.d.ts'].map((ext) => path.join(pkgDir, dir, `${crate}${ext}`)),
  );
  const stampFile = path.join(pkgDir, '.build-stamp');
  const stamp = sha256(
    fs.readFileSync(wasmIn),
    have,
    pack,
    binaryen.version,
    // [package.metadata.wasm-pack] there sets wasm-bindgen's flags.
    fs.readFileSync(path.join(root, 'Cargo.toml')),
    wasmOptFeatures.join(' '),
    fs.readFileSync(import.meta.filename),
  );
  if (
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp &&
    outputs.every((f) => fs.existsSync(f))
  ) {
    console.log('build: pkg/ is up to date');
  } else {
    fs.rmSync(stampFile, { force: true });
    for (const { flag, dir } of targets) packAndShrink(path.join(pkgDir, dir), flag);
    // wasm-pack deletes a package.json it finds in its out-dir, even with --no-pack: pkg/web/ had one.
    writeManifest();
    fs.writeFileSync(stampFile, stamp);
  }

  for (const { dir } of targets) {
    for (const ext of ['_bg.wasm', '.js']) {
      const file = path.join(pkgDir, dir, `${crate}${ext}`);
      const bytes = fs.readFileSync(file);
      const gz = zlib.gzipSync(bytes, { level: 9 }).length;
      console.log(`  pkg/${dir}/${crate}${ext}`.padEnd(44), `${kb(bytes.length).padStart(9)} raw`, `${kb(gz).padStart(9)} gzipped`);
    }
  }
}

/** The custom resources' functions bundled into the files the core embeds (scripts/bundle-handlers.mjs),
 * skipped when neither the sources, the bundler nor esbuild changed and the outputs are as last written. */
async function bundleHandlers() {
  const script = path.join(root, 'scripts', 'bundle-handlers.mjs');
  // Imported here, not at the top: `--manifest` runs before `npm ci` has installed esbuild.
  const { handlers, bundleHandlers: bundle } = await import(script);
  const outputs = handlers.map(({ out }) => path.join(root, out));
  const esbuild = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8'));
  const inputs = [script, ...filesUnder(path.join(root, 'handlers'))];
  const stamp = () =>
    sha256(esbuild.version, ...inputs.flatMap((f) => [f, fs.readFileSync(f)]), ...outputs.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : '')));
  const stampFile = path.join(targetDir, '.handlers-stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp()) {
    console.log('build: src/synth/ handlers are up to date');
    return;
  }
  for (const { out, code } of await bundle()) {
    const changed = writeIfChanged(path.join(root, out), code);
    console.log(`build: ${out} ${changed ? 'bundled' : 'unchanged'} (${Buffer.byteLength(code)} bytes)`);
  }
  fs.mkdirSync(targetDir, { recursive: true });
  fs.writeFileSync(stampFile, stamp());
}

/** Every file under `dir`, sorted, for hashing. */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** `npm run compile` (jsii + tsc, owned by the construct), skipped when none of its inputs (sources, configs,
 * installed dependency versions, the core's typings) changed. */
function compileTs() {
  const manifest = fs.readFileSync(path.join(root, 'package.json'));
  const scripts = JSON.parse(manifest).scripts ?? {};
  if (!scripts.compile) fail('package.json has no "compile" script');
  const inputs = [
    path.join(root, 'package-lock.json'),
    path.join(root, 'scripts', 'bundle-cli.mjs'),
    ...filesUnder(path.join(root, 'ts')),
    ...fs.readdirSync(root).filter((f) => /^tsconfig.*\.json$/.test(f)).map((f) => path.join(root, f)),
    ...targets.map(({ dir }) => path.join(pkgDir, dir, `${crate}.d.ts`)),
  ];
  const stamp = sha256(manifest, ...inputs.flatMap((f) => [f, fs.readFileSync(f)]));
  const stampFile = path.join(root, 'lib', '.compile-stamp');
  // pkg/cli/: the core package's own copy of the command (scripts/bundle-cli.mjs), which wasm-pack leaves alone.
  const outputs = ['lib/index.js', '.jsii', 'pkg/cli/express-service.js'].map((f) => path.join(root, f));
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && outputs.every((f) => fs.existsSync(f))) {
    console.log('build: lib/ is up to date');
    return;
  }
  fs.rmSync(stampFile, { force: true });
  // jsii prints a banner on node 20 unless told that we know.
  run('npm', ['run', '--silent', 'compile'], {
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] },
  });
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, stamp);
}

/** What API.md is made from: the assembly and the docgen that reads it. */
export function apiDocsStamp() {
  return sha256(fs.readFileSync(path.join(root, '.jsii')), fs.readFileSync(path.join(root, 'node_modules', 'jsii-docgen', 'package.json')));
}

/** lib/API.md: the API reference jsii-docgen makes from the current assembly, which tests/docs compares with the
 * committed API.md (`npm run api-docs` writes that one); skipped when neither the assembly nor the docgen changed. */
function apiDocs() {
  const out = path.join(root, 'lib', 'API.md');
  const stampFile = path.join(root, 'lib', '.api-md-stamp');
  const stamp = apiDocsStamp();
  if (fs.existsSync(out) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    console.log('build: lib/API.md is up to date');
    return;
  }
  fs.rmSync(stampFile, { force: true });
  run(path.join(root, 'node_modules', '.bin', 'jsii-docgen'), ['-o', out]);
  fs.writeFileSync(stampFile, stamp);
}

// Run as a script (not imported by a benchmark for `packAndShrink`).
if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  const args = new Set(process.argv.slice(2));
  writeManifest();
  if (!args.has('--manifest')) {
    await bundleHandlers();
    buildCore();
    if (!args.has('--no-ts')) {
      compileTs();
      apiDocs();
    }
  }
}
