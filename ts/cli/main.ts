// `express-service`: the command line over the node API. Arguments by node's own util.parseArgs; every
// failure is a message and an exit code, never a stack trace.
//
// Exit codes: 0 done (valid; diff: every URL stays; lint: no errors) · 1 the input is invalid (spec or
// template does not parse or is rejected; lint: errors found) · 2 usage or I/O error · 3 diff: a service is replaced (new URL) or removed ·
// 70 internal error (a broken install, or a bug: please report it).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as api from './api';
import { core, CoreLoadError } from './core';
import * as render from './render';
import { FileError, SpecError } from './source';
import { LocatedDiagnostic, LocatedTemplateLint } from './types';

export const EXIT = { ok: 0, invalid: 1, usage: 2, replaced: 3, internal: 70 } as const;

/** Where the command writes; the real process streams by default, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

type OptionSpec = { type: 'string' | 'boolean'; short?: string };

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Record<string, OptionSpec>;
  /** How many file arguments it takes (at least, with `more`). */
  readonly operands: number;
  readonly more?: boolean;
  run(files: string[], values: Record<string, string | boolean | undefined>, io: Io): number;
}

const HELP: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h' } };

const COMMANDS: Record<string, Command> = {
  synth: {
    summary: 'print the complete CloudFormation template of a spec',
    usage: `express-service synth <spec.json|spec.yaml|-> [--format json|yaml] [-o <file>]

Prints the CloudFormation template of every service of the spec: the core's canonical JSON (2-space
indent, byte for byte what the construct's core produces), or YAML with --format yaml. Warnings go to
stderr; with -o the template goes to <file>. "-" reads the spec from standard input.

Options:
  --format json|yaml   output format (default: json)
  -o, --output <file>  write the template to <file> instead of stdout
  -h, --help           this help

Exit: 0 written · 1 the spec is invalid (every error is listed) · 2 usage or I/O error`,
    options: { format: { type: 'string' }, output: { type: 'string', short: 'o' }, ...HELP },
    operands: 1,
    run([file], values, io) {
      const format = values.format ?? 'json';
      if (format !== 'json' && format !== 'yaml') {
        return usageError(io, 'synth', `--format must be json or yaml, got "${String(format)}"`);
      }
      const result = api.synthFile(file);
      const text = format === 'json' ? result.json : api.toYaml(result.template);
      if (result.warnings.length > 0) io.err(render.warningsOnly(result.warnings));
      return emit(io, text, values.output);
    },
  },
  validate: {
    summary: 'list every error and warning of a spec, with its line',
    usage: `express-service validate <spec.json|spec.yaml|-> [--json]

Checks a spec and lists every problem at once: its property path, what is wrong and what would be valid,
and the line of the file it comes from. Warnings are listed apart from errors.

Options:
  --json      print { file, valid, errors, warnings } as JSON (each diagnostic: path, code, message,
              file, line, column, source when known)
  -h, --help  this help

Exit: 0 valid (warnings allowed) · 1 invalid, including a file that does not parse · 2 usage or I/O error`,
    options: { json: { type: 'boolean' }, ...HELP },
    operands: 1,
    run([file], values, io) {
      const result = api.validateFile(file);
      if (values.json) {
        io.out(json({ file, ...result }));
      } else {
        io.out(render.diagnostics(file, result.errors, result.warnings));
      }
      return result.valid ? EXIT.ok : EXIT.invalid;
    },
  },
  lint: {
    summary: 'check the Express services of any CloudFormation template (CDK output, SAM, hand-written)',
    usage: `express-service lint <template.json|template.yaml|folder>... | - [--json]

Finds every Express service of a CloudFormation template (cdk.out/*.template.json, a SAM or hand-written
template; YAML short forms such as !Ref accepted) and lists every problem at once: the service's own
settings (cpu and memory, images, tags, ...) as validate checks a spec, and the template's traps (a cluster
given by its ARN, a URL built from the service's name, a web ACL association per service, a new VPC's
routes). Each finding names the template path (Resources.<logical ID>.Properties...), its line and column,
what is wrong and what to do instead; warnings are listed apart from errors.

Several templates at once: "lint cdk.out/*.template.json", or a folder ("lint cdk.out": every
*.template.json directly in it). Each is reported as one alone, then one line sums them up. A file that
cannot be read is said on stderr and the others are still linted. "-" reads standard input, and only alone.

Options:
  --json      print { file, services, errors, warnings } as JSON (each finding: path, code, message,
              logicalId, section, service, related, file, line, column, source when known); with several
              templates or a folder, an array of those objects, one per template read
  -h, --help  this help

Exit: 0 no errors (warnings allowed; also a template without Express services) · 1 errors, including a file
      that does not parse · 2 usage or I/O error (a file or folder that cannot be read), which wins over 1`,
    options: { json: { type: 'boolean' }, ...HELP },
    operands: 1,
    more: true,
    run(args, values, io) {
      if (args.length === 1 && !isFolder(args[0])) {
        const [file] = args;
        const result = api.lintFile(file);
        io.out(values.json ? json({ file, ...result }) : render.lint(file, result));
        return result.errors.length === 0 ? EXIT.ok : EXIT.invalid;
      }
      if (args.includes('-')) {
        return usageError(io, 'lint', '"-" (standard input) is read only alone, not beside other files');
      }
      const { files, unread } = templatesOf(args, io);
      const linted: { file: string; result: LocatedTemplateLint }[] = [];
      for (const file of files) {
        try {
          linted.push({ file, result: api.lintFile(file) });
        } catch (e) {
          if (!(e instanceof FileError)) throw e;
          io.err(`express-service: ${e.message}\n`);
          unread.push(file);
        }
      }
      if (values.json) {
        io.out(json(linted.map(({ file, result }) => ({ file, ...result }))));
      } else {
        const reports = linted.map(({ file, result }) => render.lint(file, result));
        io.out([...reports, render.lintSummary(linted.map((l) => l.result), unread.length)].join('\n'));
      }
      if (unread.length > 0) return EXIT.usage;
      return linted.some((l) => l.result.errors.length > 0) ? EXIT.invalid : EXIT.ok;
    },
  },
  explain: {
    summary: 'say what ECS will create in the account for a spec, and why',
    usage: `express-service explain <spec.json|spec.yaml|-> [--json]

Lists, per service, what the template creates and what Amazon ECS Express Mode creates in the account
outside CloudFormation (cluster, shared load balancer, certificate, scaling, alarms, DNS name, ...), how
many load balancers the services share, and the template's resources.

Options:
  --json      print the explanation as JSON (see docs/core-api.md, "Explanation")
  -h, --help  this help

Exit: 0 explained · 1 the spec is invalid · 2 usage or I/O error`,
    options: { json: { type: 'boolean' }, ...HELP },
    operands: 1,
    run([file], values, io) {
      const x = api.explainFile(file);
      io.out(values.json ? json(x) : render.explanation(x));
      return EXIT.ok;
    },
  },
  diff: {
    summary: 'the changes to Express services between two templates; flags replacements (new URL)',
    usage: `express-service diff <old-template> <new-template> [--json]

Compares two CloudFormation templates (JSON or YAML, e.g. the deployed one and a new "synth" output, or
two cdk.out/*.template.json) and lists the Express services added, removed or modified, with each
changed property. A replaced service gets a NEW URL: those are flagged, and the exit code says so.

Options:
  --json      print the diff as JSON ({ services, replacements, removals }, see docs/core-api.md)
  -h, --help  this help

Exit: 0 every URL stays (changes or not) · 3 a service is replaced or removed (its URL stops working) ·
      1 a file does not parse or is not a template · 2 usage or I/O error`,
    options: { json: { type: 'boolean' }, ...HELP },
    operands: 2,
    run([oldFile, newFile], values, io) {
      const d = api.diffFiles(oldFile, newFile);
      io.out(values.json ? json(d) : render.templateDiff(d, oldFile, newFile));
      return d.replacements > 0 || d.removals > 0 ? EXIT.replaced : EXIT.ok;
    },
  },
  schema: {
    summary: 'print the JSON Schema of the spec (for editors)',
    usage: `express-service schema [-o <file>]

Prints the JSON Schema (2020-12) of the spec. Point an editor at it: in a JSON spec with the key
  "$schema": "./express-service.schema.json"
or in a YAML spec with the first line
  # yaml-language-server: $schema=./express-service.schema.json

Options:
  -o, --output <file>  write the schema to <file> instead of stdout
  -h, --help           this help

Exit: 0 written · 2 usage or I/O error`,
    options: { output: { type: 'string', short: 'o' }, ...HELP },
    operands: 0,
    run(_files, values, io) {
      return emit(io, json(api.schema()), values.output);
    },
  },
};

