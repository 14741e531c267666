// The templates the installed command writes, in both formats, pass cfn-lint (from scripts/setup.sh --tests):
// YAML output is a different text of the same template, read by a different (YAML 1.1) parser.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cases, install, root, specs } from './installed.mjs';

const cfnLint = path.join(root, '.venv/bin/cfn-lint');

let cli;
before(() => {
  cli = install();
});
after(() => cli?.cleanup());

test('synth --format json and --format yaml outputs pass cfn-lint', () => {
  assert.ok(fs.existsSync(cfnLint), `${cfnLint} is missing: run bash scripts/setup.sh --tests`);
  const inputs = [
    ...fs.readdirSync(cases).map((n) => path.join(cases, n, 'spec.json')).filter((f) => fs.existsSync(f)),
    ...fs.readdirSync(specs).filter((f) => f.endsWith('.yaml')).map((f) => path.join(specs, f)),
  ];
  const outputs = [];
  inputs.forEach((input, i) => {
    for (const format of ['json', 'yaml']) {
      const out = path.join(cli.work, `t${i}.${format}`);
      const r = cli.run(['synth', input, '--format', format, '-o', out]);
      assert.equal(r.status, 0, `${input}: ${r.stderr}`);
      outputs.push(out);
    }
  });
  const lint = spawnSync(cfnLint, outputs, { encoding: 'utf8' });
  // cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational. Only informational is fine.
  assert.equal(lint.status & ~8, 0, `cfn-lint exited ${lint.status}:\n${lint.stdout}${lint.stderr}`);
});
