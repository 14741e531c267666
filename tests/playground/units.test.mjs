// The page's pure parts, in node: where a diagnostic path lands in the text (the CLI's parser, which the
// page bundles: compiled here from lib/text/, `npm run compile`), and that highlighting never changes the
// text it colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { highlight } from '../../playground/src/highlight.js';

const compiled = join(import.meta.dirname, '..', '..', 'lib', 'text', 'parse.js');
assert.ok(existsSync(compiled), `${compiled} is missing: run \`npm run compile\` first`);
const { parseSpecSource, offsetAt } = createRequire(import.meta.url)(compiled);

const at = (text, path) => {
  const range = parseSpecSource(text, 'spec').range(path);
  return range === undefined ? null : text.slice(range[0], range[1]);
};

test('range: a plain value marks key and value, an object its key alone, JSON and YAML alike', () => {
  const json = '{\n  "services": {\n    "Web": { "image": "nginx:1", "scaling": { "maxTasks": "x" } }\n  }\n}';
  assert.equal(at(json, 'services.Web.scaling.maxTasks'), '"maxTasks": "x"');
  assert.equal(at(json, 'services.Web.scaling'), '"scaling"');
  const yaml = 'services:\n  Web:\n    image: nginx:1\n    command: [a, 3]\n';
  assert.equal(at(yaml, 'services.Web.image'), 'image: nginx:1');
  assert.equal(at(yaml, 'services.Web.command[1]'), '3');
});

test('range: keys holding dots, missing keys (nearest parent), the whole spec (nothing)', () => {
  const yaml = 'services:\n  Web:\n    tags:\n      app.kubernetes.io/name: 5\n';
  assert.equal(at(yaml, 'services.Web.tags.app.kubernetes.io/name'), 'app.kubernetes.io/name: 5');
  assert.equal(at(yaml, 'services.Web.image'), 'Web');
  assert.equal(at(yaml, 'services.Api.image'), 'services');
  assert.equal(at(yaml, ''), null);
});

test('offsetAt: 1-based line and column, clamped to the text', () => {
  assert.equal(offsetAt('ab\ncd', 2, 2), 4);
  assert.equal(offsetAt('ab', 9, 1), 2);
});

test('the page reads text with the CLI\'s parser and writes YAML with its writer: no copies of either', async () => {
  const { readFile, readdir } = await import('node:fs/promises');
  const dir = join(import.meta.dirname, '..', '..', 'playground', 'src');
  const sources = Object.fromEntries(await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.js')).map(async (f) => [f, await readFile(join(dir, f), 'utf8')])));
  assert.match(sources['compute.js'], /from '\.\.\/\.\.\/ts\/text\/parse\.ts'/);
  for (const text of Object.values(sources)) assert.doesNotMatch(text, /ts\/cli\//, 'the page takes nothing of the CLI\'s own');
  assert.match(sources['main.js'], /\btoYaml\(lastGood\.template\)/);
  for (const [file, text] of Object.entries(sources)) {
    assert.doesNotMatch(text, /\bparseDocument\(|aliasDuplicateObjects/, `${file} parses or writes YAML on its own`);
  }
});

test('highlight keeps the text: tags stripped and entities decoded give it back', () => {
  const samples = {
    json: '{\n  "a<b>": [1, -2.5e3, true, null, "x\\"&y"],\n  "Fn::GetAtt": ["A", "B"]\n}\n',
    yaml: 'a: 1 # note\n- b: "q # not a comment"\nFn::GetAtt: [A, B]\nc: |\n  text & <more>\n',
  };
  for (const [format, text] of Object.entries(samples)) {
    const html = highlight(text, /** @type {'json'|'yaml'} */ (format), [{ from: 3, to: 9, kind: 'error' }]);
    const back = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    assert.equal(back, text, format);
    assert.match(html, /class="[^"]*m-error/);
  }
});

test('one stray YAML line gives the errors of that line, not one for each line after it (CLI and page alike)', () => {
  const text = 'services:\n  Web:\n\tstray\n    image: nginx:1.27\n    cpu: 256\n    memory: 512\n  Api:\n    image: nginx:1.27\n';
  let diagnostics;
  try {
    parseSpecSource(text, 'spec.yaml');
  } catch (e) {
    diagnostics = e.diagnostics;
  }
  assert.deepEqual(
    diagnostics.map((d) => [d.line, d.column, d.code]),
    [
      [3, 1, 'syntax'],
      [3, 2, 'syntax'],
    ],
  );
  // Two problems of their own, far apart, are both told.
  const two = 'services:\n  Web:\n\tstray\n    image: nginx:1.27\n  Api:\n    image: [nginx\n';
  try {
    parseSpecSource(two, 'spec.yaml');
  } catch (e) {
    diagnostics = e.diagnostics;
  }
  // (The unclosed list is found where the text ends.)
  assert.deepEqual([...new Set(diagnostics.map((d) => d.line))], [3, 7]);
});
