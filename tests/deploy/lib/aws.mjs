// The AWS side of the deploy tests: the real SDK v3 clients from node_modules, a thin hook on their `send`
// that records every command the function sends (name and input), and moto's gaps closed where the tests
// depend on them. The function's code is not touched: the hook wraps the clients' prototype `send`, which
// the code reaches through `require('@aws-sdk/client-…')` of the same modules.
//
// Where moto is weaker than AWS, and how the hook closes it (each an injected error shaped as AWS sends it):
//  1. IAM is not enforced by resource (moto checks no identity policy unless told to, and then only against
//     "*"). Before each call, and again with the ARNs its answer names (GetWebACLForResource: the web ACL),
//     oracle.py works out the actions the Service Authorization Reference says the call needs, dependent
//     actions included, and evaluates the function's role policies from the golden template, resolved to
//     this world (moto's own IAMPolicy evaluator); a denial is thrown as AccessDenied[Exception].
//  2. Any ARN is accepted. Every ARN a request names must fit a resource type of its service (oracle.py,
//     SAR ARN patterns); and a WAF call naming a load balancer or web ACL that does not exist fails with
//     WAFNonexistentItemException, as AWS does (moto answers GetWebACLForResource with nothing and
//     associates a web ACL with it).
//  3. ELB's limit of 5 condition values per rule is not checked: ModifyRule over it fails with
//     ValidationError "A rule can only have '5' condition values", as AWS does (reported in aws/aws-cdk#10065).
//  4. A new association does not replace an ALB's web ACL (moto keeps the old one; AWS replaces it): the
//     hook takes the old one off first, outside the record.
//  5. DescribeRules leaves out the legacy `Values` that AWS still returns beside HostHeaderConfig and
//     PathPatternConfig: the hook adds them, so the function meets the answer AWS gives.
//  6. A condition with both `Values` and its *Config is taken; AWS refuses it with ValidationError "You cannot
//     provide both Values and 'HostHeaderConfig' for a condition of type 'host-header'" (as reported in
//     aws-controllers-k8s/community#2759), and so does the hook.
import { createRequire } from 'node:module';
import path from 'node:path';
import { nodeModules, account } from './env.mjs';

const require = createRequire(path.join(nodeModules, 'deploy-tests.js'));
export const wafv2 = require('@aws-sdk/client-wafv2');
export const elbv2 = require('@aws-sdk/client-elastic-load-balancing-v2');

const BYPASS = Symbol('not recorded');
const MAX_CONDITION_VALUES = 5;

/** Clients for the tests' own setup and checks: never recorded, never judged. */
export function ownClients() {
  // The endpoint fixed now: a scenario may point the environment elsewhere (an endpoint that never answers).
  const endpoint = process.env.AWS_ENDPOINT_URL;
  const waf = new wafv2.WAFV2Client({ endpoint });
  const elb = new elbv2.ElasticLoadBalancingV2Client({ endpoint });
  waf[BYPASS] = elb[BYPASS] = true;
  return {
    waf: (name, input) => waf.send(new wafv2[`${name}Command`](input)),
    elb: (name, input) => elb.send(new elbv2[`${name}Command`](input)),
  };
}

function arnsIn(value, out = new Set()) {
  if (typeof value === 'string') {
    if (value.startsWith('arn:')) out.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => arnsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => arnsIn(v, out));
  return out;
}

