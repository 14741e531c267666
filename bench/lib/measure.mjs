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

/** Runs `source` as a CommonJS script (as a CLI or a cdk app would load the core) in `runs` fresh node
 * processes; the script prints one number, returned per run. */
export function freshProcessMs(source, runs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const file = path.join(dir, 'probe.cjs');
  fs.writeFileSync(file, source);
  try {
    return Array.from({ length: runs }, () => Number(execFileSync(process.execPath, [file], { encoding: 'utf8' })));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Microseconds per synthTemplate once warm (median of 5 batches of `batch`). */
export function steadyUs(core, specText, batch = 200) {
  for (let i = 0; i < Math.min(batch, 50); i++) core.synthTemplate(specText);
  const perBatch = Array.from({ length: 5 }, () => {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) core.synthTemplate(specText);
    return ((performance.now() - t0) / batch) * 1000;
  });
  return median(perBatch);
}

/** The milliseconds from loading the node build at `js` to the end of its first synthTemplate of `spec`. */
export function loadProbe(js, spec) {
  return `
    const t0 = performance.now();
    const core = require(${JSON.stringify(js)});
    core.synthTemplate(${JSON.stringify(spec)});
    process.stdout.write(String(performance.now() - t0));`;
}
