// The node API as installed (`require('cdk-express-service/lib/cli/api')`): the same results as the
// core, diagnostics placed on lines, and typed errors for bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cases, install, root, specs } from './installed.mjs';

const core = createRequire(path.join(root, 'package.json'))('cdk-express-service-core');

let cli;
let api;
before(() => {
  cli = install();
  api = cli.api;
});
after(() => cli?.cleanup());

test('synth and synthFile give the core\'s template and canonical JSON', () => {
  const file = path.join(cases, 'three-services', 'spec.json');
  const golden = fs.readFileSync(path.join(cases, 'three-services', 'template.json'), 'utf8');
  assert.equal(api.synthFile(file).json, golden);
  const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
  const r = api.synth(spec);
  assert.equal(r.json, golden);
  assert.deepEqual(r.template, JSON.parse(golden));
  assert.deepEqual(r.warnings, []);
});

test('synthFile places warnings on their lines', () => {
  const r = api.synthFile(path.join(specs, 'minimal-nginx.yaml'));
  assert.equal(r.warnings.length, 1);
  assert.equal(r.warnings[0].code, 'image-not-pinned');
  assert.equal(r.warnings[0].line, 6);
  assert.equal(r.warnings[0].source, '    image: public.ecr.aws/nginx/nginx:latest');
});

test('synth of a bad spec throws SpecError with every diagnostic', () => {
  const spec = { services: { Web: { imag: 'nginx', cpu: 3 } } };
  assert.throws(
    () => api.synth(spec),
    (e) => {
      assert.ok(e instanceof api.SpecError);
      assert.deepEqual(e.diagnostics, core.validate(spec).errors);
      assert.equal(e.diagnostics.length, 3);
      return true;
    },
  );
});

test('synthFile of a bad file throws SpecError naming file, line and path', () => {
  const file = cli.write('bad.yaml', 'services:\n  Web:\n    image: nginx:1.27\n    memory: 3\n');
  assert.throws(() => api.synthFile(file), (e) => {
    assert.ok(e instanceof api.SpecError);
    assert.equal(e.message, `${file} is invalid: 1 problem:\n  ${file}:4:5: services.Web.memory: ${e.diagnostics[0].message}`);
    assert.equal(e.diagnostics[0].line, 4);
    return true;
  });
});

test('loadSpec reads JSON and YAML to the same value; a missing file is a FileError', () => {
  const json = api.loadSpec(path.join(cases, 'own-cluster', 'spec.json'));
  const yaml = api.loadSpec(path.join(specs, 'second-service.yaml'));
  assert.equal(json.format, 'json');
  assert.equal(yaml.format, 'yaml');
  assert.deepEqual(yaml.spec, json.spec);
  assert.deepEqual(yaml.locate({ path: 'services.Api.scaling.maxTasks', code: 'x', message: 'm' }).line, 14);
  assert.throws(() => api.loadSpec(path.join(cli.work, 'none.yaml')), (e) => e instanceof api.FileError && /no such file/.test(e.message));
});

test('parseSpec reads YAML or JSON text held in memory, with lines', () => {
  const parsed = api.parseSpec('services:\n  Web:\n    image: nginx:1.27\n    cpu: 3\n');
  assert.equal(parsed.format, 'yaml');
  const [e] = api.validate(parsed.spec).errors;
  assert.equal(parsed.locate(e).line, 4);
  assert.equal(api.parseSpec('{"services": {}}', 'x.json').format, 'json');
  assert.throws(() => api.parseSpec('{"services": ', 'x.json'), (err) => err instanceof api.SpecError && err.diagnostics[0].line === 1);
});

test('parseSpec without a name tells JSON text by its content and holds it to JSON', () => {
  const spec = { services: { Web: { image: 'nginx:1.27' } } };
  const parsed = api.parseSpec(JSON.stringify(spec));
  assert.equal(parsed.format, 'json');
  assert.deepEqual(parsed.spec, spec);
  // YAML flow mappings allow a trailing comma; JSON does not, with or without a .json name.
  for (const name of [undefined, 'x.json']) {
    assert.throws(
      () => api.parseSpec('{"services": {"Web": {"image": "nginx:1.27",}}}', name),
      (err) => err instanceof api.SpecError && /^invalid JSON: /.test(err.diagnostics[0].message) && err.diagnostics[0].column === 45,
    );
  }
  assert.equal(api.parseSpec('services: {Web: {image: nginx:1.27,}}').format, 'yaml');
});

test('loadSpec and parseSpec refuse a value that is not a mapping (the core would read a string as JSON text)', () => {
  const text = JSON.stringify(JSON.stringify({ services: { Web: { image: 'nginx:1.27' } } }));
  for (const load of [() => api.parseSpec(text, 'q.yaml'), () => api.loadSpec(cli.write('q.yaml', text)), () => api.synthFile(path.join(cli.work, 'q.yaml'))]) {
    assert.throws(load, (err) => err instanceof api.SpecError && err.diagnostics[0].code === 'not-a-mapping' && /holds the string/.test(err.message));
  }
  const v = api.validateFile(cli.write('null.yaml', 'null\n'));
  assert.equal(v.valid, false);
  assert.match(v.errors[0].message, /^the file holds null; expected a spec such as/);
});

