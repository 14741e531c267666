#!/usr/bin/env node
// The command line's cost to a user or a CI step: wall time of one `express-service <command>` in a fresh
// process (median of several), next to a bare `node -e 0`, so the part the CLI adds (loading yaml and the
// core, reading, synthesizing, printing) stands out. Writes bench/results/cli.md. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'lib', 'cli', 'express-service.js'); // the package's bin (bundled)
const runs = 15;
if (!fs.existsSync(bin)) {
  console.error(`${bin} is missing: run npm run build first`);
  process.exit(2);
}

const everything = path.join(root, 'tests/cases/everything/spec.json');
const minimal = path.join(root, 'examples/specs/minimal-nginx.yaml');
const template = path.join(root, 'tests/cases/everything/template.json');
const cases = {
  'node -e 0 (baseline)': ['-e', '0'],
  'synth minimal-nginx.yaml': [bin, 'synth', minimal],
  'synth everything (JSON)': [bin, 'synth', everything],
  'synth everything --format yaml': [bin, 'synth', everything, '--format', 'yaml'],
  'validate everything --json': [bin, 'validate', everything, '--json'],
  'explain everything': [bin, 'explain', everything],
  'diff template template': [bin, 'diff', template, template],
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const rows = [];
let baseline = 0;
for (const [name, args] of Object.entries(cases)) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`);
  }
  const ms = median(times);
  if (rows.length === 0) baseline = ms;
  rows.push({ name, ms, added: ms - baseline });
}

const table = [
  '| command (fresh process) | median wall ms | over bare node |',
  '|---|---:|---:|',
  ...rows.map((r) => `| ${r.name} | ${r.ms.toFixed(1)} | ${r.added.toFixed(1)} |`),
].join('\n');
const text = `# CLI wall time\n\n${runs} runs each, median; node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}).\n\n${table}\n`;
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'cli.md'), text);
console.log(text);
