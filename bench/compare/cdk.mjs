// 1. CDK synth, whole process: N services in one stack made three ways (bench/compare/cdk-app.cjs): the
// construct, the seed's way (the raw L1 resource with two hand-made roles and an output each) and
// aws-ecs-patterns' ApplicationLoadBalancedFargateService. Each N in one run, the contenders alternating round
// by round; medians. Also the template's bytes, resources and outputs, peak RSS, and the most services each
// fits in one stack (CloudFormation: 500 resources, 200 outputs), computed from the resources per service and
// then synthesized.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from '../lib/env.mjs';
import { median } from '../lib/measure.mjs';
import { barChart, lineChart } from '../lib/svg.mjs';

const app = path.join(import.meta.dirname, 'cdk-app.cjs');
export const CONTENDERS = {
  express: 'ExpressService',
  seed: "the seed's way (L1 + 2 roles + output)",
  alb: 'ApplicationLoadBalancedFargateService',
};
const LIMITS = { resources: 500, outputs: 200 };
// The issue's goals for the construct against the seed's way, whole process: at most 1.10× at every N, and no
// slower (1.00×) from LARGE_N services on, where the per-service work outweighs loading the core.
const GOAL_EVERY_N = 1.1;
const GOAL_LARGE = 1.0;
const LARGE_N = 50;
// The construct groups the URL outputs once one per service would pass 200 (README, "450 services"): outputs
// do not limit it. The others write theirs per service.
const GROUPS_OUTPUTS = new Set(['express']);