function awsError(name, message, status = 400) {
  return Object.assign(new Error(message), { name, Code: name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

const conditionValues = (c) =>
  ['HostHeaderConfig', 'PathPatternConfig', 'HttpRequestMethodConfig', 'SourceIpConfig', 'HttpHeaderConfig', 'QueryStringConfig']
    .map((k) => c[k]?.Values?.length ?? 0)
    .reduce((a, b) => a + b, 0) || (c.Values?.length ?? 0);

/**
 * Installs the hook. `session()` gives the current judge: {oracle, policies (resolved, in force now),
 * role, iam (enforce or not), record (optional: where a self-test's calls go)}; what it records goes to
 * `shared` (calls, ledger of needed actions, denials, problems). Returns uninstall.
 */
export function installHook(session, shared) {
  const own = ownClients();
  const patched = [];
  for (const [service, mod, Client] of [['wafv2', wafv2, wafv2.WAFV2Client], ['elbv2', elbv2, elbv2.ElasticLoadBalancingV2Client]]) {
    const base = Object.getPrototypeOf(Client.prototype).send;
    const had = Object.getOwnPropertyDescriptor(Client.prototype, 'send');
    patched.push([Client, had]);
    Client.prototype.send = async function send(command, ...rest) {
      if (this[BYPASS]) return base.call(this, command, ...rest);
      const s = session();
      if (!s) throw new Error(`${command.constructor.name} sent outside a scenario`);
      const record = s.record ?? shared;
      const operation = command.constructor.name.replace(/Command$/, '');
      if (!mod[`${operation}Command`]) throw new Error(`the hook cannot name the command ${command.constructor.name}`);
      const input = JSON.parse(JSON.stringify(command.input ?? {}));
      record.calls.push({ service, operation, input });
      const requestArns = [...arnsIn(input)];
      const judge = async (responseArns) => {
        const a = await s.oracle.ask('authorize', { service, operation, requestArns, responseArns, policies: s.policies.map((p) => p.doc) });
        record.ledger.push({ policies: s.policies, needed: a.needed });
        record.problems.push(...a.problems.map((p) => `${operation}: ${p}`));
        if (a.denied.length) {
          for (const [action, resource] of a.denied) record.denied.push({ operation, action, resource, scenario: s.scenario });
          const [action, resource] = a.denied[0];
          if (s.iam) {
            const who = `arn:aws:sts::${account}:assumed-role/${s.role}/${s.functionName}`;
            throw awsError(service === 'elbv2' ? 'AccessDenied' : 'AccessDeniedException',
              `User: ${who} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`, 403);
          }
        }
      };
      await judge([]);
      if (service === 'wafv2' && input.ResourceArn?.includes(':loadbalancer/')) {
        const found = await own.elb('DescribeLoadBalancers', { LoadBalancerArns: [input.ResourceArn] }).catch(() => null);
        if (!found) throw awsError('WAFNonexistentItemException', "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
      }
      if (service === 'wafv2' && input.WebACLArn) {
        const [, scope, name, id] = input.WebACLArn.match(/:(regional|global)\/webacl\/([^/]+)\/([^/]+)$/) ?? [];
        const acl = scope && await own.waf('GetWebACL', { Name: name, Id: id, Scope: scope.toUpperCase() }).catch(() => null);
        if (!acl) throw awsError('WAFNonexistentItemException', "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
      }
      if (service === 'wafv2' && operation === 'AssociateWebACL') {
        const now = await own.waf('GetWebACLForResource', { ResourceArn: input.ResourceArn });
        if (now.WebACL) await own.waf('DisassociateWebACL', { ResourceArn: input.ResourceArn });
      }
      if (service === 'elbv2' && operation === 'ModifyRule' && input.Conditions) {
        for (const c of input.Conditions) {
          const config = Object.keys(c).find((k) => k.endsWith('Config'));
          if (config && c.Values) {
            throw awsError('ValidationError', `You cannot provide both Values and '${config}' for a condition of type '${c.Field}'`);
          }
        }
        const total = input.Conditions.map(conditionValues).reduce((a, b) => a + b, 0);
        if (total > MAX_CONDITION_VALUES) throw awsError('ValidationError', `A rule can only have '${MAX_CONDITION_VALUES}' condition values`);
      }
      const out = await base.call(this, command, ...rest);
      if (service === 'elbv2' && operation === 'DescribeRules') {
        for (const rule of out.Rules ?? []) {
          for (const c of rule.Conditions ?? []) {
            const cfg = c.HostHeaderConfig ?? c.PathPatternConfig;
            if (cfg && !c.Values) c.Values = [...cfg.Values];
          }
        }
      }
      const responseArns = [...arnsIn(out)].filter((a) => !requestArns.includes(a));
      if (responseArns.length && service === 'wafv2') await judge(responseArns);
      return out;
    };
  }
  return () => {
    for (const [Client, had] of patched) {
      if (had) Object.defineProperty(Client.prototype, 'send', had);
      else delete Client.prototype.send;
    }
  };
}

/** A load balancer as Express Mode makes one: an ALB, an HTTPS listener, and per service a rule whose
 * host-header condition holds the service's generated host name, forwarding to its target group. */
export async function expressLoadBalancer(own, network, name, services) {
  const lb = (await own.elb('CreateLoadBalancer', { Name: name, Subnets: network.subnets, Type: 'application', Scheme: 'internet-facing' })).LoadBalancers[0];
  const listener = (await own.elb('CreateListener', {
    LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 80,
    DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
  })).Listeners[0];
  const rules = {};
  let priority = 1;
  for (const service of services) {
    const tg = (await own.elb('CreateTargetGroup', { Name: `${service}-tg-${priority}`.slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: network.vpc, TargetType: 'ip' })).TargetGroups[0];
    const rule = (await own.elb('CreateRule', {
      ListenerArn: listener.ListenerArn, Priority: priority++,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [expressHost(service)] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
    })).Rules[0];
    rules[service] = rule.RuleArn;
  }
  return { arn: lb.LoadBalancerArn, dnsName: lb.DNSName, zone: lb.CanonicalHostedZoneId, listener: listener.ListenerArn, rules };
}

export const expressHost = (service) => `${service.toLowerCase()}-1a2b3c.ecs.us-east-1.on.aws`;

export async function webAcl(own, name) {
  const visibility = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name };
  return (await own.waf('CreateWebACL', { Name: name, Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: visibility })).Summary.ARN;
}

export async function aclOf(own, alb) {
  return (await own.waf('GetWebACLForResource', { ResourceArn: alb })).WebACL?.ARN ?? null;
}

export async function hostsOf(own, rule) {
  const r = (await own.elb('DescribeRules', { RuleArns: [rule] })).Rules[0];
  return r.Conditions.find((c) => c.Field === 'host-header').HostHeaderConfig.Values;
}
