// The hostile corpus (tests/hostile/README.md) for the node test suites: its files, their expectations, the
// `⟪TEXT*N⟫` shorthand expanded, and the checks every front door's messages must pass.
import fs from 'node:fs';
import path from 'node:path';

export const dir = path.dirname(new URL(import.meta.url).pathname);

/** `⟪TEXT*N⟫`: TEXT N times, each `#` the copy's index; innermost first. */
export function expand(text) {
  let s = text;
  for (let end = s.indexOf('⟫'); end >= 0; end = s.indexOf('⟫')) {
    const start = s.lastIndexOf('⟪', end);
    const body = s.slice(start + 1, end);
    const star = body.lastIndexOf('*');
    const n = Number(body.slice(star + 1));
    const unit = body.slice(0, star);
    const copies = Array.from({ length: n }, (_, i) => unit.replaceAll('#', String(i))).join('');
    s = s.slice(0, start) + copies + s.slice(end + 1);
  }
  return s;
}

/** `[file, expectation, text]` for every spec case. */
export function specCases() {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return Object.entries(expected).map(([file, want]) => [file, want, expand(fs.readFileSync(path.join(dir, 'specs', file), 'utf8'))]);
}

/** The construct's cases: `{ name, props, prop }`, props as JSON (`$image` not yet replaced). */
export function propsCases() {
  return JSON.parse(expand(fs.readFileSync(path.join(dir, 'props.json'), 'utf8')));
}

/** Why the diagnostics miss the expected one (undefined when one matches); `door` picks an override. */
export function mismatch(want, errors, warnings, door) {
  const override = want[door] ?? {};
  const code = override.code ?? want.code;
  const pool = want.kind === 'warning' ? warnings : want.kind === 'any' ? [...errors, ...warnings] : errors;
  const at = (d) => (want.pathStartsWith ? d.path.startsWith(want.path) : d.path === want.path);
  if (pool.some((d) => d.code === code && at(d))) return undefined;
  const found = [...errors, ...warnings].map((d) => `${d.path.slice(0, 60)} [${d.code}]`).join('; ');
  return `expected ${want.path} [${code}], found ${found || 'nothing'}`;
}

/** Words no message may hold: a library's own advice, a program's internals, a stack frame. */
const LEAKS = [/parseAllDocuments/, /please use/i, /panicked/, /RUST_BACKTRACE/, /\bundefined\b/, /\[object /, /resource exhaustion attack/, /^\s+at .+:\d+:\d+\)?$/m, /TypeError|RangeError|ReferenceError/];

/** The leak a message has, if any. */
export function leak(message) {
  return LEAKS.find((re) => re.test(message));
}
