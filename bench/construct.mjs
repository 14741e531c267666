#!/usr/bin/env node
// Construct benchmark: what ExpressService costs a CDK app — the time to construct N services (props -> core ->
// L1 resources) and to synthesize the stack, against the same number of hand-written L1 services as a
// baseline (CfnResource of the same type, no checks, no roles). Writes bench/results/construct.md.
//   node bench/construct.mjs          (after `npm run build`)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const cdk = require('aws-cdk-lib');
const loadStart = performance.now();
const { ExpressService, ExpressImage } = require(path.join(root, 'lib')); // loads and instantiates the WASM core
const load = performance.now() - loadStart;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t) => `${t.toFixed(1)} ms`;

function run(n, make) {
  const app = new cdk.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-construct-')) });
  const stack = new cdk.Stack(app, 'Bench');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) make(stack, `Svc${i}`);
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { construct: t1 - t0, synth: t2 - t1 };
}

const express = (stack, id) => new ExpressService(stack, id, { image: ExpressImage.fromRegistry('nginx:1.27'), cpu: 512, memory: 1024 });
const l1 = (stack, id) =>
  new cdk.CfnResource(stack, id, {
    type: 'AWS::ECS::ExpressGatewayService',
    properties: { InfrastructureRoleArn: 'arn:aws:iam::123456789012:role/infra', PrimaryContainer: { Image: 'nginx:1.27' }, Cpu: '512', Memory: '1024' },
  });

run(5, express); // warm-up: module loading, the WASM instance
const rows = [];
for (const n of [1, 10, 50]) {
  const reps = n === 50 ? 5 : 9;
  const e = Array.from({ length: reps }, () => run(n, express));
  const b = Array.from({ length: reps }, () => run(n, l1));
  rows.push(
    `| ${n} | ${ms(median(e.map((r) => r.construct)))} (${ms(median(e.map((r) => r.construct)) / n)} each) | ${ms(median(e.map((r) => r.synth)))} | ${ms(median(b.map((r) => r.construct)))} | ${ms(median(b.map((r) => r.synth)))} |`,
  );
}

const out = `# Construct benchmark (bench/construct.mjs)

${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0].model}, aws-cdk-lib ${require('aws-cdk-lib/package.json').version}

Medians of 9 runs (5 for 50 services), after a warm-up; a fresh App each run. Loading the package (with\nthe WASM core, aws-cdk-lib already loaded): ${ms(load)}.

| services | ExpressService: construct | ExpressService: app.synth() | plain L1 CfnResource: construct | plain L1: app.synth() |
|---|---|---|---|---|
${rows.join('\n')}

The construct's own cost per service (a core call, the L1 resources, role imports) next to a bare L1
resource; synthesis includes the aspects and validation every CDK app runs.
`;
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'construct.md'), out);
process.stdout.write(out);
