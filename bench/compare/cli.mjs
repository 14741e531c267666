// 2. The CLI against CDK for the same one-service template, whole process: `express-service synth` of a spec
// (the bundled command of the construct's package, the same command of the core package, and tsc's unbundled
// build of it) next to the CDK app of one ExpressService
// (bench/compare/cdk-app.cjs, as `cdk synth` runs it) and the CDK CLI itself, with bare `node -e 0` as the
// floor. One run: every contender once per round, the order rotated round by round; medians.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from '../lib/env.mjs';
import { median } from '../lib/measure.mjs';
import { barChart } from '../lib/svg.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const bundle = path.join(root, 'lib', 'cli', 'express-service.js');
const coreBin = path.join(root, 'pkg', 'cli', 'express-service.js');
const unbundled = path.join(root, 'lib', 'cli', 'bin.js');
const app = path.join(import.meta.dirname, 'cdk-app.cjs');
const cdkCli = path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const BUDGET_MS = 30;
// Each run's CPU time (user + system, every thread of the process), which unlike wall time does not count the
// waits for a CPU that other work on a busy machine causes: bash's `times` prints its children's to the
// millisecond (GNU time's %U %S only to 10 ms, too coarse for differences of a few ms).
const BASH = ['/bin/bash', '/usr/bin/bash'].find((f) => fs.existsSync(f));

