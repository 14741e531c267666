// Text renderings of the core's results for a terminal: diagnostics with their source lines, the
// explanation, the template diff. Plain text, no colours, stable for tests and CI logs.

import { specHint } from '../text/hints';
import { where } from './source';
import { Explanation, LocatedDiagnostic, LocatedTemplateLint, TemplateDiff } from './types';

/**
 * One diagnostic: `file:line:col: error services.Web.cpu: message [code]`, then the offending line. A spec's
 * get the spec's advice on their code (`hint`); a template's findings are in the template's own terms.
 */
export function diagnostic(d: LocatedDiagnostic, severity: 'error' | 'warning', hint: (code: string) => string = specHint): string {
  const path = d.path === '' ? '' : `${d.path}: `;
  let out = `${where(d)}${severity}: ${path}${d.message}${hint(d.code)} [${d.code}]\n`;
  if (d.line !== undefined && d.source) {
    const number = String(d.line);
    const { text, caret } = excerpt(d.source, d.column);
    out += `  ${number} | ${text}\n`;
    if (caret !== undefined) {
      out += `  ${' '.repeat(number.length)} | ${' '.repeat(caret)}^\n`;
    }
  }
  return out;
}

const AROUND = 60;

/** A long source line (minified JSON) cut to AROUND characters either side of the column, marked with `…`. */
export function excerpt(source: string, column: number | undefined): { text: string; caret: number | undefined } {
  const at = column === undefined ? 0 : Math.max(0, column - 1);
  if (source.length <= 2 * AROUND + 1) return { text: source, caret: column === undefined ? undefined : at };
  const from = Math.max(0, Math.min(at - AROUND, source.length - 2 * AROUND - 1));
  const to = Math.min(source.length, from + 2 * AROUND + 1);
  const head = from > 0 ? '…' : '';
  const text = head + source.slice(from, to) + (to < source.length ? '…' : '');
  return { text, caret: column === undefined ? undefined : at - from + head.length };
}

/** Every error, then every warning under its own heading, then a one-line verdict. */
export function diagnostics(file: string, errors: LocatedDiagnostic[], warnings: LocatedDiagnostic[]): string {
  let out = '';
  if (errors.length > 0) {
    out += `Errors (${errors.length}):\n` + errors.map((d) => diagnostic(d, 'error')).join('');
  }
  if (warnings.length > 0) {
    out += (out ? '\n' : '') + `Warnings (${warnings.length}):\n` + warnings.map((d) => diagnostic(d, 'warning')).join('');
  }
  const counts = `${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}`;
  out += (out ? '\n' : '') + `${file}: ${errors.length === 0 ? 'valid' : 'invalid'} (${counts})\n`;
  return out;
}

/**
 * `lint`: the Express services found, every error, then every warning (each at its template path, whose second
 * part is the logical ID of the entry it is placed at), then a one-line verdict.
 */
export function lint(file: string, r: LocatedTemplateLint): string {
  const none = () => '';
  let out = '';
  if (r.services.length > 0) out += `Express services (${r.services.length}): ${r.services.join(', ')}\n\n`;
  if (r.errors.length > 0) {
    out += `Errors (${r.errors.length}):\n` + r.errors.map((d) => diagnostic(d, 'error', none)).join('');
  }
  if (r.warnings.length > 0) {
    out += (r.errors.length > 0 ? '\n' : '') + `Warnings (${r.warnings.length}):\n` + r.warnings.map((d) => diagnostic(d, 'warning', none)).join('');
  }
  const counts = `${plural(r.errors.length, 'error')}, ${plural(r.warnings.length, 'warning')}`;
  const found = r.errors.length + r.warnings.length > 0 ? '\n' : '';
  if (r.services.length === 0 && r.errors.length === 0) {
    return out + `${found}${file}: no Express services found in the template; nothing to check (${counts})\n`;
  }
  const verdict = r.errors.length > 0 ? 'problems found' : r.warnings.length > 0 ? 'no errors' : 'no problems found';
  const services = r.services.length === 0 ? '; no Express services found' : ` in ${plural(r.services.length, 'Express service')}`;
  return out + `${found}${file}: ${verdict} (${counts}${services})\n`;
}

/**
 * `lint` of several templates: one verdict over all, after each template's own report (files that could not be
 * read were said on stderr; they are counted here so the last line never looks clean without them).
 */
