// Parsing spec and template text (JSON or YAML) into a plain value, keeping the parsed document so that a
// diagnostic's dotted path (`services.Web.network.subnets[1]`) can be traced back to a spot in the text.
// The one implementation for every front door that reads text: the CLI and its node API (ts/cli/), and the
// playground (which bundles this file), so the same input gets the same messages everywhere. Only `yaml`
// is used (loaded on first use, ./yaml-lib): no node built-ins, nothing of the CLI's.

import type { Document, ErrorCode, LineCounter, Node, Scalar, YAMLError } from 'yaml';
import { describe } from './describe';
import { yaml } from './yaml-lib';
import type { Diagnostic } from 'cdk-express-service-core';

/** A diagnostic placed in the file it came from (when the CLI or `loadSpec` read one). */
export interface LocatedDiagnostic extends Diagnostic {
  /** The file, as given. */
  readonly file?: string;
  /** 1-based line of the offending value (or of its nearest existing parent when the value is missing). */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** The text of that line. */
  readonly source?: string;
}

export type Format = 'json' | 'yaml';

/** What a spec holds, for the messages about an empty file or a value that is not a mapping. */
export const SPEC_EXPECTED = 'a spec such as "services: { Web: { image: public.ecr.aws/nginx/nginx:latest } }"';

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

/** Parsed text: its value, and where each part of it came from. */
export interface Source {
  /** The file name as given (`-` for standard input). */
  readonly file: string;
  readonly format: Format;
  readonly text: string;
  /** The parsed value: always a mapping (a plain object) of plain values. */
  readonly value: { [key: string]: unknown };
  /** The diagnostic, with the line and column of the value its path names (or of its nearest existing parent). */
  locate(d: Diagnostic): LocatedDiagnostic;
  /**
   * The [from, to) offsets in `text` of what a path names: key and value for a plain value, the key alone
   * for a mapping or list, the nearest existing parent's key for a missing one; undefined for the root.
   */
  range(path: string): [number, number] | undefined;
}

/** The format of a text: by the name's extension, else by its first character (`{` or `[`: JSON). */
export function formatOf(file: string | undefined, text: string): Format {
  const lower = (file ?? '').toLowerCase();
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
  /**
   * The core's reader (`checkJson`): given, JSON text is read by `JSON.parse` and checked by the core for what
   * `JSON.parse` lets pass (a key written twice, nesting past 128), and the YAML document that places
   * diagnostics in the text is only made when one needs placing: large JSON files are read fast.
   */
  readonly checkJson?: (text: string) => Diagnostic[];
}

/** What a diagnostic about the file as a whole (its syntax, its kind of value) says of itself. */
function wholeFile(): Pick<Diagnostic, 'path' | 'related' | 'scope'> {
  return { path: '', related: [], scope: 'template' };
}

/**
 * Parses text as JSON or YAML into a mapping; throws `SpecError` (every syntax error, with line and column)
 * when it does not parse or holds something else than a mapping (a string would otherwise reach the core,
 * which reads a string as JSON text).
 */
