// Every spec the docs show — each ```yaml and ```json block of README.md and docs/*.md (shapes that are not
// specs use ```jsonc) — is run through the command line: it must parse and be valid, unless the page marks it
// `<!-- file: NAME (invalid) -->` for a console example that shows its errors, whose output is compared. And the spec's cpu table
// (docs/spec.md) lists exactly the sizes the core accepts, with exactly the memory each allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { blocks, pages, root } from './blocks.mjs';

const bin = path.join(root, 'lib', 'cli', 'bin.js');
const core = createRequire(path.join(root, 'package.json'))('cdk-express-service-core');
const specBlocks = pages().flatMap(blocks).filter((b) => (b.lang === 'yaml' || b.lang === 'json') && !b.template);

test('the docs show specs to test', () => {
  assert.ok(fs.existsSync(bin), 'lib/cli/bin.js is missing: run npm run build');
  assert.ok(specBlocks.length >= 1, 'no ```yaml or ```json block found');
});

for (const b of specBlocks.filter((b) => !b.invalid)) {
  test(`${b.page}:${b.line} (${b.lang}) is a valid spec for express-service`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-spec-'));
    try {
      const file = path.join(dir, `spec.${b.lang}`);
      fs.writeFileSync(file, b.text);
      for (const command of ['validate', 'synth']) {
        const r = spawnSync(process.execPath, [bin, command, file], { encoding: 'utf8' });
        assert.equal(r.status, 0, `express-service ${command} of ${b.page}:${b.line} exited with ${r.status}:\n${r.stdout}${r.stderr}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

// A console example that runs `express-service validate NAME` (or `lint NAME`, on a template) on a block the page
// names NAME prints what the page shows, line for line.
for (const page of pages()) {
  const all = blocks(page);
  const files = new Map(all.filter((b) => b.file).map((b) => [b.file, b]));
  for (const b of all.filter((b) => b.lang === 'console')) {
    for (const run of b.text.split(/^(?=\$ )/m)) {
      const [command, ...shown] = run.trimEnd().split('\n');
      const m = /^\$ express-service (validate|lint) (\S+)$/.exec(command);
      if (!m || !files.has(m[2])) continue;
      test(`${page}:${b.line}: ${command.slice(2)} prints what the page shows`, () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-console-'));
        try {
          fs.writeFileSync(path.join(dir, m[2]), files.get(m[2]).text);
          const r = spawnSync(process.execPath, [bin, m[1], m[2]], { cwd: dir, encoding: 'utf8' });
          assert.equal(r.status, files.get(m[2]).invalid ? 1 : 0, r.stderr);
          assert.equal(r.stdout.trimEnd(), shown.join('\n'));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
}

/** The sizes of the `memory` row of docs/spec.md (generated from the model): { cpu: Set of memory values }. */
function tableSizes() {
  const row = fs.readFileSync(path.join(root, 'docs', 'spec.md'), 'utf8').split('\n').find((l) => l.startsWith('| `memory` |'));
  assert.ok(row, 'docs/spec.md has no `memory` row');
  const sizes = new Map();
  // "256: 512, 1024, 2048; 512: 1024–4096 by 1024; …"
  for (const m of row.matchAll(/(\d+): ([\d, –]+?(?: by \d+)?)(?=[;(]| \(|\. )/g)) {
    const cpu = Number(m[1]);
    const range = /^(\d+)–(\d+) by (\d+)$/.exec(m[2].trim());
    const memories = new Set();
    if (range) {
      for (let v = Number(range[1]); v <= Number(range[2]); v += Number(range[3])) memories.add(v);
    } else {
      for (const v of m[2].split(',')) memories.add(Number(v.trim()));
    }
    sizes.set(cpu, memories);
  }
  return sizes;
}

test('docs/spec.md lists every cpu the core accepts, each with exactly the memory it allows', () => {
  const table = tableSizes();
  // The schema's own list of cpu sizes, and the core's verdict on each pair.
  const schemaCpus = core.schema().$defs.service.properties.cpu.anyOf.find((a) => a.enum).enum;
  assert.deepEqual([...table.keys()], schemaCpus, 'the table\'s cpu sizes are the schema\'s');
  const valid = (cpu, memory) => core.validate({ services: { Web: { image: 'nginx:1.27', cpu, memory } } }).valid;
  for (let cpu = 128; cpu <= 32768; cpu += 128) {
    assert.equal(table.has(cpu), valid(cpu, undefined), `cpu ${cpu}: ${table.has(cpu) ? 'in the table, refused by the core' : 'accepted by the core, not in the table'}`);
  }
  for (const [cpu, memories] of table) {
    for (let memory = 512; memory <= 131072; memory += 512) {
      assert.equal(valid(cpu, memory), memories.has(memory), `cpu ${cpu} with memory ${memory}: the table says ${memories.has(memory) ? 'valid' : 'invalid'}`);
    }
  }
});
