// `express-service lint` and the node API's lintTemplate / lintFile, on the installed package: every Express
// service of a CloudFormation template checked, each finding at its line; exit codes as validate's.
//
// The golden outputs (tests/cli/lint-golden/<case>/expected.txt, the command's human output run in the case's
// folder) are reviewed by hand: `UPDATE_GOLDEN=1 node --test tests/cli/template-lint.test.mjs` rewrites them,
// and the diff is read before it is committed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoTrace, install, root } from './installed.mjs';

const golden = path.join(root, 'tests/cli/lint-golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let cli;
before(() => {
  cli = install();
});
after(() => cli?.cleanup());

const templateOf = (dir) => fs.readdirSync(path.join(golden, dir)).find((f) => f.startsWith('template.'));

describe('lint: golden outputs', () => {
  for (const dir of fs.readdirSync(golden).sort()) {
    test(dir, () => {
      const file = templateOf(dir);
      const r = cli.run(['lint', file], { cwd: path.join(golden, dir) });
      assertNoTrace(r.stdout + r.stderr);
      assert.equal(r.stderr, '');
      const expected = path.join(golden, dir, 'expected.txt');
      const shown = `$ express-service lint ${file}\n${r.stdout}(exit ${r.status})\n`;
      if (UPDATE) fs.writeFileSync(expected, shown);
      assert.equal(shown, fs.readFileSync(expected, 'utf8'));
      // Exit codes as validate's: 1 with an error, else 0 (warnings allowed).
      const json = cli.api.lintFile(path.join(golden, dir, file));
      assert.equal(r.status, json.errors.length > 0 ? 1 : 0);
    });
  }
});

test("the seed's app written the blog's way, as CDK synthesizes it: every trap, at its logical ID and line", async () => {
  const { seedApp, ENV } = await import('../construct/l1-app.mjs');
  const cdk = createRequire(path.join(root, 'package.json'))('aws-cdk-lib');
  const app = new cdk.App({ outdir: path.join(cli.work, 'cdk.out') });
  seedApp(new cdk.Stack(app, 'Shop', { env: ENV }), { blog: true });
  const file = path.join(app.synth().directory, 'Shop.template.json');
  const r = cli.run(['lint', file, '--json']);
  assert.equal(r.status, 1);
  const { services, errors, warnings } = JSON.parse(r.stdout);
  assert.deepEqual(services, ['Web', 'Api']);
  const seen = (list) => list.map((f) => `${f.code} ${f.logicalId} ${f.path}`).sort();
  assert.deepEqual(seen(errors), [
    'cluster-arn Api Resources.Api.Properties.Cluster',
    'cluster-arn Web Resources.Web.Properties.Cluster',
    'fargate-pair Api Resources.Api.Properties.Memory',
    'fargate-pair Web Resources.Web.Properties.Memory',
    'url-from-name ApiUrl Outputs.ApiUrl.Value',
    'url-from-name WebUrl Outputs.WebUrl.Value',
  ]);
  assert.deepEqual(seen(warnings), [
    'image-not-pinned Api Resources.Api.Properties.PrimaryContainer.Image',
    'image-not-pinned Web Resources.Web.Properties.PrimaryContainer.Image',
    'waf-association-per-service ApiWebAclAssociation Resources.ApiWebAclAssociation.Properties.ResourceArn',
    'waf-association-per-service WebWebAclAssociation Resources.WebWebAclAssociation.Properties.ResourceArn',
  ]);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const f of [...errors, ...warnings]) assert.equal(f.source, lines[f.line - 1].replace(/\s+$/, ''), JSON.stringify(f));
});

