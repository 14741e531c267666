// The documentation as a whole (pages() of blocks.mjs: README.md, CONTRIBUTING.md, docs/*.md): every code block
// is one the tests run or one that is only shown, no page with blocks the tests run is left out of the list, and
// every relative link leads to a file of the repository and, with an #anchor, to a heading of that page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blocks, pages, root } from './blocks.mjs';

// The languages the tests run, and by whom.
const RUN = {
  ts: 'snippets-ts.test.mjs (tsc --strict)',
  yaml: 'specs.test.mjs (express-service validate and synth)',
  json: 'specs.test.mjs (express-service validate and synth)',
  python: 'tests/python/test_construct.py (pytest)',
};
// The languages only shown: commands, output, shapes that are not specs, the node API beside files it names.
const SHOWN = new Set(['sh', 'console', 'text', 'jsonc', 'js']);

test('every code block of the docs is in a language the tests run, or one only shown', () => {
  const wrong = pages()
    .flatMap(blocks)
    .filter((b) => !(b.lang in RUN) && !SHOWN.has(b.lang))
    .map((b) => `${b.page}:${b.line}: ${b.lang ? `\`\`\`${b.lang}` : 'a block without a language'}`);
  assert.deepEqual(wrong, [], `name the language of each block: one of ${[...Object.keys(RUN), ...SHOWN].join(', ')}`);
});

test('pytest reads the same pages for their python blocks', () => {
  const py = fs.readFileSync(path.join(root, 'tests', 'python', 'test_construct.py'), 'utf8');
  const fn = /^def doc_pages\(\):\n(?:    .*\n)+/m.exec(py)?.[0] ?? '';
  for (const part of ['"README.md"', '"CONTRIBUTING.md"', '(root / "docs").glob("*.md")']) {
    assert.ok(fn.includes(part), `doc_pages() in tests/python/test_construct.py does not read ${part}`);
  }
});

// Folders that hold no documentation of the project: dependencies, build output, tools.
const NOT_DOCS = new Set(['node_modules', 'target', 'dist', 'lib', 'pkg', '.git', '.tools', '.venv', '.venv-checkov', 'test-results', 'cdk.out', 'fuzz']);

function markdownFiles(dir = '') {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return NOT_DOCS.has(e.name) ? [] : markdownFiles(rel);
    return e.name.endsWith('.md') ? [rel] : [];
  });
}

test('no Markdown page with blocks the tests run is left out of the docs', () => {
  const listed = new Set(pages());
  const left = markdownFiles()
    .filter((f) => !listed.has(f))
    .flatMap((f) => blocks(f).filter((b) => b.lang in RUN).map((b) => `${f}:${b.line} (${b.lang})`));
  assert.deepEqual(left, [], 'these blocks would never run: move them to a page of pages() (tests/docs/blocks.mjs), or list the page there');
});

/** GitHub's anchor of a heading: lower case, punctuation but - and _ dropped, spaces to -. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown page's headings (outside code blocks), numbered as GitHub numbers repeats. */
function anchors(page) {
  const seen = new Map();
  const out = new Set();
  let fenced = false;
  for (const line of fs.readFileSync(path.join(root, page), 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const h = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = slug(h[1].replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The relative links of a page, outside code blocks and inline code: { line, target }. */
function links(page) {
  const out = [];
  let fenced = false;
  fs.readFileSync(path.join(root, page), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*```/.test(line)) fenced = !fenced;
      if (fenced) return;
      for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1])) out.push({ line: i + 1, target: m[1] });
      }
    });
  return out;
}

test('the docs have links to check', () => {
  assert.ok(links('README.md').length >= 10);
});

test('every relative link of the docs leads to a file of the repository, and every #anchor to a heading', () => {
  const broken = [];
  for (const page of pages()) {
    for (const { line, target } of links(page)) {
      const [file, anchor] = target.split('#');
      const to = file === '' ? page : path.normalize(path.join(path.dirname(page), decodeURIComponent(file)));
      const at = `${page}:${line}: ${target}`;
      if (to.startsWith('..') || !fs.existsSync(path.join(root, to))) {
        broken.push(`${at}: no file ${to}`);
      } else if (anchor !== undefined && to.endsWith('.md') && !anchors(to).has(anchor)) {
        broken.push(`${at}: ${to} has no heading #${anchor}`);
      }
    }
  }
  assert.deepEqual(broken, []);
});
