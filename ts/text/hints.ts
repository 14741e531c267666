// What to do about a finding in a spec file (the CLI and the playground both say it), where the core's
// message speaks of the services in general: by the diagnostic's code, never its text (the construct has its
// own, in its words).
const HINTS: { [code: string]: string } = {
  'waf-shared-load-balancer':
    'in a spec: one of the top-level webAcls for all of them ({ "waf": { "webAcl": "<name>" } }), or across templates one existing web ACL by its ARN',
};

/** `; <hint>` for a finding's code, or nothing. */
export function specHint(code: string): string {
  const text = HINTS[code];
  return text === undefined ? '' : `; ${text}`;
}