export function parseSource(text: string, file: string, options: ParseOptions): Source {
  const body = text.replace(/^\uFEFF/, '');
  const format = options.format ?? formatOf(file, body);
  const fail = (diagnostics: LocatedDiagnostic[], head = `${file} is not valid ${format.toUpperCase()}`): never => {
    const list = diagnostics.map((d) => `\n  ${where(d)}${d.message}`).join('');
    throw new SpecError(`${head}:${list}`, diagnostics);
  };
  if (body.trim() === '') {
    fail([{ ...wholeFile(), code: 'empty-file', message: `the file is empty; expected ${options.expected}`, file }]);
  }
  // JSON files are held to JSON: YAML would also accept trailing commas, comments or unquoted keys.
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      fail([jsonSyntax(e, body, file)]);
    }
    if (options.checkJson !== undefined) {
      const problems = options.checkJson(body).map((d): LocatedDiagnostic => ({ ...d, file, source: lineText(body, d.line) }));
      if (problems.length > 0) fail(problems);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        const offset = body.length - body.trimStart().length;
        const before = body.slice(0, offset).split('\n');
        const [line, column] = [before.length, before[before.length - 1].length + 1];
        const message = `the file holds ${describe(value)}; expected ${options.expected}`;
        fail([{ ...wholeFile(), code: 'not-a-mapping', message, file, line, column, source: lineText(body, line) }], `${file} is not a mapping`);
      }
      let parsed: { doc: Document; lines: LineCounter } | undefined;
      return placed(body, file, format, value as { [key: string]: unknown }, () => {
        if (parsed === undefined) {
          const { LineCounter, parseDocument } = yaml();
          const lines = new LineCounter();
          parsed = { doc: parseDocument(body, { lineCounter: lines, prettyErrors: false, version: '1.2' }), lines };
        }
        return parsed;
      });
    }
  }
  const { LineCounter, parseDocument } = yaml();
  const read = (text: string) => {
    const lines = new LineCounter();
    const doc = parseDocument(text, {
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
      const message = yamlMessage(e, body);
      return { ...wholeFile(), code, message, file, line, column, source: lineText(body, line) };
    });
    return { doc, lines, problems };
  };
  const { doc, lines, problems } = read(body);
  if (problems.length > 0) fail(independent(body, problems, (text) => read(text).problems));
  if (doc.contents === null) {
    fail([{ ...wholeFile(), code: 'empty-file', message: `the file holds no value (only comments); expected ${options.expected}`, file }]);
  }
  let value: unknown;
  try {
    options.transform?.(doc);
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // An alias naming no anchor before it throws a ReferenceError too: said at its place, by its name.
    const unresolved = e instanceof ReferenceError ? unresolvedAliases(doc, lines, body, file) : [];
    if (unresolved.length > 0) fail(unresolved);
    // The yaml library recurses per level: a valid file nested thousands deep overflows the stack (a
    // RangeError); its alias limit throws a ReferenceError. Its own words are not for our users.
    const message =
      e instanceof RangeError
        ? DEEP_MESSAGE
        : e instanceof ReferenceError
          ? `invalid ${format.toUpperCase()}: ${ALIAS_BOMB}`
          : `invalid ${format.toUpperCase()}: the file could not be read as ${format.toUpperCase()}`;
    fail([{ ...wholeFile(), code: 'syntax', message, file }]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const { line, col: column } = lines.linePos((doc.contents as Node).range?.[0] ?? 0);
    const message = `the file holds ${describe(value)}; expected ${options.expected}`;
    fail([{ ...wholeFile(), code: 'not-a-mapping', message, file, line, column, source: lineText(body, line) }], `${file} is not a mapping`);
  }
  return placed(body, file, format, value as { [key: string]: unknown }, () => ({ doc, lines }));
}

/** At most this many lines are set aside, one at a time, to tell a syntax error from its consequences. */
const MAX_SET_ASIDE = 50;

/**
 * The YAML problems that are the text's own, not echoes of an earlier one: after a syntax error the yaml
 * library misreads what follows (one stray line gave an error for each line after it). So the problems of
 * the first line with a syntax error are kept, with any before it; that line is set aside (blanked, offsets
 * kept) and the text read again, and so on: what still fails is another problem of its own. The CLI and the
 * playground both read text here, so they report the same.
 */
