// The shipped .d.ts is generated from the Rust types (tsify); this holds it to what the core really returns.
// Every kind of result the core makes, for every golden case and for failures, is written into a TypeScript
// file as a literal of its declared type and compiled with tsc --strict: a field the Rust side sends but the
// declarations lack (an excess property), one they require but it leaves out, or a string outside a declared
// union fails the compile. The declarations themselves are compiled too (a type named by a function but never
// generated fails there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builds, cases, pkgDir, root, thrown } from './builds.mjs';

const [, core] = builds[0];
const declarations = path.join(pkgDir, 'node', 'express_service_core.d.ts');

/** `[type, value]`: every result kind, from every golden case and from rejected input. */
function results() {
  const out = [];
  const specs = cases().map((c) => JSON.parse(c.specText));
  specs.push({ services: { Web: { image: 'nginx', cpu: 256, memory: 256, tags: { team: 'a' } } } });
  for (const spec of specs) {
    out.push(['ValidationReport', core.validate(spec)]);
    out.push(['ValidationReport', core.checkStack(spec)]);
    const report = core.validate(spec);
    if (!report.valid) continue;
    out.push(['SynthResult', core.synthTemplate(spec)]);
    out.push(['Explanation', core.explain(spec)]);
    out.push(['SynthExplained', core.synthExplain(spec)]);
    for (const name of Object.keys(spec.services)) out.push(['Fragment', core.synthService(spec, name)]);
  }
  // Stack-wide findings carry `service` and `related`.
  out.push(['ValidationReport', core.checkStack({ services: { A: { image: 'nginx:1', serviceName: 'x' }, B: { image: 'nginx:1', serviceName: 'x' } } })]);
  out.push(['ValidationReport', core.checkTags({ 'aws:x': 'y', team: 'a\u0001' })]);
  out.push(['ValidationReport', core.validate('{"services": {')]);
  const [a, b] = ['minimal-nginx', 'everything'].map((n) => JSON.parse(cases().find((c) => c.name === n).template));
  const changed = structuredClone(a);
  const [id] = Object.keys(changed.Resources).filter((k) => changed.Resources[k].Type.endsWith('ExpressGatewayService'));
  changed.Resources[id].Properties.ServiceName = 'renamed';
  changed.Resources[id].Properties.Cpu = '1024';
  out.push(['TemplateDiff', core.diffTemplates(a, changed)]);
  out.push(['TemplateDiff', core.diffTemplates(a, b)]);
  out.push(['TemplateDiff', core.diffTemplates(b, a)]);
  const err = thrown(() => core.synthTemplate({ services: { Web: { image: 'nginx:1', cpu: 3 } } }));
  out.push(['Diagnostic[]', err.diagnostics], ['Diagnostic[]', err.warnings]);
  return out;
}

test('every result the core returns is a value of its declared type (tsc --strict, no excess property)', () => {
  const all = results();
  const kinds = new Set(all.map(([type]) => type));
  assert.deepEqual([...kinds].sort(), ['Diagnostic[]', 'Explanation', 'Fragment', 'SynthExplained', 'SynthResult', 'TemplateDiff', 'ValidationReport']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-types-'));
  const types = [...kinds].map((t) => t.replace('[]', ''));
  const lines = [`import type { ${[...new Set(types)].join(', ')} } from ${JSON.stringify(declarations.replace(/\.d\.ts$/, ''))};`];
  all.forEach(([type, value], i) => lines.push(`export const r${i}: ${type} = ${JSON.stringify(value)};`));
  fs.writeFileSync(path.join(dir, 'results.ts'), lines.join('\n') + '\n');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['--ignoreConfig', '--strict', '--noEmit', '--exactOptionalPropertyTypes', '--target', 'es2022', '--module', 'nodenext', '--types', 'node', path.join(dir, 'results.ts'), declarations];
  const run = spawnSync(process.execPath, [tsc, ...args], { encoding: 'utf8', cwd: root });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

test('the declarations are generated, not written by hand beside the Rust types', () => {
  const text = fs.readFileSync(declarations, 'utf8');
  for (const type of ['Diagnostic', 'Scope', 'ValidationReport', 'SynthResult', 'SynthExplained', 'Fragment', 'Explanation', 'ResourceGraph', 'TemplateDiff']) {
    assert.match(text, new RegExp(`export (interface|type) ${type}\\b`), type);
  }
  // tsify writes each type from its Rust doc comment; the boundary file holds only the JSON types and SpecError.
  const boundary = fs.readFileSync(path.join(root, 'src', 'wasm.rs'), 'utf8');
  assert.doesNotMatch(boundary, /interface (Diagnostic|ValidationReport|Fragment|Explanation|TemplateDiff)\b/);
});
