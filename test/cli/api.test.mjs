// The node API as installed (`require('cdk-express-service/lib/cli/api')`): the same results as the
// core, diagnostics placed on lines, and typed errors for bad input.
import assert from 'node:assert/strict';
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
  const types = fs.readFileSync(path.join(cli.prefix, 'node_modules/cdk-express-service/lib/cli/types.d.ts'), 'utf8');
  for (const name of ['Diagnostic', 'Fragment', 'Explanation', 'TemplateDiff']) {
    assert.match(types, new RegExp(`export interface ${name} `), name);
  }
});