export function lintSummary(results: LocatedTemplateLint[], unread: number): string {
  const errors = results.reduce((n, r) => n + r.errors.length, 0);
  const warnings = results.reduce((n, r) => n + r.warnings.length, 0);
  const services = results.reduce((n, r) => n + r.services.length, 0);
  const failed = results.filter((r) => r.errors.length > 0).length;
  const verdict = failed > 0 ? `problems found in ${failed} of them` : warnings > 0 ? 'no errors' : 'no problems found';
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(services, 'Express service')}`;
  const missing = unread > 0 ? `; ${plural(unread, 'file')} could not be read (see above)` : '';
  return `${plural(results.length, 'template')} linted: ${verdict} (${counts})${missing}\n`;
}

/** Warnings alone (beside a command's real output, on stderr). */
export function warningsOnly(warnings: LocatedDiagnostic[]): string {
  return warnings.map((d) => diagnostic(d, 'warning')).join('');
}

/** What ECS creates, per service, split into "in the template" and "created by ECS outside it". */
export function explanation(x: Explanation): string {
  let out = '';
  for (const service of x.services) {
    out += `Service ${service.name}\n`;
    for (const [managedBy, heading] of [
      ['stack', 'In the template (CloudFormation creates, updates and deletes these):'],
      ['ecs', 'Created by Amazon ECS Express Mode in the account (not in the template):'],
    ] as const) {
      const items = service.items.filter((i) => i.managedBy === managedBy);
      if (items.length === 0) continue;
      out += `  ${heading}\n`;
      for (const item of items) {
        out += `    - ${item.title} (${item.kind})\n      ${item.detail}\n`;
      }
    }
    out += '\n';
  }
  if (x.loadBalancers.length > 0) {
    out += `Load balancers (per network, shared by up to ${x.servicesPerLoadBalancer} services each):\n`;
    for (const lb of x.loadBalancers) {
      const protectedBy = lb.webAcl === undefined ? 'no web ACL' : `protected by ${lb.webAcl}`;
      out += `  - ${lb.network}: ${plural(lb.count, 'load balancer')}, ${protectedBy}\n`;
      lb.loadBalancers.forEach((services, i) => {
        out += `      ${i + 1}. ${services.join(', ')}\n`;
      });
    }
    out += '\n';
  }
  out += `Template resources (${x.stack.length}):\n`;
  const width = Math.max(0, ...x.stack.map((r) => r.logicalId.length));
  for (const r of x.stack) {
    out += `  ${r.logicalId.padEnd(width)}  ${r.type}\n`;
  }
  return out;
}

const SIGN = { added: '+', removed: '-', modified: '~' } as const;

/** The changes to Express services; replacements are called out, since they give the service a new URL. */
export function templateDiff(d: TemplateDiff, oldFile: string, newFile: string): string {
  if (d.services.length === 0) {
    return `No changes to Express services between ${oldFile} and ${newFile}.\n`;
  }
  let out = `Express services: ${oldFile} -> ${newFile}\n`;
  for (const s of d.services) {
    const verdict = s.replaces ? 'REPLACED: the service gets a NEW URL' : s.change;
    out += `${SIGN[s.change]} ${s.logicalId}  ${verdict}${s.reason ? ` (${s.reason})` : ''}\n`;
    for (const p of s.properties) {
      const mark = p.replaces ? '  [replaces]' : '';
      out += `    ${SIGN[p.change]} ${p.path}${mark}${p.reason ? `: ${p.reason}` : ''}\n`;
      for (const f of p.fields) out += `        ${f.label ?? f.path}: ${f.old ?? '(none)'} → ${f.new ?? '(none)'}\n`;
    }
  }
  const replaced = d.services.filter((s) => s.replaces).map((s) => s.logicalId);
  const removed = d.services.filter((s) => s.change === 'removed').map((s) => s.logicalId);
  if (d.replacements > 0) out += `\n${plural(d.replacements, 'service')} replaced (new URL): ${replaced.join(', ')}\n`;
  if (d.removals > 0) out += `\n${plural(d.removals, 'service')} removed (URL gone): ${removed.join(', ')}\n`;
  // A removal beside an addition is most often one service under a new logical ID (an L1 rewritten as
  // ExpressService, a construct moved): keeping the old ID keeps the deployed service and its URL.
  if (d.removals > 0 && d.services.some((s) => s.change === 'added')) {
    out +=
      'If an added service is a removed one under a new logical ID (an L1 rewritten as ExpressService, a construct ' +
      'moved), keep its old ID and its URL stays: overrideLogicalId on the service\'s node.defaultChild ' +
      '(README: "Already on the L1?").\n';
  }
  if (d.replacements === 0 && d.removals === 0) out += `\nNo service is replaced or removed: every URL stays the same.\n`;
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
