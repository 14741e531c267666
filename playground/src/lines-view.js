// Shows a highlighted text in a <pre>, one block (<div>) per line, and on each update replaces only the lines
// between the unchanged head and tail. A keystroke in the spec usually changes a line or two of a
// template of thousands: re-parsing all of its HTML on every key would cost more than computing it. Each line
// is a block of its own so that the browser lays out only the lines replaced: inline <span> lines all shared
// one inline formatting context, and any change re-laid out every line of it (50 services: 2,000 template
// lines, 20–30 ms of layout a key in Chromium, bench/results/profile-playground.md).
import { highlight } from './highlight.js';

/**
 * Replaces the children of `pre` that differ: `keys` are the new lines' identities (their text, or their
 * HTML), `old` the shown ones'; `html(i)` makes line i's markup. Returns `keys`, to pass as `old` next time.
 * @param {HTMLElement} pre  @param {string[]} old  @param {string[]} keys  @param {(i: number) => string} html
 */
export function replaceLines(pre, old, keys, html) {
  if (old.length === 0) pre.replaceChildren();
  let head = 0;
  while (head < keys.length && head < old.length && keys[head] === old[head]) head++;
  let tail = 0;
  while (tail < keys.length - head && tail < old.length - head && keys[keys.length - 1 - tail] === old[old.length - 1 - tail]) tail++;
  const rows = pre.children;
  for (let i = old.length - tail - 1; i >= head; i--) rows[i].remove();
  const fresh = document.createDocumentFragment();
  for (let i = head; i < keys.length - tail; i++) {
    const row = document.createElement('div');
    row.innerHTML = html(i);
    fresh.append(row);
  }
  pre.insertBefore(fresh, rows[head] ?? null);
  return keys;
}

export class LinesView {
  /** @param {HTMLElement} pre */
  constructor(pre) {
    this.pre = pre;
    /** @type {string[]} */
    this.lines = [];
    /** @type {'json'|'yaml'|''} */
    this.format = '';
  }

  /** @param {string} text  @param {'json'|'yaml'} format */
  show(text, format) {
    // Every line is kept with its '\n', so the <pre>'s textContent is exactly `text`.
    const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const old = this.format === format ? this.lines : [];
    this.lines = replaceLines(this.pre, old, lines, (i) => highlight(lines[i], format));
    this.format = format;
  }
}
