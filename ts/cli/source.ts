// Reading a spec or template file (JSON or YAML) into a plain value, keeping the parsed document so that a
// diagnostic's dotted path (`services.Web.network.subnets[1]`) can be traced back to a line of the file.

import * as fs from 'node:fs';
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar } from 'yaml';
import { Diagnostic, LocatedDiagnostic } from './types';

export type Format = 'json' | 'yaml';

/** A file that could not be read (missing, a directory, no permission): a usage or I/O problem, not a bad spec. */
export class FileError extends Error {
  constructor(readonly file: string, message: string) {
    super(message);
    this.name = 'FileError';
  }
}

/**
 * The input is not acceptable: it does not parse, or the core rejected it. `diagnostics` holds every error,
 * placed in the file when one was read.
 */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly diagnostics: LocatedDiagnostic[],
    readonly warnings: LocatedDiagnostic[] = [],
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

/** A parsed file: its value, and where each part of it came from. */
export interface Source {
  /** The file name as given (`-` for standard input). */
  readonly file: string;
  readonly format: Format;
  readonly text: string;
  /** The parsed value (plain objects, arrays, strings, numbers, booleans, null). */
  readonly value: unknown;
  /** The diagnostic, with the line and column of the value its path names (or of its nearest existing parent). */
  locate(d: Diagnostic): LocatedDiagnostic;
}

/** Reads a file as UTF-8 text; `-` reads standard input. */
export function readText(file: string): string {
  if (file === '-') {
    try {
      return fs.readFileSync(0, 'utf8');
    } catch (e) {
      throw new FileError(file, `cannot read standard input: ${errorText(e)}`);
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(file, code === 'ENOENT' ? `${file}: no such file` : `${file}: ${errorText(e)}`);
  }
  if (stat.isDirectory()) {
    throw new FileError(file, `${file}: is a directory, expected a file`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileError(file, `${file}: cannot read: ${errorText(e)}`);
  }
}

/** The format of a file: by its extension, else by its first character (`{` or `[`: JSON). */
export function formatOf(file: string, text: string): Format {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, '')) ? 'json' : 'yaml';
}

/** What parsing needs beyond the text. */
export interface ParseOptions {
  /** Force a format instead of guessing it from the name and content. */
  readonly format?: Format;
  /**
   * Rewrites the parsed document before it becomes a value; given, local tags (`!Ref`) are left to it
   * instead of being refused.
   */
  readonly transform?: (doc: Document) => void;
  /** What the file should hold, for the message about an empty file, e.g. `a spec: services: { Web: { image: nginx } }`. */
  readonly expected: string;
}

/** Reads and parses a file; throws `FileError` when it cannot be read, `SpecError` when it does not parse. */
export function loadSource(file: string, options: ParseOptions): Source {
  return parseSource(readText(file), file, options);
}

/** Parses text as JSON or YAML; throws `SpecError` (every syntax error, with line and column) when it does not parse. */
export function parseSource(text: string, file: string, options: ParseOptions): Source {
  const body = text.replace(/^\uFEFF/, '');
  const format = options.format ?? formatOf(file, body);
  const lines = new LineCounter();
  const fail = (diagnostics: LocatedDiagnostic[]): never => {
    const list = diagnostics.map((d) => `\n  ${where(d)}${d.message}`).join('');
    throw new SpecError(`${file} is not valid ${format.toUpperCase()}:${list}`, diagnostics);
  };
  if (body.trim() === '') {
    fail([{ path: '', code: 'empty-file', message: `the file is empty; expected ${options.expected}`, file }]);
  }
  // JSON files are held to JSON: YAML would also accept trailing commas, comments or unquoted keys.
  if (format === 'json') {
    try {
      JSON.parse(body);
    } catch (e) {
      fail([jsonSyntax(e, body, file)]);
    }
  }
  const doc = parseDocument(body, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    // YAML 1.2: `on`, `yes` and `0755` are not booleans or octal. Anchors and `<<` merge keys let services
    // share settings (`Api: { <<: *web, image: ... }`); toJS bounds alias expansion.
    version: '1.2',
    merge: true,
  });
  const warnings = options.transform ? doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED') : doc.warnings;
  const problems = [...doc.errors, ...warnings].map((e): LocatedDiagnostic => {
    const { line, col: column } = lines.linePos(e.pos[0]);
    const code = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : e.code === 'TAG_RESOLVE_FAILED' ? 'yaml-tag' : 'syntax';
    const message = yamlMessage(e.message, code);
    return { path: '', code, message, file, line, column, source: lineText(body, line) };
  });
  if (problems.length > 0) fail(problems);
  if (doc.contents === null) {
    fail([{ path: '', code: 'empty-file', message: `the file holds no value (only comments); expected ${options.expected}`, file }]);
  }
  let value: unknown;
  try {
    options.transform?.(doc);
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    fail([{ path: '', code: 'syntax', message: `invalid YAML: ${errorText(e)}`, file }]);
  }
  return {
    file,
    format,
    text: body,
    value,
    locate: (d) => {
      const offset = offsetOf(doc, d.path);
      if (offset === undefined) return { ...d, file };
      const { line, col } = lines.linePos(offset);
      return { ...d, file, line, column: col, source: lineText(body, line) };
    },
  };
}

