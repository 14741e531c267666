// What to do about a finding with constructs, where the core's message speaks of the service in general: by
// the diagnostic's code, never its text.
const HINTS: { [code: string]: string } = {
  'waf-shared-load-balancer':
    'with ExpressServices, a stack composes its ExpressWaf.managedRules(...) values into one web ACL per network, but not ExpressWaf.fromWebAclArn(...) beside them (give that web ACL to all of them, or managedRules to all), nor the web ACLs of two stacks (give the services of one network one ExpressWaf.fromWebAclArn(...), or keep them in one stack)',
  'tags-replace-service': 'a stack-wide Tags.of(...) reaches it too',
};

/** `; <hint>` for a finding's code, or nothing. */
export function constructHint(code: string): string {
  const text = HINTS[code];
  return text === undefined ? '' : `; ${text}`;
}
