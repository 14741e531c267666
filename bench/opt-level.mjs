#!/usr/bin/env node
// Why Cargo.toml's release profile says opt-level "z" rather than "s": builds the core both ways, shrinks each as
// the shipped build is (wasm-pack build + wasm-opt -Oz, scripts/build.mjs), and measures them side by side in one
// run — size, load + first synthesis in fresh node processes, steady synthesis — reported as ratios z / s.
// Writes bench/results/opt-level.md. Each level builds into its own target/opt-level-<level>/.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { packAndShrink } from '../scripts/build.mjs';
import { freshProcessMs, loadProbe, median, steadyUs } from './lib/measure.mjs';

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
  const out = path.join(targetDir, 'pkg-node');
  packAndShrink(out, 'nodejs', { ...process.env, CARGO_TARGET_DIR: targetDir, CARGO_PROFILE_RELEASE_OPT_LEVEL: level });
  return out;
}

const loadBefore = os.loadavg()[0];
const results = {};
for (const level of ['s', 'z']) {
  const out = build(level);
  const wasm = fs.readFileSync(path.join(out, 'express_service_core_bg.wasm'));
  const js = path.join(out, 'express_service_core.js');
  const core = createRequire(import.meta.url)(js);
  const r = {
    'wasm raw (KB)': wasm.length / 1024,
    'wasm gzipped (KB)': zlib.gzipSync(wasm, { level: 9 }).length / 1024,
    'require + first synthTemplate (ms, median of 15 processes)': median(freshProcessMs(loadProbe(js, specs['minimal-nginx']), runs)),
  };
  for (const [name, spec] of Object.entries(specs)) {
    r[`steady synthTemplate, ${name} (µs)`] = steadyUs(core, spec, name === '150 services' ? 20 : 200);
  }
  results[level] = r;
}

const lines = [
  '# opt-level "s" and "z" side by side (bench/opt-level.mjs)',
  '',
  `${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown cpu'}, ` +
    `load average ${loadBefore.toFixed(1)} before the run. Both built with LTO, one codegen unit, panic=abort, then ` +
    'wasm-pack build + wasm-opt -Oz, as shipped.',
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
