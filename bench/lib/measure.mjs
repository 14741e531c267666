// Timing helpers shared by the benchmarks (this folder is not run by scripts/bench.sh).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The milliseconds from loading the node build at `js` to the end of its first synthTemplate of `spec`. */
export function loadProbe(js, spec) {
  return `
    const t0 = performance.now();
    const core = require(${JSON.stringify(js)});
    core.synthTemplate(${JSON.stringify(spec)});
    process.stdout.write(String(performance.now() - t0));`;
}

/** Runs each of several CommonJS scripts (each prints one number) in fresh node processes, as a CLI or a cdk
 * app would load the core: one process of each per round, their order alternating round by round, so that a
 * change of load falls on all of them. `{ name: ms[] }`. */
export function alternatingFreshMs(sources, runs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const names = Object.keys(sources);
  const files = Object.fromEntries(
    names.map((name, i) => {
      const file = path.join(dir, `probe-${i}.cjs`);
      fs.writeFileSync(file, sources[name]);
      return [name, file];
    }),
  );
  const times = Object.fromEntries(names.map((n) => [n, []]));
  try {
    for (let r = 0; r < runs; r++) {
      for (const name of r % 2 ? [...names].reverse() : names) {
        times[name].push(Number(execFileSync(process.execPath, [files[name]], { encoding: 'utf8' })));
      }
    }
    return times;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Races warm functions in one process: warm-up calls, then `rounds` batches of each (one batch size for
 * all, about `targetMs` of the slowest), their order alternating round by round. `{ batch, us: { name: µs
 * per call, median over the rounds } }`. */
export function race(contenders, rounds, targetMs = 40) {
  const names = Object.keys(contenders);
  let sink = 0;
  let slowest = 0;
  for (const name of names) {
    // A call of more than 100 ms is warm after one call; a short one gets a few more.
    let t0 = performance.now();
    sink += contenders[name]() ? 1 : 0;
    const first = performance.now() - t0;
    const calls = first > 100 ? 1 : 5;
    if (first <= 100) for (let i = 0; i < 3; i++) sink += contenders[name]() ? 1 : 0;
    t0 = performance.now();
    for (let i = 0; i < calls; i++) sink += contenders[name]() ? 1 : 0;
    slowest = Math.max(slowest, (performance.now() - t0) / calls);
  }
  const batch = Math.max(1, Math.round(targetMs / slowest));
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) {
      const fn = contenders[name];
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0;
      times[name].push(((performance.now() - t0) / batch) * 1000);
    }
  }
  if (sink < 0) console.log(sink);
  return { batch, us: Object.fromEntries(names.map((n) => [n, median(times[n])])) };
}
