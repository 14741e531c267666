#!/usr/bin/env node
// The shipped core: .wasm size (raw, gzipped) and the cost a CLI run or a CDK synth pays for it — load plus the
// first synthesis, measured inside fresh node processes (median of several) — plus the steady-state synthesis
// time. Then the same core against the previous release (bench/lib/previous.mjs builds it), side by side in one
// run, alternating: size, load + first synthesis, warm calls; ratios new / old. Prints the tables and writes
// bench/results/core.md. Run after `npm run build` (`npm run bench` does).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { manyServicesSpec } from './lib/inputs.mjs';
import { alternatingFreshMs, freshProcessMs, loadProbe, median, race, steadyUs } from './lib/measure.mjs';
import { PREVIOUS, previousRelease } from './lib/previous.mjs';

const root = path.resolve(import.meta.dirname, '..');
const pkg = path.join(root, 'pkg');
const nodeJs = path.join(pkg, 'node', 'express_service_core.js');
const webJs = path.join(pkg, 'web', 'express_service_core.js');
const webWasm = path.join(pkg, 'web', 'express_service_core_bg.wasm');
const runs = 15;
const targets = { wasmKb: 200, wasmGzKb: 90, loadAndFirstSynthMs: 20 };

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

const previous = previousRelease();
const loadBefore = os.loadavg();
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
      verdicts.push([`wasm ≤ ${targets.wasmGzKb} KB gzipped`, gz <= targets.wasmGzKb, `${gz.toFixed(1)} KB`]);
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

// Against the previous release: one process holds both modules; fresh processes alternate between them.
const old = createRequire(import.meta.url)(previous.nodeJs);
const releaseRows = [];
const kbOf = (file) => {
  const bytes = fs.readFileSync(file);
  return [bytes.length / 1024, zlib.gzipSync(bytes, { level: 9 }).length / 1024];
};
const [newWasm, oldWasm] = [path.join(pkg, 'node', 'express_service_core_bg.wasm'), previous.wasm].map(kbOf);
releaseRows.push(['wasm raw (KB)', newWasm[0], oldWasm[0], 1]);
releaseRows.push(['wasm gzipped (KB)', newWasm[1], oldWasm[1], 1]);
const fresh = alternatingFreshMs({ new: loadProbe(nodeJs, smallSpec), old: loadProbe(previous.nodeJs, smallSpec) }, runs);
releaseRows.push([`require + first synthTemplate, minimal-nginx (ms, median of ${runs} fresh processes each)`, median(fresh.new), median(fresh.old), 1]);

// Warm calls take the spec as a JS object, as the construct and the CLI pass it.
const many = manyServicesSpec(450);
const warm = [
  ['synthTemplate, minimal-nginx', 'synthTemplate', JSON.parse(smallSpec), 21],
  ['synthTemplate, everything', 'synthTemplate', JSON.parse(bigSpec), 21],
  ['synthTemplate, 450 services', 'synthTemplate', many, 11],
  ['validate, 450 services', 'validate', many, 11],
  ['explain, 450 services', 'explain', many, 11],
];
const sameTemplate = ['synthTemplate, minimal-nginx', 'synthTemplate, everything', 'synthTemplate, 450 services'].map((name) => {
  const spec = warm.find((w) => w[0] === name)[2];
  return [name.split(', ')[1], core.synthTemplate(spec).json === old.synthTemplate(spec).json];
});
for (const [name, fn, spec, rounds] of warm) {
  const r = race({ new: () => core[fn](spec), old: () => old[fn](spec) }, rounds);
  releaseRows.push([`warm ${name} (µs, median of ${rounds} batches of ${r.batch})`, r.us.new, r.us.old, 0]);
}
const loadAfter = os.loadavg();
const ratio = (name) => {
  const row = releaseRows.find((r) => r[0].startsWith(name));
  return row[1] / row[2];
};
// "Not slower" allows 5 % of noise.
for (const name of ['warm synthTemplate, minimal-nginx', 'warm synthTemplate, everything', 'warm synthTemplate, 450 services']) {
  verdicts.push([`${name.slice(5)}: not slower than ${PREVIOUS} (new / old ≤ 1.05)`, ratio(name) <= 1.05, `${ratio(name).toFixed(2)}`]);
}

const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
const lines = [
  '# Core benchmark (bench/core.mjs)',
  '',
  `${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} × ${cpu}, core ${core.version()}, ` +
    `load average (1 / 5 / 15 min) ${load(loadBefore)} before the run, ${load(loadAfter)} after (timings are noisy on a busy machine)`,
  '',
  '| measure | result |',
  '|---|---|',
  ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  '',
  `## Against the previous release (${PREVIOUS})`,
  '',
  `${PREVIOUS}: its own JSON parser and writer and its own allocator. Built as the shipped core is (cargo --release, then`,
  'wasm-bindgen + wasm-opt -Oz), both node builds loaded in this one process; warm calls race in batches, alternating',
  'their order, specs passed as JS objects. 450 services: image nginx:1.27, output false, 3 environment variables each.',
  `Same template text from both: ${sameTemplate.map(([n, ok]) => `${n} ${ok ? 'yes' : 'NO'}`).join(', ')}.`,
  '',
  '| measure | new | old | new / old |',
  '|---|---:|---:|---:|',
  ...releaseRows.map(([k, n, o, digits]) => `| ${k} | ${n.toFixed(digits)} | ${o.toFixed(digits)} | ${(n / o).toFixed(2)} |`),
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
