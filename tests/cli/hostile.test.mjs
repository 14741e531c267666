// The hostile corpus (tests/hostile/) through the installed command: every case, JSON and YAML, read from a
// file by `express-service validate --json` (the installed package's `main`, in this process: 214 node
// start-ups would add a minute for nothing), and the cases its reader refuses by the command itself. Each
// gets its diagnostic at its path and the exit code of an invalid (or warned-about) spec; neither stream
// holds a stack trace or a library's own words.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { leak, mismatch, specCases } from '../hostile/corpus.mjs';
import { assertNoTrace, install } from './installed.mjs';

const run = promisify(execFile);
const cases = specCases().filter(([, want]) => want.cli?.skip === undefined);

let cli;
before(() => {
  cli = install();
});
after(() => cli?.cleanup());

/** Runs the command; its exit code and output (a non-zero exit is an answer here, not a failure). */
async function express(args) {
  try {
    const r = await run(cli.bin, args, { cwd: cli.work, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { status: 0, ...r };
  } catch (e) {
    if (typeof e.code !== 'number') throw e;
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs `work` over `items`, `width` at a time. */
async function pool(items, width, work) {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

test('every case of the corpus gets its diagnostic from the command', () => {
  assert.ok(cases.length >= 150, `${cases.length} cases`);
  const { main } = createRequire(path.join(cli.prefix, 'index.js'))('cdk-express-service/lib/cli/main');
  const failures = [];
  for (const [file, want, text] of cases) {
    const input = path.join(cli.work, file);
    fs.writeFileSync(input, text);
    const out = [];
    const err = [];
    const status = main(['validate', '--json', input], { out: (t) => out.push(t), err: (t) => err.push(t) });
    const [stdout, stderr] = [out.join(''), err.join('')];
    try {
      assertNoTrace(stdout);
      assertNoTrace(stderr);
      assert.equal(status, want.kind === 'warning' ? 0 : want.kind === 'any' ? status : 1, `exit ${status}: ${stderr}`);
      const result = JSON.parse(stdout);
      const why = mismatch(want, result.errors, result.warnings, 'cli');
      assert.equal(why, undefined, why);
      for (const d of [...result.errors, ...result.warnings]) assert.equal(leak(d.message), undefined, d.message);
      if (want.notMessage) assert.ok(!stdout.includes(want.notMessage), `says "${want.notMessage}"`);
    } catch (e) {
      failures.push(`${file}: ${e.message.split('\n')[0]}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('what the reader refuses is told in our words on the terminal too', async () => {
  const readerCases = cases.filter(([, want]) => want.reader);
  assert.ok(readerCases.length >= 15, `${readerCases.length} reader cases`);
  const failures = [];
  await pool(readerCases, 3, async ([file, , text]) => {
    const input = path.join(cli.work, `shown-${file}`);
    fs.writeFileSync(input, text);
    for (const command of ['validate', 'synth']) {
      const r = await express([command, input]);
      const shown = r.stdout + r.stderr;
      if (r.status !== 1) failures.push(`${command} ${file}: exit ${r.status}`);
      if (leak(shown)) failures.push(`${command} ${file}: ${leak(shown)} in ${shown.slice(0, 300)}`);
      if (!shown.includes(`shown-${file}`)) failures.push(`${command} ${file}: the file is not named`);
    }
  });
  assert.deepEqual(failures, []);
});
