// Shows a highlighted text in a <pre>, one <span> per line, and on each update replaces only the lines
// between the unchanged head and tail. A keystroke in the spec usually changes a line or two of a
// template of hundreds: re-parsing all of its HTML on every key would cost more than computing it.
import { highlight } from './highlight.js';

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
    if (old.length === 0) this.pre.replaceChildren();
    let head = 0;
    while (head < lines.length && head < old.length && lines[head] === old[head]) head++;
    let tail = 0;
    while (tail < lines.length - head && tail < old.length - head && lines[lines.length - 1 - tail] === old[old.length - 1 - tail]) tail++;
    const spans = this.pre.children;
    for (let i = old.length - tail - 1; i >= head; i--) spans[i].remove();
    const fresh = document.createDocumentFragment();
    for (let i = head; i < lines.length - tail; i++) {
      const span = document.createElement('span');
      span.innerHTML = highlight(lines[i], format);
      fresh.append(span);
    }
    this.pre.insertBefore(fresh, spans[head] ?? null);
    this.lines = lines;
    this.format = format;
  }
}
