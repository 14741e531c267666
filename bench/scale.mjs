#!/usr/bin/env node
// Hundreds of services: how synthesis grows from 50 to 450 services in one stack, for the construct (construct +
// app.synth(), in process) and the CLI (`express-service synth` of a spec, a fresh process each), side by side
// with a baseline in the same run: the same number of bare L1 resources of the service's type (no roles, no
// checks: what writing the L1 by hand costs CDK), and `node -e 0` for the CLI. Contenders alternate run by run
// and the figures are medians. Writes bench/results/scale.md. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './lib/measure.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const cdk = require('aws-cdk-lib');
const { ExpressService, ExpressImage, ExpressWaf } = require(path.join(root, 'lib'));
const bin = path.join(root, 'lib', 'cli', 'express-service.js'); // the package's bin (bundled)
const SIZES = [50, 150, 450];
const image = ExpressImage.fromRegistry('nginx:1.27');

/** Milliseconds to construct `n` services with `make` and synthesize the app. */
function cdkRun(n, make) {
  const app = new cdk.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-')) });
  const stack = new cdk.Stack(app, 'Bench', { env: { account: '123456789012', region: 'eu-west-1' } });
  const t0 = performance.now();
  make(stack, n);
  app.synth();
  const ms = performance.now() - t0;
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return ms;
}

const contenders = {
  'ExpressService, default props': (stack, n) => {
    for (let i = 0; i < n; i++) new ExpressService(stack, `Svc${i}`, { image });
  },
  'ExpressService, one shared ExpressWaf': (stack, n) => {
    const waf = ExpressWaf.managedRules();
    for (let i = 0; i < n; i++) new ExpressService(stack, `Svc${i}`, { image, waf });
  },
  'bare L1 (baseline)': (stack, n) => {
    for (let i = 0; i < n; i++) {
      new cdk.CfnResource(stack, `Svc${i}`, {
        type: 'AWS::ECS::ExpressGatewayService',
        properties: { InfrastructureRoleArn: 'arn:aws:iam::123456789012:role/infra', PrimaryContainer: { Image: 'nginx:1.27' } },
      });
    }
  },
};

for (const make of Object.values(contenders)) cdkRun(20, make); // warm-up
const cdkTimes = {};
for (const n of SIZES) {
  const runs = n >= 450 ? 5 : 7;
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    const order = Object.keys(contenders);
    if (r % 2) order.reverse();
    for (const name of order) times[name].push(cdkRun(n, contenders[name]));
  }
  cdkTimes[n] = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

// The CLI: a fresh process per run, alternating with bare node.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-cli-'));
const specFile = (n) => {
  const file = path.join(dir, `spec-${n}.json`);
  const services = Object.fromEntries(Array.from({ length: n }, (_, i) => [`Svc${i}`, { image: 'nginx:1.27' }]));
  fs.writeFileSync(file, JSON.stringify({ services }));
  return file;
};
const wall = (args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const cliTimes = {};
for (const n of SIZES) {
  const file = specFile(n);
  const cli = [];
  const bare = [];
  for (let r = 0; r < 9; r++) {
    if (r % 2) {
      bare.push(wall(['-e', '0']));
      cli.push(wall([bin, 'synth', file]));
    } else {
      cli.push(wall([bin, 'synth', file]));
      bare.push(wall(['-e', '0']));
    }
  }
  cliTimes[n] = { cli: median(cli), bare: median(bare) };
}
fs.rmSync(dir, { recursive: true, force: true });

const f = (ms) => `${ms.toFixed(0)} ms`;
const per = (ms, n) => `${(ms / n).toFixed(2)} ms`;
const names = Object.keys(contenders);
const base = 'bare L1 (baseline)';
const cdkRows = SIZES.map(
  (n) => `| ${n} | ${names.map((k) => `${f(cdkTimes[n][k])} (${per(cdkTimes[n][k], n)} each)`).join(' | ')} | ${(cdkTimes[n][names[0]] / cdkTimes[n][base]).toFixed(1)}× |`,
);
const growth = (k) => (cdkTimes[450][k] / cdkTimes[50][k]).toFixed(1);
const cliRows = SIZES.map((n) => `| ${n} | ${f(cliTimes[n].cli)} | ${f(cliTimes[n].bare)} | ${f(cliTimes[n].cli - cliTimes[n].bare)} | ${((cliTimes[n].cli - cliTimes[n].bare) / n).toFixed(2)} ms |`);
const cliGrowth = ((cliTimes[450].cli - cliTimes[450].bare) / (cliTimes[50].cli - cliTimes[50].bare)).toFixed(1);

const out = `# Scale benchmark (bench/scale.mjs)

${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0].model}, aws-cdk-lib ${require('aws-cdk-lib/package.json').version}

## Construct: construct the services and \`app.synth()\` (in process)

Medians of 7 runs (5 at 450), contenders alternating, after a warm-up; a fresh App each run.

| services | ${names.join(' | ')} | ExpressService ÷ bare L1 |
|---|${names.map(() => '---|').join('')}---|
${cdkRows.join('\n')}

From 50 to 450 services (9× as many) the time grows ${growth(names[0])}× with default props, ${growth(names[1])}× with one
shared ExpressWaf, and ${growth(base)}× for the bare L1 resources: linear would be 9×.

## CLI: \`express-service synth\` of a spec of N services (fresh process)

Medians of 9 runs, alternating with \`node -e 0\`.

| services | synth | node -e 0 | synth − node | per service |
|---|---:|---:|---:|---:|
${cliRows.join('\n')}

From 50 to 450 services the CLI's own time grows ${cliGrowth}×.
`;
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'scale.md'), out);
process.stdout.write(out);
