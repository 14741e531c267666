// A small JSON / YAML highlighter: enough colour to read a spec or a template at a glance, no editor
// library. It also paints marks (the spots diagnostics point at) over the same text.

/** @typedef {[number, number, string]} Token  start, end, class */
/** @typedef {{ from: number, to: number, kind: string }} Mark  kind: 'error' | 'warning' | 'active' */

const JSON_TOKEN = /("(?:[^"\\\n]|\\.)*"?)(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b|\b(true|false|null)\b|([{}[\],:])/g;

/** @param {string} text  @param {number} [base]  @returns {Token[]} */
export function jsonTokens(text, base = 0) {
  /** @type {Token[]} */
  const out = [];
  for (const m of text.matchAll(JSON_TOKEN)) {
    const at = base + /** @type {number} */ (m.index);
    if (m[1] !== undefined) out.push([at, at + m[1].length, m[2] ? 'k' : 's']);
    else if (m[3] !== undefined) out.push([at, at + m[3].length, 'n']);
    else if (m[4] !== undefined) out.push([at, at + m[4].length, 'b']);
    else out.push([at, at + m[0].length, 'p']);
  }
  return out;
}

// indent and list dashes | a key (may hold ':' not followed by a space, as in Fn::GetAtt) and its colon
const YAML_LEAD = /^(\s*(?:-\s+)*)(?:("[^"]*"|'[^']*'|[^\s#'"{}[\],&*!|>%@`-](?:[^:\n]|:(?=\S))*?|-[^\s:](?:[^:\n]|:(?=\S))*?)\s*(:)(?=\s|$))?/;
const YAML_SCALAR = /^(?:(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null|~))$/;

/** @param {string} text  @returns {Token[]} */
export function yamlTokens(text) {
  /** @type {Token[]} */
  const out = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const lead = /** @type {RegExpExecArray} */ (YAML_LEAD.exec(line));
    let at = lead[1].length;
    if (lead[1].includes('-')) out.push([start + lead[1].indexOf('-'), start + at, 'p']);
    if (lead[2] !== undefined) {
      out.push([start + at, start + at + lead[2].length, 'k']);
      at = lead[0].length;
      out.push([start + at - 1, start + at, 'p']);
    }
    let rest = line.slice(at);
    const comment = /(^|\s)#.*$/.exec(rest);
    if (comment && !/^\s*["']/.test(rest)) {
      const c = at + comment.index + comment[1].length;
      out.push([start + c, start + line.length, 'c']);
      rest = line.slice(at, c);
    }
    const value = rest.trim();
    if (value !== '') {
      const v = start + at + rest.indexOf(value);
      const scalar = YAML_SCALAR.exec(value);
      if (scalar) out.push([v, v + value.length, scalar[1] ? 'n' : 'b']);
      else if (/^[[{]/.test(value)) out.push(...jsonTokens(value, v));
      else if (!/^[|>]/.test(value)) out.push([v, v + value.length, 's']);
    }
    start += line.length + 1;
  }
  return out.sort((x, y) => x[0] - y[0]);
}

const ESCAPES = /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' });
const escape = (/** @type {string} */ s) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]);

/**
 * HTML of `text` with its tokens coloured and the marks painted over them.
 * @param {string} text  @param {Token[]} tokens  @param {Mark[]} [marks]  @param {boolean} [overlay]
 */
export function render(text, tokens, marks = [], overlay = false) {
  const cuts = new Set([0, text.length]);
  for (const [a, b] of tokens) cuts.add(a).add(b);
  for (const { from, to } of marks) cuts.add(Math.min(from, text.length)).add(Math.min(to, text.length));
  const points = [...cuts].sort((a, b) => a - b);
  let html = '';
  let t = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    while (t < tokens.length && tokens[t][1] <= a) t++;
    const classes = [];
    if (t < tokens.length && tokens[t][0] <= a) classes.push('t-' + tokens[t][2]);
    const kinds = new Set(marks.filter((m) => m.from <= a && b <= m.to).map((m) => m.kind));
    if (kinds.has('error')) classes.push('m-error');
    else if (kinds.has('warning')) classes.push('m-warning');
    if (kinds.has('active')) classes.push('m-active');
    const chunk = escape(text.slice(a, b));
    html += classes.length ? `<span class="${classes.join(' ')}">${chunk}</span>` : chunk;
  }
  // Under a textarea, a trailing newline needs a character after it or the copy is one line shorter.
  return overlay ? html + '\n' : html;
}

/** @param {string} text  @param {'json'|'yaml'} format  @param {Mark[]} [marks]  @param {boolean} [overlay] */
export function highlight(text, format, marks, overlay) {
  return render(text, format === 'yaml' ? yamlTokens(text) : jsonTokens(text), marks, overlay);
}
