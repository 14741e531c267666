// The Python judge (oracle.py) as a co-process: botocore's models and the Service Authorization Reference,
// asked by JSON lines. One per test file; stopped by the test's `after`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { python } from './env.mjs';

const script = fileURLToPath(new URL('./oracle.py', import.meta.url));

export async function startOracle() {
  const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = new Map();
  let next = 0;
  let ready;
  const started = new Promise((resolve, reject) => {
    ready = resolve;
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`oracle.py exited with ${code} before it was ready`)));
  });
  lines.on('line', (line) => {
    const msg = JSON.parse(line);
    if (msg.ready) return ready(msg);
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error) w?.reject(new Error(`oracle.py: ${msg.error}`));
    else w?.resolve(msg);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`oracle.py exited with ${code}`));
    waiting.clear();
  });
  const info = await withTimeout(started, 60_000, 'oracle.py did not start in 60 s');
  return {
    info,
    ask(op, body = {}) {
      const id = next++;
      return withTimeout(
        new Promise((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          child.stdin.write(JSON.stringify({ op, id, ...body }) + '\n');
        }),
        60_000,
        `oracle.py gave no answer to ${op} in 60 s`,
      );
    },
    stop() {
      child.stdin.end();
      child.kill();
    },
  };
}

export function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