test('validate / validateFile: every error at once; a syntax error makes the file invalid, not a throw', () => {
  assert.deepEqual(api.validate({ services: {} }), core.validate({ services: {} }));
  const file = cli.write('broken.json', '{"services": ');
  const r = api.validateFile(file);
  assert.equal(r.valid, false);
  assert.equal(r.errors[0].code, 'syntax');
  assert.equal(r.errors[0].line, 1);
});

test('explain, diff and schema are the core\'s', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(cases, 'everything', 'spec.json'), 'utf8'));
  assert.deepEqual(api.explain(spec), core.explain(spec));
  const a = core.synthTemplate(spec).template;
  const b = core.synthTemplate({ ...spec, services: { Shop: { ...spec.services.Shop, serviceName: 'renamed' } } }).template;
  const d = api.diff(a, b);
  assert.deepEqual(d, core.diffTemplates(a, b));
  assert.equal(d.replacements, 1);
  assert.deepEqual(api.schema(), core.schema());
  assert.throws(() => api.diff(a, 42), (e) => e instanceof api.SpecError && e.diagnostics[0].path === 'new');
});

test('version names the package and the core', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.deepEqual(api.version(), { cli: pkg.version, core: core.version() });
});

test('the typings are shipped beside the API', () => {
  const dts = fs.readFileSync(path.join(cli.prefix, 'node_modules/cdk-express-service/lib/cli/api.d.ts'), 'utf8');
  for (const name of ['synthFile', 'validateFile', 'explainFile', 'diffFiles', 'loadSpec', 'schema']) {
    assert.match(dts, new RegExp(`export declare function ${name}\\(`), name);
  }
});

test('the API\'s types are the core\'s own (no hand copies to drift): a strict program type-checks against them', () => {
  // PropertyChange.reason is always set by the core; ValidationResult extends the core's ValidationReport.
  const program = [
    "import type * as api from 'cdk-express-service/lib/cli/api';",
    // The core as the package bundles it (not hoisted: a user reaches it through the API's re-exports).
    "import type * as core from 'cdk-express-service/node_modules/cdk-express-service-core';",
    'declare const p: api.PropertyChange;',
    'const reason: string = p.reason;',
    'declare const r: api.ValidationResult;',
    'const report: core.ValidationReport = r;',
    'declare const d: core.TemplateDiff;',
    'const same: api.TemplateDiff = d;',
    "declare const k: api.ExplanationKind;",
    "const kind: core.ExplanationItem['kind'] = k;",
    'const synth: typeof core.synthTemplate = (s) => ({ template: {}, json: String(s), warnings: [] });',
    'export { reason, report, same, kind, synth };',
    '',
  ].join('\n');
  // Inside the install, so that the packages resolve as they do for a user.
  const dir = fs.mkdtempSync(path.join(cli.prefix, 'typecheck-'));
  fs.writeFileSync(path.join(dir, 'check.ts'), program);
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const options = { strict: true, noEmit: true, skipLibCheck: false, module: 'nodenext', target: 'es2022', types: [] };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['check.ts'] }));
  const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('errors and warnings come in the order of their lines in the file, whatever order the core found them in', () => {
  // The core checks memory with cpu, then the scaling, ... ; the file says them in another order.
  const text = [
    'services:',
    '  Web:',
    '    containerPort: 0',
    '    scaling:',
    '      maxTasks: lots',
    '    memory: 256',
    '    image: nginx:latest',
    '    cpu: 256',
    '    serviceName: "bad name"',
    '  Api:',
    '    image: nginx:latest',
    '',
  ].join('\n');
  const file = cli.write('order.yaml', text);
  const unordered = core.validate(api.parseSpec(text, 'order.yaml').spec);
  const byCore = unordered.errors.map((d) => d.path);
  const { errors, warnings } = api.validateFile(file);
  assert.deepEqual(errors.map((d) => d.line), [3, 5, 6, 9]);
  assert.deepEqual(
    errors.map((d) => d.path),
    ['services.Web.containerPort', 'services.Web.scaling.maxTasks', 'services.Web.memory', 'services.Web.serviceName'],
  );
  assert.notDeepEqual(byCore, errors.map((d) => d.path), 'the core already gave them in file order: the test shows nothing');
  // Web's own warning is said beside its errors (every finding at once), in line order too.
  assert.deepEqual(warnings.map((d) => [d.path, d.line]), [['services.Web.image', 7], ['services.Api.image', 11]]);
  // The command prints them so, and so does the error synth throws.
  const shown = cli.run(['validate', file]).stdout;
  const at = (s) => shown.indexOf(s);
  assert.ok(at('order.yaml:3:5') < at('order.yaml:5:7') && at('order.yaml:5:7') < at('order.yaml:6:5') && at('order.yaml:6:5') < at('order.yaml:9:5'), shown);
  assert.throws(() => api.synthFile(file), (e) => {
    assert.deepEqual(e.diagnostics.map((d) => d.line), [3, 5, 6, 9]);
    return true;
  });
});