export async function run({ quick }) {
  for (const f of [bundle, coreBin, unbundled]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  // One pinned service (no warning, so nothing needs placing in the text), as JSON and as YAML.
  const json = path.join(dir, 'web.json');
  const yamlFile = path.join(dir, 'web.yaml');
  fs.writeFileSync(json, JSON.stringify({ services: { Web: { image: 'nginx:1.27' } } }, null, 2) + '\n');
  fs.writeFileSync(yamlFile, 'services:\n  Web:\n    image: nginx:1.27\n');
  const out = path.join(dir, 'cdk.out');
  const contenders = {
    'node -e 0 (floor)': [process.execPath, ['-e', '0']],
    'express-service synth web.json': [process.execPath, [bundle, 'synth', json]],
    'the same, core package\'s bin (no CDK)': [process.execPath, [coreBin, 'synth', json]],
    'express-service validate web.json': [process.execPath, [bundle, 'validate', json]],
    'express-service synth web.yaml': [process.execPath, [bundle, 'synth', yamlFile]],
    'express-service --version': [process.execPath, [bundle, '--version']],
    'express-service --help': [process.execPath, [bundle, '--help']],
    'unbundled (tsc) bin.js synth web.json': [process.execPath, [unbundled, 'synth', json]],
    'CDK app, 1 ExpressService (node app.js)': [process.execPath, [app, 'express', '1', out]],
    'cdk synth (CDK CLI), same app': [
      process.execPath,
      [cdkCli, 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', out, '--app', `${process.execPath} ${app} express 1 ${out}`],
    ],
  };
  const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: '1', CDK_DISABLE_VERSION_CHECK: '1' };
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  const cpuFile = path.join(dir, 'cpu.txt');
  const rounds = quick ? 2 : 30;
  const loadBefore = load();
  try {
    for (let r = 0; r < rounds; r++) {
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const name of order) {
        // The CDK CLI takes seconds: every fifth round is enough for its median.
        if (name.startsWith('cdk synth') && r % 5 !== 0) continue;
        const [cmd, args] = contenders[name];
        // Every second round under bash for the CPU time (its own fork and exec would add to the wall time), the
        // others bare.
        const timed = BASH && r % 2 === 1;
        const script = '"$@" >/dev/null; s=$?; times >"$CPU_FILE"; exit $s';
        const [c, a] = timed ? [BASH, ['-c', script, 'bash', cmd, ...args]] : [cmd, args];
        const t0 = process.hrtime.bigint();
        const x = spawnSync(c, a, { encoding: 'utf8', env: { ...env, CPU_FILE: cpuFile }, cwd: dir, maxBuffer: 1 << 26 });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (x.status !== 0) throw new Error(`${name}: exit ${x.status}\n${x.stderr.slice(-2000)}`);
        if (timed) {
          // Two lines, the shell's own times then its children's: "0m0.048s 0m0.006s".
          const [user, sys] = fs.readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map((t) => {
            const [, m, sec] = /^(\d+)m([\d.]+)s$/.exec(t) ?? [];
            if (sec === undefined) throw new Error(`unexpected output of bash's times: ${t}`);
            return Number(m) * 60 + Number(sec);
          });
          cpu[name].push((user + sys) * 1000);
        } else {
          times[name].push(ms);
        }
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = load();
  const m = Object.fromEntries(names.map((n) => [n, median(times[n])]));
  const c = Object.fromEntries(names.map((n) => [n, cpu[n].length ? median(cpu[n]) : NaN]));
  const hasCpu = names.filter((n) => !n.startsWith('cdk synth')).every((n) => cpu[n].length > 0);
  const cpuOver = (n) => c[n] - c[names[0]];
  const floor = m[names[0]];
  const over = (n) => m[n] - floor;
  const table = [
    '| command (whole process) | wall: median | over `node -e 0` | fastest run | fastest over fastest `node -e 0` | CPU (user + sys): median | over `node -e 0` | runs (wall, CPU) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...names.map((n) => {
      const dash = n === names[0];
      const cpuCells = !hasCpu ? 'no bash | —' : cpu[n].length === 0 ? '— | —' : `${c[n].toFixed(0)} ms | ${dash ? '—' : `${cpuOver(n).toFixed(0)} ms`}`;
      return `| ${n} | ${m[n].toFixed(1)} ms | ${dash ? '—' : `${over(n).toFixed(1)} ms`} | ${Math.min(...times[n]).toFixed(1)} ms | ${dash ? '—' : `${(Math.min(...times[n]) - Math.min(...times[names[0]])).toFixed(1)} ms`} | ${cpuCells} | ${times[n].length}, ${cpu[n].length} |`;
    }),
  ];
  const cdkOver = over('CDK app, 1 ExpressService (node app.js)');
  const synthOver = over('express-service synth web.json');
  const validateOver = over('express-service validate web.json');
  const md = [
    `Spec: one service \`{ services: { Web: { image: nginx:1.27 } } }\` (JSON and the same as YAML); the CDK app makes`,
    'the same service with `new ExpressService(stack, \'Web\', { image })`: the same resources (CDK adds its metadata and',
    'bootstrap parameter, and hashes in logical IDs). Median of ' + rounds + ' rounds, contenders rotated each round (the CDK CLI every',
    `fifth round); the fastest run too, the least disturbed by other work on the machine. Every second round runs under`,
    "bash for the process's CPU time (user + system, all its threads; to the millisecond), which waiting for a CPU on a",
    `busy machine does not inflate; those rounds' wall times are left out. Load average ${loadBefore} before, ${loadAfter} after.`,
    '',
    ...table,
    '',
    `Over bare node, the CDK app adds ${cdkOver.toFixed(0)} ms, the CLI's JSON synth ${synthOver.toFixed(1)} ms. Where the command's`,
    'time goes (bench/results/profile-cli.md, cpu profiles): compiling the core\'s functions on their first call (Liftoff,',
    'about 185 KB of the module\'s code for one service) and decoding the module, node loading the bundle, the core\'s',
    'glue and its own stream modules; the synthesis itself takes 0.3 ms once compiled.',
  ];
  const short = {
    'node -e 0 (floor)': 'node -e 0',
    'express-service synth web.json': 'synth .json',
    'the same, core package\'s bin (no CDK)': 'core pkg synth',
    'express-service validate web.json': 'validate .json',
    'express-service synth web.yaml': 'synth .yaml',
    'express-service --version': '--version',
    'express-service --help': '--help',
    'unbundled (tsc) bin.js synth web.json': 'tsc build synth',
    'CDK app, 1 ExpressService (node app.js)': 'CDK app',
  };
  const shown = names.filter((n) => short[n]);
  const chart = barChart({
    title: 'CLI vs CDK: one service, whole process',
    subtitle: `median of ${rounds}; cdk synth (the CDK CLI) on the same app: ${m[names[names.length - 1]].toFixed(0)} ms`,
    yLabel: 'milliseconds',
    groups: shown.map((n) => short[n]),
    series: [{ name: `express-service (bundled) and node -e 0, the CDK app of one ExpressService`, values: shown.map((n) => m[n]) }],
    valueLabel: (v) => v.toFixed(0),
  });
  return {
    title: '2. CLI vs CDK, one service, whole process',
    markdown: md.join('\n'),
    charts: { 'cli-vs-cdk.svg': chart },
    targets: [
      {
        name: `CLI synth of a one-service JSON spec ≤ ${BUDGET_MS} ms over \`node -e 0\` (wall, median)`,
        measured: `${synthOver.toFixed(1)} ms (node -e 0: ${floor.toFixed(1)} ms)${hasCpu ? `; CPU time ${cpuOver('express-service synth web.json').toFixed(0)} ms over node's` : ''}`,
        met: synthOver <= BUDGET_MS,
      },
      {
        // The issue's budget was set where `node -e 0` took about 53 ms: 30 ms is 0.57 of node's own start-up. The
        // same share on this machine, whatever its speed or load, as a second reading (not the target itself).
        name: `  the same as a share of node's own start-up (${BUDGET_MS} ms of the 53 ms \`node -e 0\` took when the target was set: ${(BUDGET_MS / 53).toFixed(2)})`,
        measured: `${(synthOver / floor).toFixed(2)} of node -e 0 (wall)${hasCpu ? `, ${(cpuOver('express-service synth web.json') / c[names[0]]).toFixed(2)} (CPU time)` : ''}`,
        met: synthOver / floor <= BUDGET_MS / 53,
      },
      {
        name: `CLI validate of a one-service JSON spec ≤ ${BUDGET_MS} ms over \`node -e 0\` (wall, median)`,
        measured: `${validateOver.toFixed(1)} ms${hasCpu ? `; CPU time ${cpuOver('express-service validate web.json').toFixed(0)} ms over node's` : ''}`,
        met: validateOver <= BUDGET_MS,
      },
    ],
    data: { medians: m },
  };
}