/** One whole-process synth: `{ wallMs, inProcessMs, peakRssMb, bytes, resources, outputs }`. */
function synth(contender, n) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-cdk-${contender}-`));
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [app, contender, String(n), outdir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${contender} N=${n}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
    const probe = JSON.parse(r.stdout.trim().split('\n').pop());
    const text = fs.readFileSync(probe.template, 'utf8');
    const template = JSON.parse(text);
    return {
      wallMs,
      inProcessMs: probe.loadMs + probe.synthMs,
      cpuMs: probe.cpuMs.load + probe.cpuMs.construct + probe.cpuMs.synth,
      peakRssMb: probe.peakRssKb / 1024,
      bytes: Buffer.byteLength(text),
      resources: Object.keys(template.Resources ?? {}).length,
      outputs: Object.keys(template.Outputs ?? {}).length,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs every contender at each N of `sizes(contender)`, `rounds` times, alternating. */
function measure(plan, rounds) {
  const results = {};
  const ns = [...new Set(Object.values(plan).flat())].sort((a, b) => a - b);
  for (const n of ns) {
    const who = Object.keys(plan).filter((c) => plan[c].includes(n));
    const runs = Object.fromEntries(who.map((c) => [c, []]));
    for (let r = 0; r < rounds; r++) {
      // Rotate the order each round so that no contender always runs first (or after the same one).
      const order = who.map((_, i) => who[(i + r) % who.length]);
      for (const c of order) runs[c].push(synth(c, n));
    }
    for (const c of who) {
      const list = runs[c];
      results[c] ??= {};
      results[c][n] = {
        wallMs: median(list.map((x) => x.wallMs)),
        inProcessMs: median(list.map((x) => x.inProcessMs)),
        cpuMs: median(list.map((x) => x.cpuMs)),
        peakRssMb: median(list.map((x) => x.peakRssMb)),
        bytes: list[0].bytes,
        resources: list[0].resources,
        outputs: list[0].outputs,
        runs: list.length,
      };
    }
  }
  return results;
}

export async function run({ quick }) {
  const loadBefore = load();
  const rounds = quick ? 1 : 5;
  // The issue's table names N = 1, 10 and 50 (≤ 1.10× at each; 1.00× from 50 on); 100 and the most each
  // contender fits in one stack beside them.
  const base = quick ? [1, 2] : [1, 10, 50, 100, 450];
  // First the two smallest N, to learn what one more service costs each contender in resources and outputs.
  const probe = measure(Object.fromEntries(Object.keys(CONTENDERS).map((c) => [c, base.slice(0, 2)])), 1);
  const limits = {};
  for (const c of Object.keys(CONTENDERS)) {
    const [a, b] = base.slice(0, 2).map((n) => probe[c][n]);
    const dn = base[1] - base[0];
    const perResource = (b.resources - a.resources) / dn;
    const perOutput = (b.outputs - a.outputs) / dn;
    const fixedResources = a.resources - perResource * base[0];
    const fixedOutputs = a.outputs - perOutput * base[0];
    const byResources = Math.floor((LIMITS.resources - fixedResources) / perResource);
    const byOutputs = perOutput > 0 && !GROUPS_OUTPUTS.has(c) ? Math.floor((LIMITS.outputs - fixedOutputs) / perOutput) : Infinity;
    limits[c] = { perResource, perOutput, fixedResources, fixedOutputs, byResources, byOutputs, max: Math.min(byResources, byOutputs) };
  }
  const plan = Object.fromEntries(
    Object.keys(CONTENDERS).map((c) => [c, [...new Set([...base.filter((n) => n <= limits[c].max), ...(quick ? [] : [limits[c].max])])]]),
  );
  const results = measure(plan, rounds);
  // The most services each fits: did the template at that N keep within both limits?
  for (const c of Object.keys(CONTENDERS)) {
    const at = results[c][limits[c].max];
    if (at) limits[c].checked = at.resources <= LIMITS.resources && at.outputs <= LIMITS.outputs;
  }
  const loadAfter = load();

  const ns = [...new Set(Object.values(plan).flat())].sort((a, b) => a - b);
  const cell = (c, n, f) => (results[c]?.[n] ? f(results[c][n]) : '—');
  const ms = (x) => `${x.toFixed(0)} ms`;
  const names = Object.keys(CONTENDERS);
  const ratio = (n, key) => (results.express?.[n] && results.seed?.[n] ? results.express[n][key] / results.seed[n][key] : undefined);
  const equalNs = ns.filter((n) => ratio(n, 'wallMs') !== undefined);
  const worstWall = Math.max(...equalNs.map((n) => ratio(n, 'wallMs')));
  const worstIn = Math.max(...equalNs.map((n) => ratio(n, 'inProcessMs')));
  const worstCpu = Math.max(...equalNs.map((n) => ratio(n, 'cpuMs')));
  const largeNs = equalNs.filter((n) => n >= LARGE_N);
  const worstLarge = Math.max(...largeNs.map((n) => ratio(n, 'wallMs')));
  const each = (ns, key) => ns.map((n) => `${n}: ${ratio(n, key).toFixed(2)}`).join(', ');

  const lines = [
    `Whole process: \`node bench/compare/cdk-app.cjs <contender> N <outdir>\`, the program \`cdk synth\` runs for an app`,
    `(load aws-cdk-lib, construct, \`app.synth()\` writing cdk.out), timed from spawn to exit; median of ${rounds} run${rounds > 1 ? 's' : ''} per`,
    `contender and N, the contenders alternating (their order rotated every round). "In process" is the app's own`,
    `time from its first line to the end of \`app.synth()\`; "CPU" its CPU time (all its threads), which a busy machine`,
    `disturbs less than wall time. Peak RSS: the process's maxRSS. Load average ${loadBefore} before, ${loadAfter} after.`,
    '',
    `| N | ${names.map((c) => CONTENDERS[c]).join(' | ')} | ExpressService ÷ seed's way (whole process) | (in process) | (in-process CPU) |`,
    `|---:|${names.map(() => '---:|').join('')}---:|---:|---:|`,
    ...ns.map(
      (n) =>
        `| ${n} | ${names.map((c) => cell(c, n, (r) => `${ms(r.wallMs)} (${ms(r.inProcessMs)} in process, ${ms(r.cpuMs)} CPU)`)).join(' | ')} | ${ratio(n, 'wallMs')?.toFixed(2) ?? '—'} | ${ratio(n, 'inProcessMs')?.toFixed(2) ?? '—'} | ${ratio(n, 'cpuMs')?.toFixed(2) ?? '—'} |`,
    ),
    '',
    '| N | template bytes | resources | outputs | peak RSS |',
    '|---:|---|---|---|---|',
    ...ns.map((n) => {
      const each = (f) => names.map((c) => cell(c, n, f)).join(' / ');
      return `| ${n} | ${each((r) => `${(r.bytes / 1024).toFixed(0)} KB`)} | ${each((r) => r.resources)} | ${each((r) => r.outputs)} | ${each((r) => `${r.peakRssMb.toFixed(0)} MB`)} |`;
    }),
    '',
    `(each cell: ${names.map((c) => CONTENDERS[c]).join(' / ')}; — where N is past what the contender fits in one stack)`,
    '',
    '| | resources per service | outputs per service | shared resources | most services in one stack | limited by | checked at that N |',
    '|---|---:|---:|---:|---:|---|---|',
    ...names.map((c) => {
      const l = limits[c];
      const by = l.byResources <= l.byOutputs ? `${LIMITS.resources} resources` : `${LIMITS.outputs} outputs`;
      const checked = l.checked === undefined ? 'not run' : l.checked ? `yes (${results[c][l.max].resources} resources, ${results[c][l.max].outputs} outputs)` : 'NO';
      return `| ${CONTENDERS[c]} | ${l.perResource.toFixed(1)} | ${l.perOutput.toFixed(1)} | ${l.fixedResources.toFixed(0)} | ${l.max} | ${by} | ${checked} |`;
    }),
    '',
    "ExpressService's outputs: one URL output per service while they fit in CloudFormation's 200, then grouped",
    '(`ExpressServiceUrls1`, …), so outputs never limit it; the seed\'s way and the pattern write one output (two for',
    'the pattern) per service.',
  ];

  const series = (key) => names.map((c) => ({ name: CONTENDERS[c], points: Object.entries(results[c] ?? {}).map(([n, r]) => [Number(n), r[key]]) }));
  const charts = {
    'cdk-synth.svg': lineChart({
      title: 'CDK synth, whole process (node app.js)',
      subtitle: `median of ${rounds}, contenders alternating; each line ends at the most services its stack holds`,
      xLabel: 'services in one stack (N, log scale)',
      yLabel: 'milliseconds',
      logX: true,
      series: series('wallMs'),
    }),
    'cdk-limits.svg': barChart({
      title: 'One stack: resources per service, most services per stack',
      subtitle: `CloudFormation allows ${LIMITS.resources} resources and ${LIMITS.outputs} outputs per stack`,
      yLabel: 'count (log scale)',
      logY: true,
      groups: ['resources per service', 'most services per stack', 'peak RSS at N = 10 (MB)'],
      series: names.map((c) => ({
        name: CONTENDERS[c],
        values: [limits[c].perResource, limits[c].max, results[c]?.[base[1]]?.peakRssMb ?? null],
      })),
    }),
  };
  return {
    title: '1. CDK synth, whole process',
    markdown: lines.join('\n'),
    charts,
    targets: [
      {
        name: `ExpressService synth ≤ ${GOAL_EVERY_N.toFixed(2)}× the seed's way at every N (whole process)`,
        measured: `${worstWall.toFixed(2)}× at worst (N = ${each(equalNs, 'wallMs')})`,
        met: worstWall <= GOAL_EVERY_N,
      },
      {
        name: `ExpressService synth ≤ ${GOAL_LARGE.toFixed(2)}× the seed's way at N ≥ ${LARGE_N} (whole process)`,
        measured: largeNs.length === 0 ? `not measured (no N ≥ ${LARGE_N} in this run)` : `${worstLarge.toFixed(2)}× at worst (N = ${each(largeNs, 'wallMs')})`,
        met: largeNs.length > 0 && worstLarge <= GOAL_LARGE,
      },
      {
        name: "  the same, in process (load + construct + synth, no node start-up)",
        measured: `${worstIn.toFixed(2)}× at worst (N = ${each(equalNs, 'inProcessMs')})`,
        met: worstIn <= GOAL_EVERY_N,
      },
      {
        name: '  the same, CPU time in process (what a busy machine disturbs least)',
        measured: `${worstCpu.toFixed(2)}× at worst (N = ${each(equalNs, 'cpuMs')})`,
        met: worstCpu <= GOAL_EVERY_N,
      },
    ],
    data: { results, limits },
  };
}