function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const list = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `express-service: CloudFormation for Amazon ECS Express Mode services, from a JSON or YAML spec

Usage: express-service <command> [options]

Commands:
${list}

Options:
  -h, --help     help (also: express-service <command> --help)
  -v, --version  the package's and the core's versions

Exit codes: 0 ok · 1 invalid input (lint: an error found) · 2 usage or I/O error
· 3 diff: a service is replaced or removed (its URL changes or stops working)
· 70 internal error (a broken install, or a bug: please report it)`;
}

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export function main(argv: string[], io: Io = processIo): number {
  try {
    return dispatch(argv, io);
  } catch (e) {
    if (e instanceof FileError) {
      io.err(`express-service: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof SpecError) {
      io.err(failure(e));
      return EXIT.invalid;
    }
    if (e instanceof CoreLoadError) {
      io.err(`express-service: ${e.message}\n`);
      return EXIT.internal;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`express-service: internal error: ${message}\nThis is a bug; please report it with the input that caused it.\n`);
    if (process.env.EXPRESS_SERVICE_DEBUG && e instanceof Error && e.stack) io.err(e.stack + '\n');
    return EXIT.internal;
  }
}

function dispatch(argv: string[], io: Io): number {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    (first === undefined ? io.err : io.out)(mainUsage() + '\n');
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    const v = api.version();
    io.out(`express-service ${v.cli} (core ${v.core})\n`);
    return EXIT.ok;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(mainUsage() + '\n');
      return EXIT.ok;
    }
    const command = COMMANDS[topic];
    if (command === undefined) return unknownCommand(io, topic);
    io.out(command.usage + '\n');
    return EXIT.ok;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (command === undefined) {
    return first.startsWith('-')
      ? usageError(io, undefined, `unknown option ${first}; expected a command first`)
      : unknownCommand(io, first);
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (e) {
    return usageError(io, first, argumentError(e, command));
  }
  if (parsed.values.help) {
    io.out(command.usage + '\n');
    return EXIT.ok;
  }
  const files = parsed.positionals;
  if (command.more ? files.length < command.operands : files.length !== command.operands) {
    const count = command.more ? `${command.operands} or more file arguments` : plural(command.operands, 'file argument');
    const want = command.operands === 0 ? 'no file arguments' : count;
    return usageError(io, first, `expected ${want}, got ${files.length}${files.length ? ` (${files.join(' ')})` : ''}`);
  }
  return command.run(files, parsed.values, io);
}

function isFolder(file: string): boolean {
  try {
    return file !== '-' && fs.statSync(file).isDirectory();
  } catch {
    return false; // reading it says why
  }
}

/**
 * lint's arguments as template files: a folder gives every `*.template.json` directly in it (a CDK assembly,
 * cdk.out), sorted. A folder that cannot be listed or holds none is said on stderr and counted as unread.
 */
function templatesOf(args: string[], io: Io): { files: string[]; unread: string[] } {
  const files: string[] = [];
  const unread: string[] = [];
  for (const arg of args) {
    if (!isFolder(arg)) {
      files.push(arg);
      continue;
    }
    let found: string[];
    try {
      found = fs
        .readdirSync(arg, { withFileTypes: true })
        .filter((e) => e.name.endsWith('.template.json') && !e.isDirectory())
        .map((e) => path.join(arg, e.name))
        .sort();
    } catch (e) {
      io.err(`express-service: ${arg}: cannot read the folder: ${(e as Error).message}\n`);
      unread.push(arg);
      continue;
    }
    if (found.length === 0) {
      io.err(`express-service: ${arg}: no *.template.json in the folder (a CDK app writes them to cdk.out by "cdk synth")\n`);
      unread.push(arg);
    }
    files.push(...found);
  }
  return { files, unread };
}

/** Text or file output; a file that cannot be written is an I/O error. */
function emit(io: Io, text: string, output: string | boolean | undefined): number {
  if (typeof output !== 'string') {
    io.out(text);
    return EXIT.ok;
  }
  try {
    fs.writeFileSync(output, text);
  } catch (e) {
    io.err(`express-service: cannot write ${output}: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

// One block per file named by the diagnostics (diff reads two), each with its own verdict line.
function failure(e: SpecError): string {
  const files = [...new Set(e.diagnostics.map((d) => d.file))];
  if (files.length === 0 || files.includes(undefined)) return `express-service: ${e.message}\n`;
  const of = (list: LocatedDiagnostic[], file: string | undefined) => list.filter((d) => d.file === file);
  return files.map((file) => render.diagnostics(file as string, of(e.diagnostics, file), of(e.warnings, file))).join('\n');
}

function usageError(io: Io, command: string | undefined, message: string): number {
  const usage = command === undefined ? 'express-service <command> [options]' : COMMANDS[command].usage.split('\n')[0];
  const help = `express-service ${command ?? ''} --help`.replace('  ', ' ');
  io.err(`express-service${command ? ` ${command}` : ''}: ${message}\nUsage: ${usage}\n(${help} for more)\n`);
  return EXIT.usage;
}

function unknownCommand(io: Io, name: string): number {
  const guess = core().suggest(name, Object.keys(COMMANDS));
  return usageError(io, undefined, `unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''}`);
}

// util.parseArgs' own messages suggest "--" tricks; say what is wrong and what is valid instead.
function argumentError(e: unknown, command: Command): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const names = Object.keys(command.options).map((o) => `--${o}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    const guess = core().suggest(flag.replace(/=.*$/, ''), names);
    return `unknown option ${flag}${guess ? `; did you mean ${guess}?` : `; valid: ${names.join(', ')}`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.replace(/^Option /, 'option ');
  }
  return message;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