describe('lint', () => {
  const blog = path.join(golden, 'blog-yaml', 'template.yaml');

  test('--json: { file, services, errors, warnings }, each finding the core\'s with its line', () => {
    const r = cli.run(['lint', blog, '--json']);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['file', 'services', 'errors', 'warnings']);
    assert.equal(out.file, blog);
    assert.deepEqual(out.services, ['Web', 'Api']);
    assert.ok(out.errors.length > 0);
    assert.equal(r.status, 1);
    const text = fs.readFileSync(blog, 'utf8').split('\n');
    for (const f of [...out.errors, ...out.warnings]) {
      assert.equal(typeof f.code, 'string');
      assert.ok(['Resources', 'Outputs', ''].includes(f.section), f.section);
      assert.ok(f.path.startsWith(`${f.section}.${f.logicalId}`), `${f.path} is under ${f.section}.${f.logicalId}`);
      assert.equal(f.file, blog);
      assert.ok(Number.isInteger(f.line) && Number.isInteger(f.column), JSON.stringify(f));
      assert.equal(f.source, text[f.line - 1].replace(/\s+$/, ''));
    }
  });

  test("lintFile's findings are the core's lintTemplate's, placed in the file and in its order", () => {
    const seed = path.join(golden, 'seed-cdk-json', 'template.json');
    const blogJson = cli.write('blog.json', JSON.stringify(BLOG_JSON, null, 1));
    for (const file of [seed, blogJson]) {
      const core = cli.api.lintTemplate(JSON.parse(fs.readFileSync(file, 'utf8')));
      const placed = cli.api.lintFile(file);
      const strip = ({ file: _f, line: _l, column: _c, source: _s, ...f }) => f;
      const key = (f) => JSON.stringify(f);
      assert.deepEqual(placed.services, core.services);
      assert.deepEqual(placed.errors.map(strip).map(key).sort(), core.errors.map(key).sort());
      assert.deepEqual(placed.warnings.map(strip).map(key).sort(), core.warnings.map(key).sort());
      const order = placed.errors.map((f) => f.line);
      assert.deepEqual(order, [...order].sort((x, y) => x - y));
    }
  });

  test('each finding is placed on the line of the value it names, in YAML and in JSON', () => {
    const { errors } = cli.api.lintFile(blog);
    const clusters = errors.filter((f) => f.path.endsWith('.Properties.Cluster'));
    assert.deepEqual(
      clusters.map((f) => f.source.trim()),
      ['Cluster: !Sub arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:cluster/default', 'Cluster: arn:aws:ecs:eu-west-1:123456789012:cluster/default'],
    );
    // A JSON template (as CDK writes them): on the JSON's lines.
    const j = cli.api.lintFile(cli.write('blog.json', JSON.stringify(BLOG_JSON, null, 1)));
    const at = (suffix) => j.errors.find((f) => f.path.endsWith(suffix));
    assert.equal(at('Web.Properties.Cluster')?.source.trim(), '"Cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/default",');
  });

  test('a template without Express services: said so, exit 0', () => {
    const file = cli.write('bucket.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const r = cli.run(['lint', file]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /no Express services found in the template; nothing to check/);
  });

  test('a file that does not parse: its syntax errors, exit 1; a missing file: exit 2; standard input', () => {
    const bad = cli.write('bad.yaml', 'Resources:\n  Web:\n    Type: [unclosed\n');
    const r = cli.run(['lint', bad]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /bad\.yaml:\d+:\d+: error: invalid YAML/);
    assertNoTrace(r.stdout + r.stderr);
    const gone = cli.run(['lint', 'gone.json']);
    assert.equal(gone.status, 2);
    assert.match(gone.stderr, /gone\.json: no such file/);
    const stdin = cli.run(['lint', '-'], { input: fs.readFileSync(blog, 'utf8') });
    assert.equal(stdin.status, 1);
    assert.match(stdin.stdout, /^-:\d+:\d+: error: Resources\.Web\.Properties\.Cluster/m);
  });

  test('not a template: findings, never a throw (node API and command)', () => {
    for (const value of [null, 42, 'text', [], {}, { Resources: [] }, { Resources: { Web: { Type: 'AWS::ECS::ExpressGatewayService', Properties: 7 } } }]) {
      const r = cli.api.lintTemplate(value);
      assert.ok(Array.isArray(r.services) && Array.isArray(r.errors) && Array.isArray(r.warnings), JSON.stringify(value));
    }
    assert.ok(cli.api.lintTemplate({}).errors.length > 0, 'a template without Resources is an error');
    const none = cli.run(['lint', cli.write('none.json', '{ "Parameters": {} }\n')]);
    assert.equal(none.status, 1);
    assert.match(none.stdout, /none\.json: error: Resources: /);
    assert.match(none.stdout, /none\.json: problems found \(1 error, 0 warnings; no Express services found\)\n$/);
    const list = cli.write('list.json', '[1, 2]\n');
    const r = cli.run(['lint', list]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /the file holds a list; expected a CloudFormation template/);
  });

  test('help, usage errors, and the command in the main help', () => {
    const help = cli.run(['lint', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^express-service lint <template\.json\|template\.yaml\|folder>\.\.\. \| - \[--json\]/);
    assert.match(help.stdout, /Exit: 0 no errors/);
    assert.match(cli.run(['--help']).stdout, /\n {2}lint +check the Express services of any CloudFormation template/);
    const none = cli.run(['lint']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /expected 1 or more file arguments, got 0/);
    const flag = cli.run(['lint', blog, '--jsno']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /unknown option --jsno; did you mean --json\?/);
  });
});

describe('lint of several templates (cdk.out/*.template.json, or the folder)', () => {
  const seed = path.join(golden, 'seed-cdk-json', 'template.json');
  const blog = path.join(golden, 'blog-yaml', 'template.yaml');
  // A CDK assembly: one clean stack, one with errors, and files that are not stack templates.
  const assembly = () => {
    const dir = fs.mkdtempSync(path.join(cli.work, 'cdk.out-'));
    fs.copyFileSync(seed, path.join(dir, 'Clean.template.json'));
    fs.writeFileSync(path.join(dir, 'Shop.template.json'), JSON.stringify(BLOG_JSON, null, 1));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ "version": "1" }\n');
    fs.writeFileSync(path.join(dir, 'tree.json'), '[1, 2]\n');
    return dir;
  };

  test('several files: each reported as alone, in order, then one verdict over all; exit 1 if any has an error', () => {
    const good = cli.write('good.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const r = cli.run(['lint', seed, blog, good]);
    assertNoTrace(r.stdout + r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    const alone = [seed, blog, good].map((f) => cli.run(['lint', f]).stdout);
    const blogAlone = cli.api.lintFile(blog);
    const errors = blogAlone.errors.length;
    const warnings = blogAlone.warnings.length + cli.api.lintFile(seed).warnings.length;
    const summary = `3 templates linted: problems found in 1 of them (${errors} errors, ${warnings} warning${warnings === 1 ? '' : 's'} in 4 Express services)\n`;
    assert.equal(r.stdout, [...alone, summary].join('\n'));
    // Only clean files: exit 0.
    const clean = cli.run(['lint', seed, good]);
    assert.equal(clean.status, 0);
    assert.match(clean.stdout, /\n2 templates linted: no (problems found|errors) \(0 errors, \d+ warnings? in 2 Express services\)\n$/);
  });

  test('a folder: every *.template.json directly in it, sorted; other files left alone', () => {
    const dir = assembly();
    const r = cli.run(['lint', dir]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    const files = [...r.stdout.matchAll(/^(\S+): (?:problems found|no problems found|no errors) \(/gm)].map((m) => m[1]);
    assert.deepEqual(files, [path.join(dir, 'Clean.template.json'), path.join(dir, 'Shop.template.json')]);
    assert.match(r.stdout, /\n2 templates linted: problems found in 1 of them \(/);
    const stray = cli.run(['lint', fs.mkdtempSync(path.join(cli.work, 'empty-'))]);
    assert.equal(stray.status, 2);
    assert.match(stray.stderr, /empty-\w+: no \*\.template\.json in the folder/);
    assert.match(stray.stdout, /^0 templates linted: .*; 1 file could not be read \(see above\)\n$/);
  });

  test('a missing file among good ones: the others still linted and reported, exit 2 over 1', () => {
    const good = cli.write('ok.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const r = cli.run(['lint', good, 'gone.json', seed]);
    assertNoTrace(r.stdout + r.stderr);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^express-service: gone\.json: no such file\n$/);
    assert.match(r.stdout, /ok\.yaml: no Express services found/);
    assert.match(r.stdout, /seed-cdk-json\/template\.json: no (problems found|errors)/);
    assert.match(r.stdout, /\n2 templates linted: no (problems found|errors) \(.*\); 1 file could not be read \(see above\)\n$/);
    // 2 wins over 1: a file with errors beside the missing one.
    assert.equal(cli.run(['lint', blog, 'gone.json']).status, 2);
  });

  test('--json: an array of the one-file objects with several files or a folder; the object with one file', () => {
    const dir = assembly();
    const r = cli.run(['lint', blog, dir, '--json']);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.ok(Array.isArray(out));
    assert.deepEqual(out.map((o) => o.file), [blog, path.join(dir, 'Clean.template.json'), path.join(dir, 'Shop.template.json')]);
    assert.deepEqual(out[0], JSON.parse(cli.run(['lint', blog, '--json']).stdout));
    for (const o of out) assert.deepEqual(Object.keys(o), ['file', 'services', 'errors', 'warnings']);
    // A folder alone is an array too (however many stacks it holds), so a script can rely on the shape.
    const one = fs.mkdtempSync(path.join(cli.work, 'one-'));
    fs.copyFileSync(seed, path.join(one, 'Only.template.json'));
    const folder = cli.run(['lint', one, '--json']);
    assert.equal(folder.status, 0);
    assert.deepEqual(JSON.parse(folder.stdout).map((o) => o.file), [path.join(one, 'Only.template.json')]);
    // A missing file: left out of the array, said on stderr, exit 2; stdout still one JSON value.
    const gone = cli.run(['lint', seed, 'gone.json', '--json']);
    assert.equal(gone.status, 2);
    assert.deepEqual(JSON.parse(gone.stdout).map((o) => o.file), [seed]);
    assert.match(gone.stderr, /gone\.json: no such file/);
  });

  test('"-" (standard input) only alone: a usage error beside other files, before anything is read', () => {
    const r = cli.run(['lint', seed, '-'], { input: fs.readFileSync(blog, 'utf8') });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /"-" \(standard input\) is read only alone/);
  });
});

/** The blog's two traps of one service, as a JSON template. */
const BLOG_JSON = {
  Resources: {
    Web: {
      Type: 'AWS::ECS::ExpressGatewayService',
      Properties: {
        Cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/default',
        InfrastructureRoleArn: 'arn:aws:iam::123456789012:role/infra',
        ExecutionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        Cpu: '256',
        Memory: '256',
        PrimaryContainer: { Image: 'nginx:latest' },
      },
    },
  },
  Outputs: { WebUrl: { Value: { 'Fn::Sub': 'https://web.ecs.${AWS::Region}.on.aws' } } },
};
