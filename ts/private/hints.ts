// What to do about a finding with constructs, where the core's message speaks of the service in general: by
// the diagnostic's code, never its text.
const HINTS: { [code: string]: string } = {
  'waf-shared-load-balancer':
    'with ExpressServices, give every service of one network the same ExpressWaf value (one web ACL for the services of a stack), or none; across stacks, ExpressWaf.fromWebAclArn(...) of one web ACL',
  'tags-replace-service': 'a stack-wide Tags.of(...) reaches it too',
};

/** `; <hint>` for a finding's code, or nothing. */
export function constructHint(code: string): string {
  const text = HINTS[code];
  return text === undefined ? '' : `; ${text}`;
}