/** `file:line:column: ` (or less) before a message. */
export function where(d: LocatedDiagnostic): string {
  if (d.file === undefined) return '';
  if (d.line === undefined) return `${d.file}: `;
  return `${d.file}:${d.line}:${d.column ?? 1}: `;
}

/** The offset of the node a dotted path names, or of its deepest existing ancestor. Root: none. */
export function offsetOf(doc: Document, path: string): number | undefined {
  if (path === '' || doc.contents === null) return undefined;
  return walk(doc.contents as Node, path)?.offset;
}

interface Hit {
  readonly offset: number;
  /** How much of the path was found. */
  readonly depth: number;
  readonly complete: boolean;
}

// Keys may themselves hold dots or brackets (a tag `app.kubernetes.io/name`), so a path is matched against
// the keys that exist rather than split blindly: the longest full match wins, else the deepest partial one.
function walk(node: Node, rest: string, depth = 0): Hit | undefined {
  let best: Hit | undefined;
  const consider = (hit: Hit | undefined) => {
    if (hit === undefined) return;
    if (best === undefined || (hit.complete && !best.complete) || (hit.complete === best.complete && hit.depth > best.depth)) {
      best = hit;
    }
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String((keyNode as Scalar).value) : undefined;
      if (key === undefined || !rest.startsWith(key)) continue;
      const after = rest.slice(key.length);
      const offset = keyNode?.range?.[0];
      if (offset === undefined) continue;
      if (after === '') {
        consider({ offset, depth: depth + 1, complete: true });
      } else if (after.startsWith('.') || after.startsWith('[')) {
        const next = after.startsWith('.') ? after.slice(1) : after;
        const value = pair.value as Node | null;
        const inner = value === null ? undefined : walk(value, next, depth + 1);
        consider(inner ?? { offset, depth: depth + 1, complete: false });
      }
    }
  } else if (isSeq(node)) {
    const m = /^\[(\d+)\](.*)$/.exec(rest);
    const item = m ? (node.items[Number(m[1])] as Node | undefined) : undefined;
    const offset = item?.range?.[0];
    if (m && item && offset !== undefined) {
      const after = m[2];
      if (after === '') {
        consider({ offset, depth: depth + 1, complete: true });
      } else {
        const next = after.startsWith('.') ? after.slice(1) : after;
        consider(walk(item, next, depth + 1) ?? { offset, depth: depth + 1, complete: false });
      }
    }
  }
  return best;
}

/** Line `line` (1-based) of a text, without its line break. */
export function lineText(text: string, line: number | undefined): string | undefined {
  if (line === undefined) return undefined;
  const found = text.split(/\r?\n/)[line - 1];
  return found === undefined ? undefined : found.replace(/\s+$/, '');
}

// JSON.parse says "… in JSON at position 42" (node 20) or "(line 3 column 5)" (newer); either way, a line and column.
function jsonSyntax(e: unknown, text: string, file: string): LocatedDiagnostic {
  const raw = errorText(e);
  const lc = /\(line (\d+) column (\d+)\)/.exec(raw);
  const pos = /at position (\d+)/.exec(raw);
  let line: number | undefined;
  let column: number | undefined;
  if (lc) {
    [line, column] = [Number(lc[1]), Number(lc[2])];
  } else {
    const offset = pos ? Number(pos[1]) : /end of (JSON )?input/i.test(raw) ? text.length : undefined;
    if (offset !== undefined) {
      const before = text.slice(0, offset).split('\n');
      [line, column] = [before.length, before[before.length - 1].length + 1];
    }
  }
  const message = raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+.*$/s, '').replace(/^SyntaxError: /, '');
  return { path: '', code: 'syntax', message: `invalid JSON: ${message}`, file, line, column, source: lineText(text, line) };
}

function yamlMessage(message: string, code: string): string {
  // The library appends " at line L, column C:" and a code excerpt; the CLI prints its own.
  const text = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  if (code === 'duplicate-key') return 'duplicate key: each key may appear once in a mapping';
  if (code === 'yaml-tag') return `${text}; only plain YAML values are accepted here`;
  return `invalid YAML: ${text}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
