#!/usr/bin/env node
// The shipped core: .wasm size (raw, gzipped) and the cost a CLI run or a CDK synth pays for it — load plus the
// first synthesis, measured inside fresh node processes (median of several) — plus the steady-state synthesis
// time. Prints a table and writes bench/results/core.md. Run after `npm run build` (`npm run bench` does).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { freshProcessMs, loadProbe, median, steadyUs } from './lib/measure.mjs';

const root = path.resolve(import.meta.dirname, '..');
const pkg = path.join(root, 'pkg');
const nodeJs = path.join(pkg, 'node', 'express_service_core.js');
const webJs = path.join(pkg, 'web', 'express_service_core.js');
const webWasm = path.join(pkg, 'web', 'express_service_core_bg.wasm');
const runs = 15;
const targets = { wasmKb: 150, loadAndFirstSynthMs: 20 };

const caseSpec = (name) => fs.readFileSync(path.join(root, 'tests', 'cases', name, 'spec.json'), 'utf8');
const smallSpec = caseSpec('minimal-nginx');
const bigSpec = caseSpec('everything');

// Each probe runs in a fresh node process and prints the milliseconds from just before loading the module to
// just after the first synthTemplate returned (node's own start-up is not counted).
const probes = {
  'node build: require + first synthTemplate': loadProbe(nodeJs, smallSpec),
  'web build: import + initSync + first synthTemplate': `
    const t0 = performance.now();
    import(${JSON.stringify(webJs)}).then((core) => {
      core.initSync({ module: require('node:fs').readFileSync(${JSON.stringify(webWasm)}) });
      core.synthTemplate(${JSON.stringify(smallSpec)});
      process.stdout.write(String(performance.now() - t0));
    });`,
};

const loadBefore = os.loadavg()[0];
const rows = [];
const verdicts = [];

for (const build of ['node', 'web']) {
  for (const file of ['express_service_core_bg.wasm', 'express_service_core.js']) {
    const bytes = fs.readFileSync(path.join(pkg, build, file));
    const raw = bytes.length / 1024;
    const gz = zlib.gzipSync(bytes, { level: 9 }).length / 1024;
    rows.push([`size: pkg/${build}/${file}`, `${raw.toFixed(1)} KB raw, ${gz.toFixed(1)} KB gzipped`]);
    if (file.endsWith('.wasm') && build === 'node') {
      verdicts.push([`wasm ≤ ${targets.wasmKb} KB raw`, raw <= targets.wasmKb, `${raw.toFixed(1)} KB`]);
    }
  }
}

for (const [name, source] of Object.entries(probes)) {
  const times = freshProcessMs(source, runs);
  const m = median(times);
  rows.push([name, `median ${m.toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, ${runs} processes)`]);
  verdicts.push([`${name.split(':')[0]}: load + first synth ≤ ${targets.loadAndFirstSynthMs} ms`, m <= targets.loadAndFirstSynthMs, `${m.toFixed(1)} ms`]);
}

const core = createRequire(import.meta.url)(nodeJs);
rows.push(['steady synthTemplate, minimal-nginx (1 service)', `${steadyUs(core, smallSpec).toFixed(0)} µs`]);
rows.push(['steady synthTemplate, everything (all options)', `${steadyUs(core, bigSpec).toFixed(0)} µs`]);

const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
const lines = [
  '# Core benchmark (bench/core.mjs)',
  '',
  `${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} × ${cpu}, core ${core.version()}, ` +
    `load average ${loadBefore.toFixed(1)} before the run (timings are noisy on a busy machine)`,
  '',
  '| measure | result |',
  '|---|---|',
  ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  '',
  '| target | met | measured |',
  '|---|---|---|',
  ...verdicts.map(([k, ok, v]) => `| ${k} | ${ok ? 'yes' : 'NO'} | ${v} |`),
  '',
];
const text = lines.join('\n');
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'core.md'), text);
process.stdout.write(text);
