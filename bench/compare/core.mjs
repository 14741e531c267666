// 3. The core: synthesis natively (bench/native.rs, `cargo bench`) and the same call through WebAssembly in
// node (bench/compare/wasm-probe.cjs), on the same spec files of 1 to 450 services; the module's load in
// fresh processes (read, compile, instantiate, first call); its size; and 100,000 calls in one instance, RSS
// sampled along the way.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { load } from '../lib/env.mjs';
import { manyServicesSpec } from '../lib/inputs.mjs';
import { median } from '../lib/measure.mjs';
import { barChart, lineChart } from '../lib/svg.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const probe = path.join(import.meta.dirname, 'wasm-probe.cjs');
const wasmFile = path.join(root, 'pkg', 'node', 'express_service_core_bg.wasm');
// The issue's goals: the module (node build) at most 250 KB raw and 110 KB gzipped; synthesis in node at most
// 5 times what V8 takes to write the template it returns as JSON (the floor: no template can be made faster
// than it is written), at 50 and at 450 services.
const SIZE_GOAL = { raw: 250 * 1024, gzipped: 110 * 1024 };
const FLOOR_GOAL = 5;
const FLOOR_NS = [50, 450];

/** Median µs of `JSON.stringify(template)` over batches for `budget` ms, warmed up as the probe warms the core. */
function stringifyUs(template, budget) {
  for (let i = 0; i < 20; i++) JSON.stringify(template);
  const t0 = performance.now();
  JSON.stringify(template);
  const once = Math.max(performance.now() - t0, 0.001);
  const batch = Math.max(1, Math.round(budget / 10 / once));
  const times = [];
  const started = performance.now();
  while (times.length < 7 || performance.now() - started < budget) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) JSON.stringify(template);
    times.push(((performance.now() - t) / batch) * 1000);
  }
  return median(times);
}

