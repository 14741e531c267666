// The spec editor: a plain textarea (typing, undo, selection, accessibility all native) laid exactly over
// a highlighted <pre> of the same text, with a gutter of line numbers. The surrounding box scrolls; the
// textarea is sized to its text so the three never drift apart.
import { jsonTokens, render, yamlTokens } from './highlight.js';
import { replaceLines } from './lines-view.js';

export class Editor {
  /** @param {HTMLElement} box  holds .gutter, .code > pre.highlight and textarea */
  constructor(box) {
    this.box = box;
    this.gutter = /** @type {HTMLElement} */ (box.querySelector('.gutter'));
    this.pre = /** @type {HTMLElement} */ (box.querySelector('pre.highlight'));
    this.input = /** @type {HTMLTextAreaElement} */ (box.querySelector('textarea'));
    /** @type {'json'|'yaml'} */
    this.format = 'json';
    /** @type {import('./highlight.js').Mark[]} */
    this.marks = [];
    this.lineCount = 0;
    /** @type {string[]} the highlighted lines shown, as HTML */
    this.shown = [];
    /** @type {Map<string, string>} the markup of the unmarked lines shown, by format and text */
    this.lines = new Map();
    this.numbers = '';
    this.input.addEventListener('keydown', (e) => this.onKey(e));
  }

  get text() {
    return this.input.value;
  }

  /** Replaces the whole text (a preset, a share link, a format switch): not an edit, so no undo entry. */
  setText(/** @type {string} */ text) {
    this.input.value = text;
  }

  /**
   * Repaints the highlighted copy, its marks and the gutter: only the lines whose markup changed (a key changes
   * one line of hundreds; replacing them all made the browser lay out the whole copy again on every key).
   */
  paint() {
    const text = this.input.value;
    const html = this.lineHtml(text);
    this.shown = replaceLines(this.pre, this.shown, html, (i) => html[i]);
    const lines = html.length;
    const flagged = new Map();
    for (const m of this.marks) {
      if (m.kind === 'active') continue;
      const line = text.slice(0, m.from).split('\n').length;
      if (flagged.get(line) !== 'error') flagged.set(line, m.kind);
    }
    let numbers = '';
    for (let i = 1; i <= lines; i++) numbers += flagged.has(i) ? `<span class="g-${flagged.get(i)}">${i}</span>\n` : `${i}\n`;
    if (numbers !== this.numbers) this.gutter.innerHTML = this.numbers = numbers;
    this.lineCount = lines;
  }

  /**
   * The highlighted copy's markup line by line, each with its '\n' (the last with one added: under a textarea,
   * a trailing newline needs a character after it or the copy is one line shorter). A line is tokenized on its
   * own (JSON and YAML tokens end at the line's end) and its markup kept from the last paint while its text and
   * format are the same and no mark touches it: a key re-renders one line, not hundreds. A mark that spans
   * lines is painted on each line it covers, its newlines included.
   * @param {string} text  @returns {string[]}
   */
  lineHtml(text) {
    const tokens = this.format === 'yaml' ? yamlTokens : jsonTokens;
    const lines = text.split('\n');
    const kept = new Map();
    const out = [];
    let start = 0;
    for (const [i, line] of lines.entries()) {
      const last = i === lines.length - 1;
      const own = last ? line : `${line}\n`;
      const end = start + own.length;
      const marks = this.marks
        .filter((m) => m.from < end && m.to > start)
        .map((m) => ({ from: Math.max(m.from, start) - start, to: Math.min(m.to, end) - start, kind: m.kind }));
      const key = `${this.format}:${own}`;
      let html = marks.length === 0 ? (this.lines.get(key) ?? kept.get(key)) : undefined;
      if (html === undefined) html = render(own, tokens(line), marks, last);
      if (marks.length === 0) kept.set(key, html);
      out.push(html);
      start = end;
    }
    this.lines = kept;
    return out;
  }

  /** Selects [from, to), scrolls it into view and flashes it. */
  jump(/** @type {number} */ from, /** @type {number} */ to) {
    this.input.focus({ preventScroll: true });
    this.input.setSelectionRange(from, Math.max(from, to));
    const lineHeight = parseFloat(getComputedStyle(this.input).lineHeight) || 20;
    const line = this.input.value.slice(0, from).split('\n').length - 1;
    const y = line * lineHeight;
    if (y < this.box.scrollTop + lineHeight || y > this.box.scrollTop + this.box.clientHeight - 2 * lineHeight) {
      this.box.scrollTop = Math.max(0, y - this.box.clientHeight / 3);
    }
    const column = from - (this.input.value.lastIndexOf('\n', from - 1) + 1);
    const x = column * (this.charWidth() || 8);
    if (x < this.box.scrollLeft || x > this.box.scrollLeft + this.box.clientWidth - 80) this.box.scrollLeft = Math.max(0, x - 80);
  }

  charWidth() {
    const probe = document.createElement('span');
    probe.textContent = 'x'.repeat(20);
    this.pre.append(probe);
    const w = probe.getBoundingClientRect().width / 20;
    probe.remove();
    return w;
  }

  /** Tab indents by two spaces (Escape first, then Tab, leaves the editor as usual). */
  onKey(/** @type {KeyboardEvent} */ e) {
    if (e.key === 'Escape') this.escaped = true;
    if (e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || this.escaped) {
      if (e.key !== 'Escape') this.escaped = false;
      return;
    }
    e.preventDefault();
    // execCommand keeps the native undo stack; it fires 'input' like typing does.
    document.execCommand('insertText', false, '  ');
  }
}
