#!/usr/bin/env node
// Why Cargo.toml's release profile says opt-level "z" rather than "s": builds the core both ways, shrinks each as
// the shipped build is (wasm-bindgen + wasm-opt -Oz, scripts/build.mjs), and measures them side by side in one
// run, alternating — size, load + first synthesis in fresh node processes, steady synthesis — as ratios z / s.
// Writes bench/results/opt-level.md. Each level builds into its own target/opt-level-<level>/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { bindAndShrink } from '../scripts/build.mjs';
import { alternatingFreshMs, loadProbe, median, race } from './lib/measure.mjs';

const root = path.resolve(import.meta.dirname, '..');
const runs = 15;
const caseSpec = (name) => fs.readFileSync(path.join(root, 'tests', 'cases', name, 'spec.json'), 'utf8');
// 150 services (the outputs limit allows 200): the steady cost grows with the spec.
const manyServices = JSON.stringify({
  services: Object.fromEntries(
    Array.from({ length: 150 }, (_, i) => [`S${i}`, { image: `nginx:1.${i}`, cpu: 512, environment: { N: `${i}` } }]),
  ),
});
const specs = {
  'minimal-nginx': caseSpec('minimal-nginx'),
  everything: caseSpec('everything'),
  '150 services': manyServices,
};

function build(level) {
  const targetDir = path.join(root, 'target', `opt-level-${level}`);
  execFileSync('cargo', ['build', '--quiet', '--release', '--lib', '--target', 'wasm32-unknown-unknown'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CARGO_TARGET_DIR: targetDir, CARGO_PROFILE_RELEASE_OPT_LEVEL: level },
  });
  const out = path.join(targetDir, 'pkg-node');
  bindAndShrink(path.join(targetDir, 'wasm32-unknown-unknown', 'release', 'express_service_core.wasm'), out, 'nodejs');
  return out;
}

// Both built first, then measured side by side: fresh processes and warm batches alternate between them.
const levels = ['s', 'z'];
const outs = Object.fromEntries(levels.map((level) => [level, build(level)]));
const loadBefore = os.loadavg();
const js = (level) => path.join(outs[level], 'express_service_core.js');
const results = Object.fromEntries(levels.map((level) => [level, {}]));
for (const level of levels) {
  const wasm = fs.readFileSync(path.join(outs[level], 'express_service_core_bg.wasm'));
  results[level]['wasm raw (KB)'] = wasm.length / 1024;
  results[level]['wasm gzipped (KB)'] = zlib.gzipSync(wasm, { level: 9 }).length / 1024;
}
const fresh = alternatingFreshMs(Object.fromEntries(levels.map((l) => [l, loadProbe(js(l), specs['minimal-nginx'])])), runs);
for (const level of levels) {
  results[level][`require + first synthTemplate (ms, median of ${runs} processes)`] = median(fresh[level]);
}
const cores = Object.fromEntries(levels.map((l) => [l, createRequire(import.meta.url)(js(l))]));
for (const [name, spec] of Object.entries(specs)) {
  const r = race(Object.fromEntries(levels.map((l) => [l, () => cores[l].synthTemplate(spec)])), name === '150 services' ? 11 : 21);
  for (const level of levels) results[level][`steady synthTemplate, ${name} (µs)`] = r.us[level];
}
const loadAfter = os.loadavg();
const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');

const lines = [
  '# opt-level "s" and "z" side by side (bench/opt-level.mjs)',
  '',
  `${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown cpu'}, ` +
    `load average (1 / 5 / 15 min) ${load(loadBefore)} before the measurements, ${load(loadAfter)} after. Both built with LTO, ` +
    'one codegen unit, panic=abort, then wasm-bindgen + wasm-opt -Oz, as shipped; fresh processes and warm batches ' +
    'alternate between the two (specs as JSON text).',
  '',
  '| measure | "s" | "z" | z / s |',
  '|---|---|---|---|',
  ...Object.keys(results.s).map((k) => {
    const [s, z] = [results.s[k], results.z[k]];
    return `| ${k} | ${s.toFixed(1)} | ${z.toFixed(1)} | ${(z / s).toFixed(2)} |`;
  }),
  '',
];
const text = lines.join('\n');
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'opt-level.md'), text);
process.stdout.write(text);
