// The benchmark harness runs (`npm run bench`'s bench/run.mjs, every comparison at tiny N, one run each, into a
// temporary folder): it writes RESULTS.md with each comparison and its targets, and well-formed SVG charts.
// Nothing here looks at a time: figures from one tiny run mean nothing, and the machine is shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './installed.mjs';

test('bench/run.mjs --quick: every comparison, its table, its targets and its charts', { timeout: 600_000 }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'));
  try {
    const r = spawnSync(process.execPath, [path.join(root, 'bench/run.mjs'), '--quick', '--out', out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr.slice(-4000));
    const md = fs.readFileSync(path.join(out, 'RESULTS.md'), 'utf8');
    for (const heading of ['## Targets', '## 1. CDK synth', '## 2. CLI vs CDK', '## 3. The core', '## 4. Playground']) {
      assert.ok(md.includes(heading), `RESULTS.md has no "${heading}"`);
    }
    assert.match(md, /Load average \(1 \/ 5 \/ 15 min\): [\d.]+ \/ [\d.]+ \/ [\d.]+/);
    // Every contender of the CDK comparison at both tiny N, and the limits table.
    for (const n of [1, 2]) assert.match(md, new RegExp(`^\\| ${n} \\| \\d+ ms .*\\| \\d+ ms .*\\| \\d+ ms .*\\|`, 'm'));
    assert.match(md, /\| ExpressService \| 1\.0 \| 1\.0 \| 2 \| 498 \| 500 resources \|/);
    const targets = md.split('## Targets')[1].split('\n## ')[0];
    for (const t of ["the seed's way", 'CLI synth', 'CLI validate', 'stay bounded', 'linearly', '50 services']) {
      assert.match(targets, new RegExp(`\\| [^|]*${t}[^|]* \\| [^|]+ \\| (yes|\\*\\*no\\*\\*) \\|`), `no target row for "${t}"`);
    }
    const charts = fs.readdirSync(out).filter((f) => f.endsWith('.svg')).sort();
    assert.deepEqual(charts, ['cdk-limits.svg', 'cdk-synth.svg', 'cli-vs-cdk.svg', 'core-growth.svg', 'core-load.svg', 'core-memory.svg', 'playground.svg']);
    for (const file of charts) {
      const svg = fs.readFileSync(path.join(out, file), 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/, file);
      assert.ok(svg.trimEnd().endsWith('</svg>'), file);
      assert.doesNotMatch(svg, /NaN|undefined|Infinity/, `${file} drew a value that is not a number`);
      assert.match(svg, /<(polyline|rect x)/, `${file} draws nothing`);
      assert.ok(md.includes(`](${file})`), `RESULTS.md does not show ${file}`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
