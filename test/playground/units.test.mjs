// The page's pure parts, in node: where a diagnostic path lands in the text, and that highlighting never
// changes the text it colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { locate, offsetOf } from '../../playground/src/locate.js';
import { highlight } from '../../playground/src/highlight.js';

const at = (text, path) => {
  const range = locate(parseDocument(text), path);
  return range && text.slice(range[0], range[1]);
};

test('locate: a plain value marks key and value, an object its key alone, JSON and YAML alike', () => {
  const json = '{\n  "services": {\n    "Web": { "image": "nginx:1", "scaling": { "maxTasks": "x" } }\n  }\n}';
  assert.equal(at(json, 'services.Web.scaling.maxTasks'), '"maxTasks": "x"');
  assert.equal(at(json, 'services.Web.scaling'), '"scaling"');
  const yaml = 'services:\n  Web:\n    image: nginx:1\n    command: [a, 3]\n';
  assert.equal(at(yaml, 'services.Web.image'), 'image: nginx:1');
  assert.equal(at(yaml, 'services.Web.command[1]'), '3');
});

test('locate: keys holding dots, missing keys (nearest parent), the whole spec (nothing)', () => {
  const yaml = 'services:\n  Web:\n    tags:\n      app.kubernetes.io/name: 5\n';
  assert.equal(at(yaml, 'services.Web.tags.app.kubernetes.io/name'), 'app.kubernetes.io/name: 5');
  assert.equal(at(yaml, 'services.Web.image'), 'Web');
  assert.equal(at(yaml, 'services.Api.image'), 'services');
  assert.equal(at(yaml, ''), null);
});

test('offsetOf: 1-based line and column, clamped to the text', () => {
  assert.equal(offsetOf('ab\ncd', 2, 2), 4);
  assert.equal(offsetOf('ab', 9, 1), 2);
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
