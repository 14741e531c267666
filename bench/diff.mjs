#!/usr/bin/env node
// `express-service diff old.json new.json` on two 30,000-resource templates, as whole processes, against the
// same command of the previous release (bench/lib/previous.mjs builds it): wall time, median of 5 runs each,
// alternating (the previous release runs twice only when one run takes more than 30 s). Then where the time
// of one run goes, stage by stage, in one process. Writes bench/results/diff.md. Run after `npm run build`.
// Takes minutes: each template is about 25 MB of JSON.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { bigTemplates } from './lib/inputs.mjs';
import { median } from './lib/measure.mjs';
import { PREVIOUS, previousRelease } from './lib/previous.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'lib', 'cli', 'bin.js');
if (!fs.existsSync(bin)) {
  console.error(`${bin} is missing: run npm run build first`);
  process.exit(2);
}
const runs = 5;
const previous = previousRelease();

// Written as cdk synth writes templates (one space of indentation).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-diff-'));
const files = bigTemplates(30000).map((t, i) => {
  const file = path.join(dir, i === 0 ? 'old.json' : 'new.json');
  fs.writeFileSync(file, JSON.stringify(t, null, 1));
  return file;
});
const mb = (fs.statSync(files[0]).size / 1048576).toFixed(1);

const loadBefore = os.loadavg();
const wall = { new: [], old: [] };
const outputs = {};
const once = (which) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [which === 'new' ? bin : previous.bin, 'diff', ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  // Exit 3: the diff has replacements and removals, as it should.
  if (r.status !== 3) throw new Error(`${which}: exit ${r.status}\n${r.stderr}`);
  outputs[which] = r.stdout;
  wall[which].push(s);
  console.error(`bench: diff, ${which} release: ${s.toFixed(2)} s`);
};
let oldRuns = runs;
for (let r = 0; wall.new.length < runs || wall.old.length < oldRuns; r++) {
  for (const which of r % 2 ? ['old', 'new'] : ['new', 'old']) {
    if (wall[which].length < (which === 'new' ? runs : oldRuns)) once(which);
    if (which === 'old' && wall.old.length === 1 && wall.old[0] > 30) oldRuns = 2;
  }
}
const loadAfter = os.loadavg();

// Where the time goes: the stages of one run, in this process (the CLI's own modules, the cores directly).
const stages = [];
const timed = (name, fn) => {
  const t0 = performance.now();
  const value = fn();
  stages.push([name, performance.now() - t0]);
  return value;
};
const req = createRequire(import.meta.url);
const { loadTemplate } = req(path.join(root, 'lib', 'cli', 'templates.js'));
const [before, after] = files.map((file, i) => timed(`CLI reads and parses ${i === 0 ? 'old' : 'new'}.json (JSON.parse, then the core's checkJson; no yaml document unless a diagnostic is placed)`, () => loadTemplate(file)));
const { parseDocument, LineCounter } = req('yaml');
const text = fs.readFileSync(files[0], 'utf8');
timed('old.json again: JSON.parse alone', () => JSON.parse(text));
timed('old.json again: yaml parseDocument alone (as the CLI calls it)', () =>
  parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true, version: '1.2', merge: true }));
for (const [which, js] of [['new', path.join(root, 'pkg', 'node', 'express_service_core.js')], ['old', previous.nodeJs]]) {
  const core = req(js);
  timed(`${which} core: diffTemplates, first call in the process`, () => core.diffTemplates(before.value, after.value));
  timed(`${which} core: diffTemplates, second call`, () => core.diffTemplates(before.value, after.value));
}
fs.rmSync(dir, { recursive: true, force: true });

const m = { new: median(wall.new), old: median(wall.old) };
const list = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
const lines = [
  '# `express-service diff` on two 30,000-resource templates (bench/diff.mjs)',
  '',
  `${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} × ${cpu}. Load average (1 / 5 / 15 min) ` +
    `${load(loadBefore)} before the whole-process runs, ${load(loadAfter)} after.`,
  '',
  `Two templates of 30,000 resources (${mb} MB of JSON each, one-space indentation as cdk synth writes): 14,999`,
  '`AWS::ECS::ExpressGatewayService` with their properties, 14,999 log groups, 2 roles; between them a tenth of the',
  'services change Cpu, a fiftieth their Tags (replacements), a hundredth their image, one in 200 is removed and as',
  'many are added. `node lib/cli/bin.js diff old.json new.json`, each run a fresh process, the two releases',
  `alternating. Both print the same report: ${outputs.new === outputs.old ? 'yes' : 'NO'}.`,
  '',
  '| CLI | runs (s) | median (s) |',
  '|---|---|---:|',
  `| this checkout | ${list(wall.new)} | ${m.new.toFixed(2)} |`,
  `| previous release (${PREVIOUS}) | ${list(wall.old)} | ${m.old.toFixed(2)} |`,
  '',
  `new / old: ${(m.new / m.old).toFixed(2)}. Target < 1 s: ${m.new < 1 ? 'met' : 'NOT met'}.`,
  '',
  '## Where the time goes (one process, after the runs above)',
  '',
  'The stages of one run, timed one after the other in this process, which by then holds both templates and their',
  'parsed documents (garbage collection weighs on the later rows).',
  '',
  '| stage | ms |',
  '|---|---:|',
  ...stages.map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} |`),
  '',
];
const text2 = lines.join('\n');
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'diff.md'), text2);
process.stdout.write(text2);