function independent(body: string, first: LocatedDiagnostic[], reread: (text: string) => LocatedDiagnostic[]): LocatedDiagnostic[] {
  const kept: LocatedDiagnostic[] = [];
  const seen = new Set<string>();
  const keep = (d: LocatedDiagnostic) => {
    const key = `${d.line}:${d.column}:${d.code}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(d);
    }
  };
  let text = body;
  let problems = first;
  for (let round = 0; problems.length > 0; round++) {
    const syntax = problems.filter((d) => d.code === 'syntax' && d.line !== undefined);
    if (syntax.length === 0 || round === MAX_SET_ASIDE) {
      problems.forEach(keep);
      break;
    }
    const at = Math.min(...syntax.map((d) => d.line as number));
    problems.filter((d) => (d.line ?? 0) <= at).forEach(keep);
    text = blankLine(text, at);
    problems = reread(text);
  }
  return kept.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** `text` with its 1-based line `line` made blank: every character but the line break a space. */
function blankLine(text: string, line: number): string {
  const from = offsetAt(text, line, 1);
  const end = text.indexOf('\n', from);
  const to = end < 0 ? text.length : end;
  return text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
}

/** A parsed value with the means to place a path in its text; `parsed` gives the document (made when asked). */
function placed(
  body: string,
  file: string,
  format: Format,
  value: { [key: string]: unknown },
  parsed: () => { doc: Document; lines: LineCounter },
): Source {
  const range = (path: string) => {
    if (path === '') return undefined;
    const { doc } = parsed();
    return doc.contents === null ? undefined : walk(doc.contents as Node, path)?.range;
  };
  return {
    file,
    format,
    text: body,
    value,
    range,
    locate: (d) => {
      // The core placed what it found in JSON text itself.
      if (d.line !== undefined) return { ...d, file, source: lineText(body, d.line) };
      const offset = range(d.path)?.[0];
      if (offset === undefined) return { ...d, file };
      const { line, col } = parsed().lines.linePos(offset);
      return { ...d, file, line, column: col, source: lineText(body, line) };
    },
  };
}

// The yaml library recurses once per level: valid text nested thousands deep overflows the stack, which
// is neither a JSON nor a YAML syntax error.
const DEEP_MESSAGE = 'the file nests too deeply to be read (thousands of levels); a spec or template is a few levels deep';

/** Parses spec text: a mapping, else a `SpecError` saying what it holds and what a spec looks like. */
export function parseSpecSource(text: string, file: string, format?: Format, checkJson?: ParseOptions['checkJson']): Source {
  return parseSource(text, file, { expected: SPEC_EXPECTED, format, checkJson });
}

/**
 * A template (or any JSON value) as YAML that YAML 1.1 readers such as CloudFormation read back unchanged:
 * strings that 1.1 would take for dates, booleans or numbers are quoted; no line folding, no aliases.
 */
export function toYaml(value: unknown): string {
  return yaml().stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}

/** `file:line:column: ` (or less) before a message. */
export function where(d: LocatedDiagnostic): string {
  if (d.file === undefined) return '';
  if (d.line === undefined) return `${d.file}: `;
  return `${d.file}:${d.line}:${d.column ?? 1}: `;
}

/** The offset of a 1-based line and column in `text`, clamped to the text. */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

interface Hit {
  readonly range: [number, number];
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
  const { isMap, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String((keyNode as Scalar).value) : undefined;
      const keyRange = keyNode?.range;
      if (key === undefined || !rest.startsWith(key) || !keyRange) continue;
      const after = rest.slice(key.length);
      const value = pair.value as Node | null;
      const keyOnly: [number, number] = [keyRange[0], keyRange[1]];
      if (after === '') {
        const whole: [number, number] = isScalar(value) && value.range ? [keyRange[0], value.range[1]] : keyOnly;
        consider({ range: whole, depth: depth + 1, complete: true });
      } else if (after.startsWith('.') || after.startsWith('[')) {
        const next = after.startsWith('.') ? after.slice(1) : after;
        const inner = value === null ? undefined : walk(value, next, depth + 1);
        consider(inner ?? { range: keyOnly, depth: depth + 1, complete: false });
      }
    }
  } else if (isSeq(node)) {
    const m = /^\[(\d+)\](.*)$/.exec(rest);
    const item = m ? (node.items[Number(m[1])] as Node | undefined) : undefined;
    const itemRange = item?.range;
    if (m && item && itemRange) {
      const after = m[2];
      const range: [number, number] = [itemRange[0], itemRange[1]];
      if (after === '') {
        consider({ range, depth: depth + 1, complete: true });
      } else {
        const next = after.startsWith('.') ? after.slice(1) : after;
        consider(walk(item, next, depth + 1) ?? { range, depth: depth + 1, complete: false });
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
  return { ...wholeFile(), code: 'syntax', message: `invalid JSON: ${message}`, file, line, column, source: lineText(text, line) };
}

/**
 * Each alias (`*name`) of `doc` that names no anchor (`&name`) set before it, at its line: the yaml library
 * finds them only when it builds the value, and throws a ReferenceError like its alias limit's. Empty when
 * every alias resolves (the limit was the cause).
 */
function unresolvedAliases(doc: Document, lines: LineCounter, body: string, file: string): LocatedDiagnostic[] {
  const found: LocatedDiagnostic[] = [];
  yaml().visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return;
      const { line, col: column } = lines.linePos(alias.range?.[0] ?? 0);
      const name = alias.source.length > 60 ? `${alias.source.slice(0, 60)}…` : alias.source;
      const message = `invalid YAML: the alias *${name} names no anchor &${name} set before it; write the value, or anchor it (&${name}) where it first appears`;
      found.push({ ...wholeFile(), code: 'syntax', message, file, line, column, source: lineText(body, line) });
    },
  });
  return found;
}

const ALIAS_BOMB =
  'its aliases (*name) expand to more than 1,000 copies of anchored values, which this reader refuses (a "billion laughs" file); write the values out, or use fewer aliases';

/**
 * What each of the yaml library's error codes means, in our words: its own messages carry its own advice
 * ("please use YAML.parseAllDocuments()"), which is not for our users. Mapped by code, never by text.
 */
const YAML_MESSAGES: { readonly [code in ErrorCode]: string } = {
  ALIAS_PROPS: 'an alias (*name) cannot carry an anchor or a tag',
  BAD_ALIAS: 'an alias (*name) that names no anchor (&name) defined before it',
  BAD_DIRECTIVE: 'a directive (a line starting with %) that is not %YAML or %TAG',
  BAD_DQ_ESCAPE: 'an escape that YAML does not know in a double-quoted string; write \\\\ for a backslash, or use single quotes',
  BAD_INDENT: 'inconsistent indentation: the entries of one mapping or list must line up',
  BAD_PROP_ORDER: 'an anchor (&name) or tag (!tag) in the wrong place: write it just before its value',
  BAD_SCALAR_START: 'a plain value that starts with a reserved character (@, `, %, |, >, …): put it in quotes',
  BLOCK_AS_IMPLICIT_KEY: 'a mapping or list where a key was expected',
  BLOCK_IN_FLOW: 'an indented (block) value inside { } or [ ]: write it in flow style there',
  DUPLICATE_KEY: 'duplicate key: each key may appear once in a mapping',
  IMPOSSIBLE: 'the text could not be read as YAML',
  KEY_OVER_1024_CHARS: 'a key longer than the 1,024 characters YAML allows for a plain key',
  MISSING_CHAR: 'a closing quote, bracket or brace is missing',
  MULTILINE_IMPLICIT_KEY: 'a key that runs over several lines, or a value missing its "key:" (keys are written on one line)',
  MULTIPLE_ANCHORS: 'a value with two anchors; give it one',
  MULTIPLE_DOCS: 'the file holds multiple documents (separated by ---); a spec is one document: keep one, or put each in a file of its own',
  MULTIPLE_TAGS: 'a value with two tags; give it one',
  NON_STRING_KEY: 'a key that is not text (a mapping or list used as a key); keys are names',
  RESOURCE_EXHAUSTION: 'the file nests too deeply to be read (thousands of levels); a spec or template is a few levels deep',
  TAB_AS_INDENT: 'a tab used for indentation; YAML indents with spaces',
  TAG_RESOLVE_FAILED: 'a tag this reader does not know',
  UNEXPECTED_TOKEN: 'unexpected text here: check the indentation, quotes and brackets around it',
  BAD_COLLECTION_TYPE: 'a tag that does not fit its value (e.g. !!map on a list)',
};

function yamlMessage(e: YAMLError, text: string): string {
  const words = YAML_MESSAGES[e.code] ?? YAML_MESSAGES.IMPOSSIBLE;
  if (e.code === 'DUPLICATE_KEY' || e.code === 'RESOURCE_EXHAUSTION') return words;
  if (e.code === 'TAG_RESOLVE_FAILED') {
    // The tag as written at the error's place (the CLI shows the line too).
    const tag = /^!\S*/.exec(text.slice(e.pos[0], e.pos[1] + 64))?.[0];
    return `${tag === undefined ? words : `the tag ${tag} is ${words}`}; only plain YAML values are accepted here`;
  }
  return `invalid YAML: ${words}`;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
