// The core names problems by spec path (`services.Web.logs.retentionDays`); users wrote props
// (`logRetention`). This maps one to the other and words the single error a construct throws.
import type { Diagnostic } from './core';
import type { PropProblem } from './spec';

/** Spec path prefixes (inside one service) whose prop has another name; longest first. */
const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ['network.subnets', 'vpcSubnets'],
  ['network.securityGroups', 'securityGroups'],
  ['network.vpc', 'vpc'],
  ['network.public', 'vpcSubnets'],
  ['network.vpcCidr', 'vpc'],
  ['network.createSecurityGroup', 'vpc'],
  ['network', 'vpcSubnets'],
  ['domain.certificateArn', 'domain.certificate'],
  ['domain.certificateNames', 'domain.certificate'],
  ['domain.hostedZoneId', 'domain.hostedZone'],
  ['domain.hostedZoneName', 'domain.hostedZone'],
  ['logs.retentionDays', 'logRetention'],
  ['logs.streamPrefix', 'logStreamPrefix'],
  ['logs.logGroup', 'logGroup'],
  ['logs.kmsKey', 'logEncryptionKey'],
  ['logs', 'logGroup'],
  ['roles.execution', 'executionRole'],
  ['roles.infrastructure', 'infrastructureRole'],
  ['roles.task', 'taskRole'],
  ['repositoryCredentials', 'image'],
  ['waf.managedRules', 'waf.ruleGroups'],
];

/** The prop path of a spec path of service `name`; `(spec)` for paths outside the service. */
export function propPath(specPath: string, name: string): string {
  // The web ACL of the service's ExpressWaf is the spec's `webAcls.<its name>`.
  const acl = /^webAcls\.[A-Za-z0-9]+/.exec(specPath);
  if (acl !== null) return propPath(`services.${name}.waf${specPath.slice(acl[0].length)}`, name);
  const prefix = `services.${name}`;
  if (specPath !== prefix && !specPath.startsWith(prefix + '.') && !specPath.startsWith(prefix + '[')) {
    return '(spec)';
  }
  let rest = specPath.slice(prefix.length).replace(/^\./, '');
  for (const [from, to] of RENAMED) {
    if (rest === from || rest.startsWith(from + '.') || rest.startsWith(from + '[')) {
      rest = to + rest.slice(from.length);
      break;
    }
  }
  return rest === '' ? '(props)' : rest;
}

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
