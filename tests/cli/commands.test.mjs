// The installed `express-service` command on real files: outputs, exit codes, and the messages for bad
// input (never a stack trace).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import YAML from 'yaml';
import { assertNoTrace, cases, install, root, specs } from './installed.mjs';

const core = createRequire(path.join(root, 'package.json'))('cdk-express-service-core');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const caseNames = fs.readdirSync(cases).filter((n) => fs.existsSync(path.join(cases, n, 'spec.json')));

let cli;
before(() => {
  cli = install();
});
after(() => cli?.cleanup());

/** Runs the command and checks that neither stream holds a stack trace. */
function run(args, options) {
  const r = cli.run(args, options);
  assertNoTrace(r.stdout);
  assertNoTrace(r.stderr);
  return r;
}

// A spec with an error of every kind the core reports, in YAML, with the line each one must be placed on.
const EVERY_ERROR = `# every error at once
description: test
servces: {}
services:
  Web:
    image: nginx:1.27
    cpu: 256
    memory: 256
    network:
      subnets:
        - subnet-0123456789abcdef0
        - oops
    scaling:
      maxTasks: lots
    tags:
      app.kubernetes.io/name: { nested: true }
  Api:
    containerPort: 99999
`;
const EVERY_ERROR_LINES = {
  servces: 3,
  'services.Web.memory': 8,
  'services.Web.network.subnets[1]': 12,
  'services.Web.scaling.maxTasks': 14,
  'services.Web.tags.app.kubernetes.io/name': 16,
  'services.Api.image': 17, // missing: placed on its service
  'services.Api.containerPort': 18,
};

