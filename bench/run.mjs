#!/usr/bin/env node
// `npm run bench`: the side-by-side comparisons of bench/compare/, one after the other, into bench/RESULTS.md
// and the charts bench/*.svg (drawn here, bench/lib/svg.mjs). Run after `npm run build` (scripts/bench.sh does).
//   node bench/run.mjs                      every comparison, full size (about 7 minutes on 2 cores: cdk 2–3,
//                                           cli 1.5, core 1, playground 1, install 0.1)
//   node bench/run.mjs --only cli,core      some of them (cdk, cli, core, playground, install); RESULTS.md then holds those
//   node bench/run.mjs --quick --out DIR    tiny N, one run each, written to DIR: checks that the harness works
//                                           (tests/cli/bench.test.mjs), its figures mean nothing
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load, machine } from './lib/env.mjs';

const ALL = ['cdk', 'cli', 'core', 'playground', 'install'];
// Each comparison's module: bench/compare/<name>.mjs, but for the install size (bench/lib/install.mjs).
const MODULES = { install: './lib/install.mjs' };
const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } },
});
const only = values.only ? values.only.split(',') : ALL;
for (const name of only) if (!ALL.includes(name)) throw new Error(`--only: unknown comparison ${name}; valid: ${ALL.join(', ')}`);
const out = path.resolve(values.out ?? import.meta.dirname);
fs.mkdirSync(out, { recursive: true });

const env = machine();
const startLoad = load();
const sections = [];
for (const name of only) {
  const t0 = performance.now();
  console.error(`bench: ${name}${values.quick ? ' (quick)' : ''}, load average ${load()}`);
  const { run } = await import(MODULES[name] ?? `./compare/${name}.mjs`);
  const section = await run({ quick: values.quick });
  for (const [file, svg] of Object.entries(section.charts)) fs.writeFileSync(path.join(out, file), svg);
  sections.push({ ...section, seconds: (performance.now() - t0) / 1000 });
}

const targets = sections.flatMap((s) => s.targets);
const md = [
  '# Benchmarks, side by side',
  '',
  `Made by \`npm run bench\` (bench/run.mjs${values.quick ? ' --quick: tiny N, one run: NOT figures to quote' : ''}) on ${env.when}.`,
  '',
  `- Machine: ${env.cores} × ${env.cpu}, ${env.memoryGb} GB, ${env.os}`,
  `- Load average (1 / 5 / 15 min): ${startLoad} at the start, ${load()} at the end. The machine is shared with other`,
  '  builds: every comparison alternates its contenders within one run and reports medians, so that a change of',
  '  load falls on all of them alike; absolute times vary from run to run, ratios much less.',
  `- node ${env.node}, ${env.rustc}; ${Object.entries(env.packages).map(([n, v]) => `${n} ${v}`).join(', ')}`,
  '',
  '## Targets',
  '',
  '| target | measured | met |',
  '|---|---|---|',
  ...targets.map((t) => `| ${t.name} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
  '',
  ...sections.flatMap((s) => [
    `## ${s.title}`,
    '',
    ...Object.keys(s.charts).map((file) => `![${file}](${file})`),
    '',
    s.markdown,
    '',
    `(${s.seconds.toFixed(0)} s)`,
    '',
  ]),
].join('\n');
fs.writeFileSync(path.join(out, 'RESULTS.md'), md);
console.log(md);
