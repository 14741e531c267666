// The core names problems by spec path (`services.Web.logs.retentionDays`); users wrote props
// (`logRetention`). This words the core's diagnostics in props (spec.ts's propPath, read from the table that
// builds the spec) and the single error a construct throws.
import type { Diagnostic } from './core';
import type { PropProblem } from './props-shape';
import { propPath } from './spec';

/** One error naming the construct and every problem, one per line, like the core's own summary. */
export function propsError(constructPath: string, problems: PropProblem[]): Error {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  const lines = problems.map((p) => `  ${p.prop}: ${p.message}`);
  return new Error(`ExpressService ${constructPath}: ${problems.length} ${noun} in its props:\n${lines.join('\n')}`);
}

export function fromCore(diagnostics: Diagnostic[], name: string): PropProblem[] {
  // The construct gives the core exactly one service: the core's "services is required" (a spec file's words)
  // only follows a service the construct left out over problems of its own, which it has said.
  const ours = diagnostics.filter((d) => !(d.path === 'services' && d.code === 'required'));
  return ours.map((d) => ({ prop: propPath(d.path, name), message: d.message }));
}
