// Reading a spec or template file from disk (or standard input); the parsing itself, shared with the
// playground, is in ../text/parse (no node built-ins there, so a browser bundle can use it).

import * as fs from 'node:fs';
import { core } from './core';
import { errorText, parseSource, ParseOptions, Source } from '../text/parse';

export * from '../text/parse';

/** A file that could not be read (missing, a directory, no permission): a usage or I/O problem, not a bad spec. */
export class FileError extends Error {
  constructor(readonly file: string, message: string) {
    super(message);
    this.name = 'FileError';
  }
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

/** Reads and parses a file; throws `FileError` when it cannot be read, `SpecError` when it does not parse. */
export function loadSource(file: string, options: ParseOptions): Source {
  return parseSource(readText(file), file, { checkJson: coreCheckJson, ...options });
}

/** The core's JSON reader, as `ParseOptions.checkJson`. */
export function coreCheckJson(text: string) {
  return core().checkJson(text);
}