describe('synth', () => {
  for (const name of caseNames) {
    test(`${name}: the template is the core's canonical JSON, byte for byte`, () => {
      const r = run(['synth', path.join(cases, name, 'spec.json')]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, fs.readFileSync(path.join(cases, name, 'template.json'), 'utf8'));
      const warnings = JSON.parse(fs.readFileSync(path.join(cases, name, 'warnings.json'), 'utf8'));
      for (const w of warnings) assert.match(r.stderr, new RegExp(`warning: ${escape(w.path)}: .*\\[${w.code}\\]`));
      if (warnings.length === 0) assert.equal(r.stderr, '');
    });

    test(`${name}: the same spec written in YAML gives the same bytes`, () => {
      const spec = JSON.parse(fs.readFileSync(path.join(cases, name, 'spec.json'), 'utf8'));
      const file = cli.write(`${name}.yaml`, YAML.stringify(spec));
      const r = run(['synth', file]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, fs.readFileSync(path.join(cases, name, 'template.json'), 'utf8'));
    });
  }

  test('the example YAML specs give the golden templates of the same services', () => {
    const pairs = { 'minimal-nginx.yaml': 'minimal-nginx', 'second-service.yaml': 'own-cluster' };
    assert.deepEqual(fs.readdirSync(specs).filter((f) => f.endsWith('.yaml')).sort(), Object.keys(pairs).sort());
    for (const [file, name] of Object.entries(pairs)) {
      const r = run(['synth', path.join(specs, file)]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, fs.readFileSync(path.join(cases, name, 'template.json'), 'utf8'), file);
    }
  });

  test('--format yaml reads back as the same template, with YAML 1.1 look-alikes quoted', () => {
    const spec = path.join(cases, 'everything', 'spec.json');
    const r = run(['synth', spec, '--format', 'yaml']);
    assert.equal(r.status, 0, r.stderr);
    const template = JSON.parse(fs.readFileSync(path.join(cases, 'everything', 'template.json'), 'utf8'));
    assert.deepEqual(YAML.parse(r.stdout), template);
    assert.deepEqual(YAML.parse(r.stdout, { version: '1.1' }), template, 'a YAML 1.1 reader sees other values');
    assert.match(r.stdout, /^AWSTemplateFormatVersion: "2010-09-09"$/m);
  });

  test('YAML anchors and merge keys share settings between services', () => {
    const yaml = 'services:\n  Web: &web\n    image: nginx:1.27\n    cpu: 512\n    memory: 2048\n  Api:\n    <<: *web\n    containerPort: 3000\n';
    const r = run(['synth', cli.write('anchors.yaml', yaml)]);
    assert.equal(r.status, 0, r.stderr);
    const web = { image: 'nginx:1.27', cpu: 512, memory: 2048 };
    assert.equal(r.stdout, core.synthTemplate({ services: { Web: web, Api: { ...web, containerPort: 3000 } } }).json);
  });

  test('a JSON spec may name its schema for editors ("$schema"): same template', () => {
    const spec = { services: { Web: { image: 'nginx:1.27' } } };
    const r = run(['synth', cli.write('with-schema.json', JSON.stringify({ $schema: './express-service.schema.json', ...spec }))]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, core.synthTemplate(spec).json);
  });

  test('-o writes the file and nothing to stdout; "-" reads standard input', () => {
    const out = path.join(cli.work, 'out.json');
    const r = run(['synth', '-', '-o', out], { input: 'services:\n  Web:\n    image: nginx:1.27\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(fs.readFileSync(out, 'utf8'), core.synthTemplate({ services: { Web: { image: 'nginx:1.27' } } }).json);
  });

  test('an invalid spec: every error on stderr with its line, nothing on stdout, exit 1', () => {
    const r = run(['synth', cli.write('every.yaml', EVERY_ERROR)]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    for (const [p, line] of Object.entries(EVERY_ERROR_LINES)) {
      assert.match(r.stderr, new RegExp(`every\\.yaml:${line}:\\d+: error: ${escape(p)}: `), p);
    }
    assert.match(r.stderr, /invalid \(7 errors, 0 warnings\)/);
  });

  test('an output path that cannot be written is an I/O error (exit 2)', () => {
    const r = run(['synth', path.join(cases, 'minimal-nginx', 'spec.json'), '-o', cli.work]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot write .*work/);
  });
});

describe('validate', () => {
  test('a valid spec: exit 0, its warnings apart, with their lines', () => {
    const r = run(['validate', path.join(specs, 'minimal-nginx.yaml')]);
    assert.equal(r.status, 0);
    assert.doesNotMatch(r.stdout, /Errors/);
    assert.match(r.stdout, /^Warnings \(1\):\n.*minimal-nginx\.yaml:6:5: warning: services\.Web\.image: .*\[image-not-pinned\]\n {2}6 \| {5}image: public/m);
    assert.match(r.stdout, /minimal-nginx\.yaml: valid \(0 errors, 1 warning\)\n$/);
  });

  test('every error at once, each placed on its line (--json)', () => {
    const file = cli.write('every.yaml', EVERY_ERROR);
    const r = run(['validate', file, '--json']);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.valid, false);
    assert.deepEqual(out.errors.map((e) => e.path).sort(), Object.keys(EVERY_ERROR_LINES).sort());
    for (const e of out.errors) {
      assert.equal(e.line, EVERY_ERROR_LINES[e.path], e.path);
      assert.equal(e.source, EVERY_ERROR.split('\n')[e.line - 1], e.path);
      assert.equal(e.file, file);
      assert.ok(e.code && e.message, e.path);
    }
    assert.deepEqual(out.warnings, []);
  });

  test('errors and warnings are listed in separate sections, errors first', () => {
    // 499 services: one resource too many with the two shared roles (an error) and a :latest image (a
    // warning) in the same spec.
    const lines = ['services:'];
    for (let i = 0; i < 499; i++) lines.push(`  S${i}:`, `    image: ${i === 7 ? 'nginx:latest' : 'nginx:1.27'}`);
    const r = run(['validate', cli.write('both.yaml', lines.join('\n') + '\n')]);
    assert.equal(r.status, 1);
    const [errors, warnings] = [r.stdout.indexOf('Errors (1):'), r.stdout.indexOf('Warnings (')];
    assert.ok(errors === 0 && warnings > errors, r.stdout);
    assert.match(r.stdout.slice(errors, warnings), /both\.yaml:1:1: error: services: .*\[template-limit\]/);
    assert.match(r.stdout.slice(warnings), /both\.yaml:17:5: warning: services\.S7\.image: .*\[image-not-pinned\]/);
    assert.doesNotMatch(r.stdout.slice(warnings), /error:/);
    assert.doesNotMatch(r.stdout.slice(errors, warnings), /warning:/);
  });

  test('two services that may share a load balancer, one with a web ACL by ARN and one without: exit 1, naming both', () => {
    const text = 'services:\n  Shop:\n    image: nginx:1.27\n    waf:\n      webAclArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab\n  Blog:\n    image: nginx:1.27\n';
    const r = run(['synth', cli.write('clash.yaml', text)]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /clash\.yaml:\d+:\d+: error: services\.Blog\.waf: Blog has no web ACL but Shop has web ACL arn:\S+ \(given by ARN\), and Express Mode may put both on one load balancer .*the template cannot add rules to a web ACL given by ARN.*\[waf-shared-load-balancer\]/);
    // The spec's words, not the construct's.
    assert.doesNotMatch(r.stderr, /ExpressWaf|Tags\.of/);
  });

  test('different WAF settings on one network: one web ACL, each rule scoped to its services', () => {
    const text = 'services:\n  Shop:\n    image: nginx:1.27\n    waf: {}\n  Admin:\n    image: nginx:1.27\n    waf:\n      allowOnlyFrom: [203.0.113.0/24]\n  Blog:\n    image: nginx:1.27\n';
    const r = run(['synth', cli.write('composed.yaml', text)]);
    assert.equal(r.status, 0, r.stderr);
    const template = JSON.parse(r.stdout);
    const acls = Object.entries(template.Resources).filter(([, v]) => v.Type === 'AWS::WAFv2::WebACL');
    assert.deepEqual(acls.map(([id]) => id), ['ShopWebAcl']);
    assert.ok(acls[0][1].Properties.Rules.some((rule) => rule.Name === 'AllowOnlyListedIps-Admin'));
  });

  test('450 services: a template within CloudFormation\'s limits, URLs grouped, cfn-lint clean', () => {
    const lines = ['services:'];
    for (let i = 1; i <= 450; i++) lines.push(`  Web${i}:`, '    image: nginx:1.27');
    const file = cli.write('many.yaml', lines.join('\n') + '\n');
    const r = run(['synth', file]);
    assert.equal(r.status, 0, r.stderr);
    const template = JSON.parse(r.stdout);
    assert.equal(Object.keys(template.Resources).length, 452);
    const outputs = Object.entries(template.Outputs);
    assert.ok(outputs.length < 200 && outputs.every(([id]) => id.startsWith('ServiceUrls')), outputs.map(([id]) => id).join());
    // The only warning: deploy it from S3 (CloudFormation takes 51,200 bytes inline).
    assert.match(r.stderr, /\[template-size\]/);
    assert.equal(r.stderr.match(/warning:/g)?.length, 1, r.stderr);
    const out = cli.write('many.template.json', r.stdout);
    const lint = spawnSync(path.join(root, '.venv/bin/cfn-lint'), [out], { encoding: 'utf8' });
    assert.equal(lint.status, 0, `cfn-lint exited ${lint.status}:\n${lint.stdout}${lint.stderr}`);
  });

  test('in a JSON file, the offending line too', () => {
    const text = '{\n  "services": {\n    "Web": {\n      "image": "nginx:1.27",\n      "scaling": { "maxTasks": -1 }\n    }\n  }\n}\n';
    const r = run(['validate', cli.write('s.json', text), '--json']);
    assert.equal(r.status, 1);
    const [e] = JSON.parse(r.stdout).errors;
    assert.equal(e.path, 'services.Web.scaling.maxTasks');
    assert.equal(e.line, 5);
    assert.equal(e.source, '      "scaling": { "maxTasks": -1 }');
  });

  const unparseable = {
    'bad JSON, with line and column': ['trailing.json', '{\n  "services": {\n    "Web": { "image": "x", }\n  }\n}\n', /trailing\.json:3:28: error: invalid JSON: .* \[syntax\]/],
    'JSON cut short': ['short.json', '{"services": {', /short\.json:1:15: error: invalid JSON: .*\[syntax\]/],
    'bad YAML, with line and column': ['bad.yaml', 'services:\n  Web:\n    image: "nginx\n  cpu: 256\n', /bad\.yaml:\d+:\d+: error: invalid YAML: .*\[syntax\]/],
    'a duplicate key (which JSON.parse would silently drop)': ['dup.json', '{"services": {"Web": {"image": "a"}, "Web": {"image": "b"}}}', /dup\.json:1:42: error: not valid JSON: the key "Web" is written twice in one object \[duplicate-key\]/],
    'an empty file': ['empty.yaml', '', /empty\.yaml: error: the file is empty; expected a spec such as .*\[empty-file\]/],
    'a file of comments only': ['comments.yaml', '# nothing yet\n', /comments\.yaml: error: the file holds no value.*\[empty-file\]/],
    'a YAML tag': ['tag.yaml', 'services:\n  Web:\n    image: !Ref Image\n', /tag\.yaml:3:12: error: .*!Ref.*\[yaml-tag\]/],
    'two YAML documents': ['two.yaml', 'services: {}\n---\nservices: {}\n', /two\.yaml:2:1: error: invalid YAML: .*multiple documents.*\[syntax\]/],
    'an alias bomb (billion laughs)': ['laughs.yaml', 'a: &a [x,x,x,x,x,x,x,x,x]\n' + [...'bcdefgh'].map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`).join('\n') + '\n', /laughs\.yaml: error: invalid YAML: its aliases \(\*name\) expand to more than 1,000 copies.*\[syntax\]/],
    'a list instead of a spec': ['list.yaml', '- a\n- b\n', /list\.yaml:1:1: error: the file holds a list; expected a spec such as .*\[not-a-mapping\]/],
    // The core reads a string as JSON text: a file holding one must not get that far.
    'a YAML string holding a spec as JSON text': ['q.yaml', JSON.stringify(JSON.stringify({ services: { Web: { image: 'nginx:1.27' } } })) + '\n', /q\.yaml:1:1: error: the file holds the string "\{\\"services.*; expected a spec such as .*\[not-a-mapping\]/],
    'a JSON string': ['s.json', '"str"\n', /s\.json:1:1: error: the file holds the string "str"; expected a spec .*\[not-a-mapping\]/],
    'a number': ['n.yaml', '42\n', /n\.yaml:1:1: error: the file holds the number 42; expected a spec .*\[not-a-mapping\]/],
    'random bytes in a .yaml file': ['bin.yaml', 'Gy\u00ff\f\u000e\u00e9 2 junk: { ', /bin\.yaml:1:\d+: error: invalid YAML: .*\[syntax\]/],
    'random text in a .yaml file': ['text.yaml', 'Gy\u00ff\u00e9 2 junk\n', /text\.yaml:1:1: error: the file holds the string .*\[not-a-mapping\]/],
  };
  for (const [what, [name, text, pattern]] of Object.entries(unparseable)) {
    test(`${what}: exit 1 with a clear message`, () => {
      const r = run(['validate', cli.write(name, text)]);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, pattern);
      if (name.endsWith('.yaml')) assert.doesNotMatch(r.stdout, /JSON/, 'a YAML file is not called JSON');
      assert.doesNotMatch(r.stdout, /\(line \d+, column \d+\)/, 'the location is given once, as file:line:column');
      const s = run(['synth', path.join(cli.work, name)]);
      assert.equal(s.status, 1);
      assert.equal(s.stdout, '');
      assert.match(s.stderr, pattern);
    });
  }

  test('valid JSON nested too deep: said so (not "invalid YAML"); a long line is cut around the column', () => {
    const r = run(['validate', cli.write('deep.json', '['.repeat(100000) + ']'.repeat(100000))]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /deep\.json:1:128: error: not valid JSON: nested deeper than 128 levels .*\[not-json\]/);
    assert.doesNotMatch(r.stdout, /YAML/);
    for (const line of r.stdout.split('\n')) assert.ok(line.length < 300, `a line of ${line.length} characters`);
    const cpu = '3' + '0'.repeat(300);
    const long = run(['validate', cli.write('long.json', `{"services":{"Web":{"image":"nginx:1.27","cpu":${cpu}}}}`)]);
    assert.equal(long.status, 1);
    const [, echoed, caret] = /\n {2}1 \| (.*)\n {4}\| ( *)\^\n/.exec(long.stdout) ?? [];
    assert.ok(echoed !== undefined && echoed.length <= 123 && echoed.endsWith('…'), long.stdout);
    assert.equal(echoed.slice(caret.length, caret.length + 5), '"cpu"', 'the caret still points at the property');
  });

  test('a file that does not exist, or a directory: exit 2 with a one-line message', () => {
    for (const command of ['synth', 'validate', 'explain']) {
      const missing = run([command, 'nope.yaml']);
      assert.equal(missing.status, 2, command);
      assert.equal(missing.stderr, 'express-service: nope.yaml: no such file\n');
      const dir = run([command, cli.work]);
      assert.equal(dir.status, 2, command);
      assert.equal(dir.stderr, `express-service: ${cli.work}: is a directory, expected a file\n`);
    }
  });
});

describe('explain', () => {
  test('text: per service, what the template holds and what ECS creates outside it', () => {
    const r = run(['explain', path.join(cases, 'three-services', 'spec.json')]);
    assert.equal(r.status, 0, r.stderr);
    for (const name of ['Web', 'Api', 'Admin']) assert.match(r.stdout, new RegExp(`^Service ${name}$`, 'm'));
    assert.match(r.stdout, /In the template \(/);
    assert.match(r.stdout, /Created by Amazon ECS Express Mode in the account \(not in the template\):/);
    const x = core.explain(fs.readFileSync(path.join(cases, 'three-services', 'spec.json'), 'utf8'));
    for (const r2 of x.stack) assert.match(r.stdout, new RegExp(`^ {2}${r2.logicalId} +${escape(r2.type)}$`, 'm'));
    for (const item of x.services[0].items) assert.ok(r.stdout.includes(item.detail), item.kind);
  });

  test('text: the expected load balancers of each network and the web ACL that protects them', () => {
    const lines = ['webAcls:', '  Public: {}', 'services:'];
    for (let i = 1; i <= 26; i++) lines.push(`  S${i}:`, '    image: nginx:1.27', '    waf: { webAcl: Public }');
    lines.push('  Internal:', '    image: nginx:1.27', '    network: { subnets: [subnet-0a1b2c3d], vpc: vpc-0123abcd, public: false }');
    const r = run(['explain', cli.write('albs.yaml', lines.join('\n') + '\n')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}- the default VPC's public subnets: 2 load balancers, protected by web ACL Public$/m);
    assert.match(r.stdout, /^ {6}1\. S1, S2, .*, S25$/m);
    assert.match(r.stdout, /^ {6}2\. S26$/m);
    assert.match(r.stdout, /^ {2}- the private subnets of vpc-0123abcd: 1 load balancer, no web ACL$/m);
  });

  test('--json is the core\'s explanation', () => {
    const spec = path.join(specs, 'second-service.yaml');
    const r = run(['explain', spec, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), core.explain(YAML.parse(fs.readFileSync(spec, 'utf8'))));
  });

  test('an invalid spec: exit 1, every error with its line', () => {
    const r = run(['explain', cli.write('every.yaml', EVERY_ERROR)]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /every\.yaml:14:7: error: services\.Web\.scaling\.maxTasks: /);
  });
});

describe('diff', () => {
  const template = (spec) => core.synthTemplate(spec).json;
  const web = { image: 'nginx:1.27' };

  test('the same template: no changes, exit 0', () => {
    const a = cli.write('a.json', template({ services: { Web: web } }));
    const r = run(['diff', a, a]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `No changes to Express services between ${a} and ${a}.\n`);
  });

  test('an in-place change is listed, exit 0', () => {
    const a = cli.write('a.json', template({ services: { Web: web } }));
    const b = cli.write('b.json', template({ services: { Web: { ...web, cpu: 1024 } } }));
    const r = run(['diff', a, b]);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^~ WebService {2}modified$/m);
    assert.match(r.stdout, /^ {4}~ Cpu: /m);
    assert.match(r.stdout, /No service is replaced/);
  });

  test('a replacement (tags) is flagged: REPLACED, new URL, exit 3; --json is the core\'s diff', () => {
    const a = cli.write('a.json', template({ services: { Web: web } }));
    const b = cli.write('b.json', template({ services: { Web: { ...web, tags: { team: 'x' } }, Api: web } }));
    const r = run(['diff', a, b]);
    assert.equal(r.status, 3, r.stdout);
    assert.match(r.stdout, /^~ WebService {2}REPLACED: the service gets a NEW URL$/m);
    assert.match(r.stdout, /^ {4}\+ Tags {2}\[replaces\]: /m);
    assert.match(r.stdout, /^\+ ApiService {2}added/m);
    assert.match(r.stdout, /1 service replaced \(new URL\): WebService/);
    const j = run(['diff', a, b, '--json']);
    assert.equal(j.status, 3);
    assert.deepEqual(JSON.parse(j.stdout), core.diffTemplates(fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8')));
  });

  test('a removed (or renamed) service is flagged: its URL is gone, exit 3', () => {
    const a = cli.write('a.json', template({ services: { Web: web } }));
    const b = cli.write('b.json', template({ services: { Site: web } }));
    const r = run(['diff', a, b]);
    assert.equal(r.status, 3, r.stdout);
    assert.match(r.stdout, /^- WebService {2}removed/m);
    assert.match(r.stdout, /1 service removed \(URL gone\): WebService/);
  });

  test('a YAML template with short-form intrinsics (!Ref, !GetAtt, !Sub) reads as its long form', () => {
    const json = template({ services: { Web: web } });
    const yaml = YAML.stringify(JSON.parse(json))
      .replace(/Fn::GetAtt:\n(\s+)- (\w+)\n\s+- (\w+)/g, '!GetAtt $2.$3')
      .replace(/Fn::Sub: (.*)/g, '!Sub $1')
      .replace(/Ref: (.*)/g, '!Ref $1');
    assert.match(yaml, /!GetAtt InfrastructureRole\.Arn/);
    assert.match(yaml, /!Sub arn:/);
    const r = run(['diff', cli.write('t.json', json), cli.write('t.yaml', yaml)]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^No changes/);
  });

  test('a file that is not a template: exit 1, naming the file', () => {
    const a = cli.write('a.json', template({ services: { Web: web } }));
    const spec = cli.write('spec.json', JSON.stringify({ services: { Web: web } }));
    const r = run(['diff', a, spec]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`${escape(spec)}: error: is not a CloudFormation template`));
  });

  test('two files that do not parse: both are reported, each with its verdict', () => {
    const a = cli.write('bad-a.json', '{"Resources": {},}');
    const b = cli.write('bad-b.yaml', '"just text"\n');
    const r = run(['diff', a, b]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`${escape(a)}:1:\\d+: error: invalid JSON`));
    assert.match(r.stderr, new RegExp(`${escape(b)}:1:1: error: the file holds the string "just text"; expected a CloudFormation template`));
    assert.match(r.stderr, new RegExp(`^${escape(a)}: invalid \\(1 error, 0 warnings\\)$`, 'm'));
    assert.match(r.stderr, new RegExp(`^${escape(b)}: invalid \\(1 error, 0 warnings\\)$`, 'm'));
  });

  test('a missing file: exit 2', () => {
    const a = cli.write('a.json', template({ services: { Web: web } }));
    const r = run(['diff', a, 'gone.json']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'express-service: gone.json: no such file\n');
  });
});

describe('schema, help, version, usage errors', () => {
  test('schema prints the core\'s JSON Schema; -o writes it', () => {
    const r = run(['schema']);
    assert.equal(r.status, 0);
    assert.deepEqual(JSON.parse(r.stdout), core.schema());
    const out = path.join(cli.work, 'schema.json');
    assert.equal(run(['schema', '-o', out]).status, 0);
    assert.equal(fs.readFileSync(out, 'utf8'), r.stdout);
  });

  test('--version: the package\'s and the core\'s', () => {
    for (const flag of ['--version', '-v']) {
      const r = run([flag]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `express-service ${version} (core ${core.version()})\n`);
    }
  });

  test('--help for the command and each subcommand, on stdout, exit 0', () => {
    const top = run(['--help']);
    assert.equal(top.status, 0);
    // Every exit code the command returns, as diff --help words code 3.
    assert.match(top.stdout, /· 3 diff: a service is replaced or removed/);
    assert.match(top.stdout, /· 70 internal error \(a broken install, or a bug/);
    for (const command of ['synth', 'validate', 'explain', 'diff', 'schema']) {
      assert.match(top.stdout, new RegExp(`^ {2}${command} `, 'm'));
      for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
        const r = run(args);
        assert.equal(r.status, 0, args.join(' '));
        assert.match(r.stdout, new RegExp(`^express-service ${command} `), args.join(' '));
        assert.match(r.stdout, /\nExit: 0 /);
      }
    }
  });

  const usage = {
    'no arguments': [[], /^express-service: CloudFormation/],
    'an unknown command': [['sinth', 'x'], /unknown command "sinth"; did you mean "synth"\?\nUsage: /],
    'an unknown flag': [['synth', 'x.yaml', '--fromat', 'yaml'], /^express-service synth: unknown option --fromat; did you mean --format\?\nUsage: express-service synth </],
    'a flag of another command': [['validate', 'x.yaml', '-o', 'y'], /unknown option -o; valid: --json, --help/],
    'a bad --format': [['synth', 'x.yaml', '--format', 'xml'], /--format must be json or yaml, got "xml"/],
    'a missing option value': [['synth', 'x.yaml', '-o'], /^express-service synth: option '-o, --output <value>' argument missing/],
    'a missing file argument': [['validate'], /expected 1 file argument, got 0/],
    'one template for diff': [['diff', 'a.json'], /expected 2 file arguments, got 1 \(a\.json\)/],
    'an argument to schema': [['schema', 'x'], /expected no file arguments, got 1/],
  };
  for (const [what, [args, pattern]] of Object.entries(usage)) {
    test(`${what}: exit 2 with usage on stderr`, () => {
      const r = run(args);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, pattern);
    });
  }
});

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe('a broken install', () => {
  test('without its core, the command says so in one line (exit 70), no stack trace', () => {
    // A copy of the shared install, which other test files may be using meanwhile.
    const broken = path.join(cli.work, 'broken');
    fs.cpSync(path.join(cli.prefix, 'node_modules'), path.join(broken, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    fs.rmSync(path.join(broken, 'node_modules/cdk-express-service/node_modules/cdk-express-service-core'), { recursive: true });
    const r = spawnSync(path.join(broken, 'node_modules/.bin/express-service'), ['synth', path.join(specs, 'minimal-nginx.yaml')], { encoding: 'utf8' });
    assert.equal(r.status, 70);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^express-service: cannot load cdk-express-service-core \(Cannot find module 'cdk-express-service-core'\); reinstall cdk-express-service, or in its repository run `npm run build`\n$/);
  });
});

describe('the bundled command', () => {
  test('the bin is the bundle, and a JSON spec, --help and --version need neither the yaml library nor (the last two) the core', () => {
    const pkgDir = path.join(cli.prefix, 'node_modules/cdk-express-service');
    assert.equal(JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).bin['express-service'], 'lib/cli/express-service.js');
    // A copy of the install without the yaml chunk and the yaml package: what needs them fails, the rest must not.
    const copy = path.join(cli.work, 'no-yaml');
    fs.cpSync(path.join(cli.prefix, 'node_modules'), path.join(copy, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    const copied = path.join(copy, 'node_modules/cdk-express-service');
    fs.rmSync(path.join(copied, 'lib/cli/yaml.bundle.js'));
    fs.rmSync(path.join(copied, 'node_modules/yaml'), { recursive: true, force: true });
    const bin = path.join(copy, 'node_modules/.bin/express-service');
    const run = (...args) => spawnSync(bin, args, { encoding: 'utf8' });
    const spec = path.join(cases, 'minimal-nginx/spec.json');
    const pinned = path.join(cli.work, 'pinned.json');
    fs.writeFileSync(pinned, JSON.stringify({ services: { Web: { image: 'nginx:1.27' } } }));
    const json = run('synth', pinned);
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.stdout, cli.run(['synth', pinned]).stdout);
    assert.equal(run('validate', pinned).status, 0);
    assert.equal(run('--help').status, 0);
    assert.equal(run('--version').status, 0);
    // A warning placed on its line needs the library's document (a JSON file's too); YAML input needs it.
    for (const args of [['synth', spec], ['synth', path.join(specs, 'minimal-nginx.yaml')]]) {
      const r = run(...args);
      assert.equal(r.status, 70, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /yaml\.bundle\.js/);
    }
    // Without the core, --help and --version still answer (the core's version is read from its package).
    fs.rmSync(path.join(copied, 'node_modules/cdk-express-service-core/node'), { recursive: true });
    assert.equal(run('--help').status, 0);
    const v = run('--version');
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /^express-service \S+ \(core \S+\)\n$/);
  });
});