const json = (text) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
function node(args) {
  const r = spawnSync(process.execPath, [probe, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`wasm-probe ${args[0]}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
  return json(r.stdout);
}

/** Least squares t = a + b·N; `{ a, b, r2 }`. */
function fit(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxy = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const b = sxy / sxx;
  const a = my - b * mx;
  const ssr = points.reduce((s, p) => s + (p[1] - (a + b * p[0])) ** 2, 0);
  const sst = points.reduce((s, p) => s + (p[1] - my) ** 2, 0);
  return { a, b, r2: 1 - ssr / sst };
}

export async function run({ quick }) {
  const loadBefore = load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-core-'));
  const sizes = quick ? [1, 2] : [1, 10, 50, 100, 200, 450];
  const files = sizes.map((n) => {
    const file = path.join(dir, `spec-${n}.json`);
    fs.writeFileSync(file, JSON.stringify(manyServicesSpec(n)));
    return file;
  });
  const budget = quick ? 20 : 250;
  try {
    // Native and WASM alternate spec by spec (which goes first alternates too), over several passes; each
    // figure is the median of its passes' medians, so that a burst of load elsewhere moves one pass only.
    const passes = quick ? 1 : 3;
    const nativeRuns = Object.fromEntries(sizes.map((n) => [n, []]));
    const wasmRuns = Object.fromEntries(sizes.map((n) => [n, []]));
    let wasmFirstCallMs;
    // cargo's bench profile is the release profile (opt-level "z", as the shipped module); quick: dev.
    const cargo = (file) =>
      json(
        execFileSync('cargo', ['bench', '--quiet', ...(quick ? ['--profile', 'dev'] : []), '--bench', 'native', '--', '--budget-ms', String(budget), file], {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      )[0];
    for (let p = 0; p < passes; p++) {
      sizes.forEach((n, i) => {
        const runNative = () => nativeRuns[n].push(cargo(files[i]));
        const runWasm = () => {
          const out = node(['synth', String(budget), files[i]]);
          wasmRuns[n].push(out[0]);
          wasmFirstCallMs ??= out[1].firstCallMs;
        };
        if ((i + p) % 2) [runNative, runWasm].forEach((f) => f());
        else [runWasm, runNative].forEach((f) => f());
      });
    }
    const pick = (runs) => ({ ...runs[0], medianUs: median(runs.map((r) => r.medianUs)), minUs: Math.min(...runs.map((r) => r.minUs)) });
    const native = Object.fromEntries(sizes.map((n) => [n, pick(nativeRuns[n])]));
    const wasm = Object.fromEntries(sizes.map((n) => [n, pick(wasmRuns[n])]));
    const nativeFirstUs = native[sizes[0]].firstUs;

    // The floor: V8 writing each template (as the core returns it, an object) as JSON, in this process.
    const core = createRequire(import.meta.url)(path.join(root, 'pkg', 'node', 'express_service_core.js'));
    const floorNs = quick ? sizes : FLOOR_NS.filter((n) => sizes.includes(n));
    const floor = Object.fromEntries(
      floorNs.map((n) => {
        const us = stringifyUs(core.synthTemplate(JSON.parse(fs.readFileSync(files[sizes.indexOf(n)], 'utf8'))).template, budget);
        return [n, { stringifyUs: us, ratio: wasm[n].medianUs / us }];
      }),
    );
    const worstFloor = Math.max(...floorNs.map((n) => floor[n].ratio));

    // Loading the module: fresh processes.
    const loads = Array.from({ length: quick ? 1 : 15 }, () => node(['load', files[0]])[0]);
    const lm = (k) => median(loads.map((l) => l[k]));
    const bytes = fs.readFileSync(wasmFile);
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;

    // Memory: many calls in one instance.
    const calls = quick ? 400 : 100000;
    const memory = node(['memory', files[0], String(calls), String(calls / 50)])[0];
    const s = memory.samples;
    const at = (k) => s.find((x) => x.calls >= k) ?? s[s.length - 1];
    const tenth = at(calls / 10);
    const last = s[s.length - 1];
    const rssGrowth = last.rssMb - tenth.rssMb;
    const wasmGrowth = last.wasmMb - tenth.wasmMb;
    const bounded = wasmGrowth <= 1 && rssGrowth <= 16;
    const loadAfter = load();

    const nf = fit(sizes.map((n) => [n, native[n].medianUs / 1000]));
    const wf = fit(sizes.map((n) => [n, wasm[n].medianUs / 1000]));
    const per = (r, n) => (r[n].medianUs / n).toFixed(0);
    const big = sizes[sizes.length - 1];
    // Linear: one service more costs as much in a big spec as in a small one (within noise: 25 %). The cost of a
    // service more, between the two largest sizes, against that between the second and the middle size (the
    // smallest spec is left out: the call's fixed part weighs most there). Quadratic growth would make it ~6.
    const slope = (r, a, b) => (r[b].medianUs - r[a].medianUs) / (b - a);
    const [lo1, lo2] = sizes.length > 2 ? [sizes[1], sizes[Math.floor(sizes.length / 2)]] : sizes;
    const [hi1, hi2] = sizes.slice(-2);
    const growth = (r) => slope(r, hi1, hi2) / slope(r, lo1, lo2);
    const mid = `${lo1}–${lo2}`;
    const md = [
      `Spec files of N services (bench/lib/inputs.mjs: image nginx:1.27, cpu 512, three environment variables, no`,
      `output each). Native: \`cargo bench --bench native\` (bench/native.rs; the release profile, opt-level "z" like the`,
      'shipped module), `synth_template` on the parsed spec. WASM: the shipped node build (pkg/node) in node, `synthTemplate(spec)`',
      'with the spec as a JS object, as the construct and the CLI pass it; default V8 flags, warmed up. Each: median µs',
      `per call over batches for ${budget} ms, in ${passes} passes over the sizes, native and WASM alternating spec by spec; the median of`,
      `the passes. Load average ${loadBefore} before, ${loadAfter} after.`,
      '',
      '| N services | native | per service | WASM in node | per service | WASM ÷ native | template |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...sizes.map(
        (n) =>
          `| ${n} | ${(native[n].medianUs / 1000).toFixed(2)} ms | ${per(native, n)} µs | ${(wasm[n].medianUs / 1000).toFixed(2)} ms | ${per(wasm, n)} µs | ${(wasm[n].medianUs / native[n].medianUs).toFixed(2)} | ${(wasm[n].templateBytes / 1024).toFixed(0)} KB |`,
      ),
      '',
      `Growth from 1 to ${big} services: a straight line fits both (least squares t = a + b·N): native a = ${nf.a.toFixed(2)} ms,`,
      `b = ${(nf.b * 1000).toFixed(0)} µs a service, R² = ${nf.r2.toFixed(4)}; WASM a = ${wf.a.toFixed(2)} ms, b = ${(wf.b * 1000).toFixed(0)} µs a service, R² = ${wf.r2.toFixed(4)}.`,
      `The cost of one service more between ${hi1} and ${hi2} services against between ${mid}: native ${growth(native).toFixed(2)}×, WASM ${growth(wasm).toFixed(2)}× (1.00 = linear; quadratic would be about 6).`,
      '',
      `The floor: \`JSON.stringify\` of the template object \`synthTemplate\` returns, in node (median µs over batches for ${budget} ms, warmed up):`,
      '',
      '| N services | WASM synthTemplate | JSON.stringify of its template | ratio |',
      '|---:|---:|---:|---:|',
      ...floorNs.map((n) => `| ${n} | ${(wasm[n].medianUs / 1000).toFixed(2)} ms | ${(floor[n].stringifyUs / 1000).toFixed(2)} ms | ${floor[n].ratio.toFixed(1)}× |`),
      '',
      '| loading the module (node build) | median |',
      '|---|---:|',
      `| size of pkg/node/express_service_core_bg.wasm | ${(bytes.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (level 9) |`,
      `| read the .wasm | ${lm('readMs').toFixed(2)} ms |`,
      `| compile (\`new WebAssembly.Module\`: node compiles functions lazily, so mostly decoding and validation) | ${lm('compileMs').toFixed(2)} ms |`,
      `| instantiate (\`new WebAssembly.Instance\`) | ${lm('instantiateMs').toFixed(2)} ms |`,
      `| the module's start function | ${lm('startMs').toFixed(2)} ms |`,
      `| first \`synthTemplate\` of one service (compiles the functions it reaches) | ${lm('firstSynthMs').toFixed(2)} ms |`,
      `| the same natively, first call in the process | ${(nativeFirstUs / 1000).toFixed(2)} ms |`,
      '',
      `(${loads.length} fresh processes; the glue timed in place, bench/compare/wasm-probe.cjs.)`,
      '',
      `### ${calls.toLocaleString('en')} synthTemplate calls in one instance`,
      '',
      `One-service spec, ${memory.seconds.toFixed(1)} s. Sampled every ${(calls / 50).toLocaleString('en')} calls:`,
      '',
      '| calls | RSS | JS heap used | WASM linear memory |',
      '|---:|---:|---:|---:|',
      ...[0, calls / 100, calls / 10, calls / 4, calls / 2, (3 * calls) / 4, calls].map((k) => {
        const x = at(k);
        return `| ${x.calls.toLocaleString('en')} | ${x.rssMb.toFixed(1)} MB | ${x.heapMb.toFixed(1)} MB | ${x.wasmMb.toFixed(2)} MB |`;
      }),
      '',
      `From ${tenth.calls.toLocaleString('en')} to ${last.calls.toLocaleString('en')} calls: RSS ${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(1)} MB, linear memory ${wasmGrowth >= 0 ? '+' : ''}${wasmGrowth.toFixed(2)} MB; peak RSS ${memory.peakRssMb.toFixed(0)} MB.`,
      'A linear memory never shrinks: one that stops growing after warm-up is an allocator reusing what it freed.',
    ];
    const charts = {
      'core-growth.svg': lineChart({
        title: 'Core: synthesis time by number of services',
        subtitle: 'median per call; a straight line is linear growth',
        xLabel: 'services in the spec (N)',
        yLabel: 'milliseconds per call',
        series: [
          { name: 'WASM in node (synthTemplate)', points: sizes.map((n) => [n, wasm[n].medianUs / 1000]) },
          { name: 'native (synth_template)', points: sizes.map((n) => [n, native[n].medianUs / 1000]) },
        ],
      }),
      'core-memory.svg': lineChart({
        title: `Core: memory over ${calls.toLocaleString('en')} synthTemplate calls, one instance`,
        subtitle: 'one-service spec; process RSS, JS heap in use, WASM linear memory',
        xLabel: 'calls',
        yLabel: 'MB',
        legendAt: 'right',
        series: [
          { name: 'RSS', points: s.map((x) => [x.calls, x.rssMb]) },
          { name: 'JS heap used', points: s.map((x) => [x.calls, x.heapMb]) },
          { name: 'WASM linear memory', points: s.map((x) => [x.calls, x.wasmMb]) },
        ],
      }),
      'core-load.svg': barChart({
        title: 'Core: loading the node build, then the first call',
        subtitle: `median of ${loads.length} fresh processes; module ${(bytes.length / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzipped`,
        yLabel: 'milliseconds',
        groups: ['read', 'compile', 'instantiate', 'start', 'first synthTemplate'],
        series: [{ name: 'node build, default V8 flags', values: ['readMs', 'compileMs', 'instantiateMs', 'startMs', 'firstSynthMs'].map(lm) }],
        valueLabel: (v) => v.toFixed(1),
      }),
    };
    return {
      title: '3. The core: native and WASM, load, growth, memory',
      markdown: md.join('\n'),
      charts,
      targets: [
        {
          name: `the core module (node build) ≤ ${SIZE_GOAL.raw / 1024} KB raw and ≤ ${SIZE_GOAL.gzipped / 1024} KB gzipped`,
          measured: `${(bytes.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (level 9)`,
          met: bytes.length <= SIZE_GOAL.raw && gz <= SIZE_GOAL.gzipped,
        },
        {
          name: `core synth in node ≤ ${FLOOR_GOAL}× JSON.stringify of the template it returns (N = ${floorNs.join(', ')})`,
          measured: `${worstFloor.toFixed(1)}× at worst (${floorNs.map((n) => `N = ${n}: ${(wasm[n].medianUs / 1000).toFixed(2)} ms ÷ ${(floor[n].stringifyUs / 1000).toFixed(2)} ms = ${floor[n].ratio.toFixed(1)}×`).join('; ')})`,
          met: worstFloor <= FLOOR_GOAL,
        },
        {
          name: `${calls.toLocaleString('en')} synthesize calls in one WASM instance stay bounded`,
          measured: `RSS ${tenth.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB and linear memory ${tenth.wasmMb.toFixed(2)} → ${last.wasmMb.toFixed(2)} MB from call ${tenth.calls.toLocaleString('en')} to ${last.calls.toLocaleString('en')}`,
          met: bounded,
        },
        {
          name: `synthesis grows linearly from 1 to ${big} services (one service more costs the same, ±25 %, in a big spec)`,
          measured: `a service more at ${hi1}–${hi2} ÷ at ${mid}: ${growth(wasm).toFixed(2)} (WASM), ${growth(native).toFixed(2)} (native); straight-line fit R² ${wf.r2.toFixed(3)}, ${nf.r2.toFixed(3)}`,
          met: growth(wasm) <= 1.25 && growth(native) <= 1.25,
        },
      ],
      data: { native, wasm, loads, memory, floor },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
