// How a message names a value given where another kind belongs (`must be an iam.IRole, got the string
// "arn:…"`, `the file holds a list`): one wording for every TypeScript front door, the construct's props and
// the files the CLI and the playground read. No imports, so that each of them can take it.

/** A value as a message names it: `null`, `a list`, `the string "…"` (cut past 40 characters), `the number 3`, `true`, `an object`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
