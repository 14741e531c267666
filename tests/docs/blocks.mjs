// The fenced code blocks of the documentation's Markdown pages (README.md, CONTRIBUTING.md, docs/*.md), by
// language.
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The pages of the documentation, whose examples and links are tested (relative to the root). tests/python reads
 * the same pages for their ```python blocks (doc_pages() in tests/python/test_construct.py).
 */
export function pages() {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', 'CONTRIBUTING.md', ...docs.sort()];
}

/** Every fenced block of `page` (relative to the root): { page, line, lang, text, file?, invalid, template }. */
export function blocks(page) {
  const lines = fs.readFileSync(path.join(root, page), 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(open[1].length));
    if (i === lines.length) throw new Error(`${page}:${start + 1}: a code block that is never closed`);
    // `<!-- file: NAME -->` (or `<!-- file: NAME (invalid) -->`) on the line before names the block as a file
    // that the page's console examples read; `(template)` or `(template, invalid)` names a CloudFormation
    // template (`express-service lint`), not a spec.
    const named = /^<!-- file: (\S+)(?: \((template)?(?:, )?(invalid)?\))? -->$/.exec(lines[start - 1] ?? '');
    out.push({
      page,
      line: start + 1,
      lang: open[2],
      text: body.join('\n') + '\n',
      file: named?.[1],
      invalid: named?.[3] !== undefined,
      template: named?.[2] !== undefined,
    });
  }
  return out;
}
