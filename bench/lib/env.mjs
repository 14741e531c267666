// What a benchmark ran on, for bench/RESULTS.md: machine, versions, date, load average.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(root, 'package.json'));

const version = (name) => {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return 'not installed';
  }
};
const tool = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return 'not found';
  }
};

/** `{ when, cpu, cores, memoryGb, os, node, rustc, packages: { name: version } }` */
export function machine() {
  const release = fs.existsSync('/etc/os-release') ? /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  return {
    when: new Date().toISOString().replace(/:\d\d\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${release ?? os.type()} (${os.release()})`,
    node: process.version,
    rustc: tool('rustc', ['--version']),
    packages: Object.fromEntries(['aws-cdk-lib', 'aws-cdk', 'constructs', 'esbuild', 'yaml', 'playwright-core', 'vite'].map((n) => [n, version(n)])),
  };
}

/** The 1, 5 and 15 minute load averages, as "1.23 / 1.10 / 0.98". */
export function load() {
  return os.loadavg().map((x) => x.toFixed(2)).join(' / ');
}
