// The Lambda behind Custom::ExpressDomainNames exactly as the core embeds it in the template
// (src/synth/domain_names.js, bundled from handlers/domain-names.ts): `reconcile` on rule conditions as
// DescribeRules returns them, and the handler end to end through `createHandler` with a fake ELB, a fake clock
// and a fake CloudFormation response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const file = fileURLToPath(new URL('../../src/synth/domain_names.js', import.meta.url));
const lambda = require(file);

const EXPRESS = 'ab-0123456789abcdef0123456789abcdef.ecs.eu-west-1.on.aws';
/** A host-header condition as DescribeRules returns it: Values and HostHeaderConfig both. */
const host = (...values) => ({ Field: 'host-header', Values: values, HostHeaderConfig: { Values: values } });
const hostsOf = (conditions) => conditions.find((c) => c.Field === 'host-header').HostHeaderConfig.Values;

test('reconcile adds the names beside Express\'s own, and sends conditions in their Config form only', () => {
  const p = lambda.reconcile([host(EXPRESS)], ['api.example.com', 'www.example.com'], []);
  assert.equal(p.changed, true);
  assert.deepEqual(p.conditions, [{ Field: 'host-header', HostHeaderConfig: { Values: [EXPRESS, 'api.example.com', 'www.example.com'] } }]);
});

test('reconcile again is a no-op (idempotent); a name on the rule in another case is not added twice', () => {
  const same = lambda.reconcile([host(EXPRESS, 'api.example.com')], ['api.example.com'], []);
  assert.equal(same.changed, false);
  const p = lambda.reconcile([host(EXPRESS, 'api.example.com')], ['API.example.com'], ['API.example.com']);
  assert.equal(p.changed, false);
  assert.deepEqual(hostsOf(p.conditions), [EXPRESS, 'api.example.com']);
});

test('reconcile removes ours only: Express\'s name and names added by hand stay', () => {
  const p = lambda.reconcile([host(EXPRESS, 'old.example.com', 'by-hand.example.com')], ['new.example.com'], ['old.example.com']);
  assert.deepEqual(hostsOf(p.conditions), [EXPRESS, 'by-hand.example.com', 'new.example.com']);
  const gone = lambda.reconcile([host(EXPRESS, 'a.example.com')], [], ['a.example.com']);
  assert.deepEqual(hostsOf(gone.conditions), [EXPRESS]);
});

test('reconcile compares names exactly: removing ours leaves a differently-cased one someone else wrote', () => {
  const p = lambda.reconcile([host(EXPRESS, 'api.example.com', 'API.example.com', 'Www.Example.com')], [], ['api.example.com', 'www.example.com']);
  assert.equal(p.changed, true);
  assert.deepEqual(hostsOf(p.conditions), [EXPRESS, 'API.example.com', 'Www.Example.com']);
});

test('reconcile keeps other conditions, counts their values, and refuses past 5', () => {
  const path = { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } };
  const ok = lambda.reconcile([host(EXPRESS), path], ['a.example.com', 'b.example.com', 'c.example.com'], []);
  assert.deepEqual(ok.conditions[1], { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } });
  const full = lambda.reconcile([host(EXPRESS, 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com')], ['e.example.com'], []);
  assert.match(full.error, /would hold 6 condition values; ALB takes 5/);
  assert.match(lambda.reconcile([path], ['a.example.com'], []).error, /no host-header condition/);
});

const RULE = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/alb/1/2/3';
const RULE2 = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/alb/1/2/4';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/alb/1';
const LBS = { [LB]: { DNSName: 'alb-1.eu-west-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z32O12XQLNTSW2' } };
const props = (names, rule = RULE) => ({ ListenerRuleArn: rule, LoadBalancerArn: LB, HostNames: names });
const TIMEOUT_MS = 300_000;
/** runtime.ts: 20 s of the function's time kept back for the answer, which takes at most 18 s. */
const ANSWERED_BY_MS = TIMEOUT_MS - 20_000 + 18_000;

const elbError = (name, message = `${name} from the fake`) => Object.assign(new Error(message), { name });

/**
 * Runs the handler against a fake ELB holding `rules` (ARN -> conditions) and load balancers `lbs`; returns
 * the calls ([name, rule or load balancer]) and the response. `fail(name, input)`: an error to throw instead.
 * `latency`: ms each call takes on the fake clock.
 */
async function run(event, rules, { lbs = LBS, fail = () => null, latency = 0, remaining = 60_000 } = {}) {
  const calls = [];
  const responses = [];
  let clock = 0;
  const send = async (name, input) => {
    calls.push([name, input.RuleArn ?? input.RuleArns?.[0] ?? input.LoadBalancerArns?.[0]]);
    clock += latency;
    const error = fail(name, input);
    if (error) throw error;
    if (name === 'DescribeRules') {
      const conditions = rules.get(input.RuleArns[0]);
      if (conditions === undefined) throw elbError('RuleNotFoundException', 'gone');
      return { Rules: [{ RuleArn: input.RuleArns[0], Conditions: structuredClone(conditions) }] };
    }
    if (name === 'ModifyRule') {
      if (!rules.has(input.RuleArn)) throw elbError('RuleNotFoundException', 'gone');
      const hostHeader = input.Conditions.find((c) => c.Field === 'host-header');
      assert.equal(hostHeader.Values, undefined, 'ModifyRule refuses Values beside HostHeaderConfig');
      rules.set(input.RuleArn, [host(...hostHeader.HostHeaderConfig.Values)]);
      return {};
    }
    if (name === 'DescribeLoadBalancers') {
      const lb = lbs[input.LoadBalancerArns[0]];
      if (!lb) throw elbError('LoadBalancerNotFoundException');
      return { LoadBalancers: [lb] };
    }
    throw new Error(`unexpected ${name}`);
  };
  const handler = lambda.createHandler({
    send,
    respond: async (_url, body) => void responses.push({ body, at: clock }),
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    log: () => {},
  });
  await handler(
    { ResponseURL: 'https://x', StackId: 's', RequestId: 'r-0000-000000000001', LogicalResourceId: 'WebDomainNames', ...event },
    { getRemainingTimeInMillis: () => remaining },
  );
  assert.equal(responses.length, 1, 'exactly one response');
  return { calls, names: calls.map(([n]) => n), response: responses[0].body, at: responses[0].at };
}

test('handler: create, an update that renames, a re-run that changes nothing, delete; the load balancer\'s DNS name is returned', async () => {
  const rules = new Map([[RULE, [host(EXPRESS)]]]);
  const created = await run({ RequestType: 'Create', ResourceProperties: props(['api.example.com']) }, rules);
  assert.equal(created.response.Status, 'SUCCESS', created.response.Reason);
  assert.deepEqual(created.response.Data, { LoadBalancerDnsName: 'alb-1.eu-west-1.elb.amazonaws.com', LoadBalancerHostedZoneId: 'Z32O12XQLNTSW2' });
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'api.example.com']);
  const id = created.response.PhysicalResourceId;
  assert.equal(id, 'express-domain-names-000000000001');

  const renamed = await run({ RequestType: 'Update', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']), OldResourceProperties: props(['api.example.com']) }, rules);
  assert.equal(renamed.response.PhysicalResourceId, id, 'the same resource: no Delete of the old one follows');
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'www.example.com']);

  // The service updated (UpdatedAt changed) and Express left the rule alone: nothing to modify.
  const rerun = await run({ RequestType: 'Update', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']), OldResourceProperties: props(['www.example.com']) }, rules);
  assert.deepEqual(rerun.names, ['DescribeRules', 'DescribeLoadBalancers']);
  // Express wrote the rule anew: the names come back.
  rules.set(RULE, [host(EXPRESS)]);
  await run({ RequestType: 'Update', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']), OldResourceProperties: props(['www.example.com']) }, rules);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'www.example.com']);

  const deleted = await run({ RequestType: 'Delete', PhysicalResourceId: id, ResourceProperties: props(['www.example.com']) }, rules);
  assert.equal(deleted.response.Status, 'SUCCESS');
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS]);
});

test('handler: a Delete removes exactly our names, not a differently-cased one someone else added', async () => {
  const rules = new Map([[RULE, [host(EXPRESS, 'api.example.com', 'API.EXAMPLE.COM')]]]);
  const deleted = await run({ RequestType: 'Delete', PhysicalResourceId: 'p', ResourceProperties: props(['api.example.com']) }, rules);
  assert.equal(deleted.response.Status, 'SUCCESS', deleted.response.Reason);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'API.EXAMPLE.COM']);
});

test('handler: a name already on the rule in another case is not added twice, and our Delete leaves it', async () => {
  const rules = new Map([[RULE, [host(EXPRESS, 'API.example.com')]]]);
  const created = await run({ RequestType: 'Create', ResourceProperties: props(['api.example.com']) }, rules);
  assert.equal(created.response.Status, 'SUCCESS', created.response.Reason);
  assert.ok(!created.names.includes('ModifyRule'), 'ALB matches host names regardless of case: it routes already');
  const deleted = await run({ RequestType: 'Delete', PhysicalResourceId: created.response.PhysicalResourceId, ResourceProperties: props(['api.example.com']) }, rules);
  assert.equal(deleted.response.Status, 'SUCCESS', deleted.response.Reason);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'API.example.com']);
});

test('handler: a replaced service gets the names on its new rule and never touches the old one, which its policy no longer names', async () => {
  const rules = new Map([[RULE, [host(EXPRESS, 'api.example.com')]], [RULE2, [host('cd-new.ecs.eu-west-1.on.aws')]]]);
  // The stack's policy follows the service's current rule: the old one is AccessDenied from now on.
  const policyNames = { rule: RULE2 };
  const denied = (name, input) => {
    const rule = input.RuleArn ?? (name === 'DescribeRules' ? input.RuleArns[0] : undefined);
    return name === 'ModifyRule' && rule !== policyNames.rule ? elbError('AccessDenied', `not authorized to perform elasticloadbalancing:ModifyRule on ${rule}`) : null;
  };
  const moved = await run({ RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: props(['api.example.com'], RULE2), OldResourceProperties: props(['api.example.com'], RULE) }, rules, { fail: denied });
  assert.equal(moved.response.Status, 'SUCCESS', moved.response.Reason);
  assert.deepEqual(moved.calls.filter(([, arn]) => arn === RULE), [], 'nothing is asked about the old rule');
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'api.example.com'], 'the old service serves the names until CloudFormation deletes it');
  assert.deepEqual(hostsOf(rules.get(RULE2)), ['cd-new.ecs.eu-west-1.on.aws', 'api.example.com']);

  // Another resource fails: the rollback swaps back (the policy names the old rule again) and leaves the new rule
  // to the new service, which CloudFormation deletes with its rule.
  policyNames.rule = RULE;
  const back = await run({ RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: props(['api.example.com'], RULE), OldResourceProperties: props(['api.example.com'], RULE2) }, rules, { fail: denied });
  assert.equal(back.response.Status, 'SUCCESS', back.response.Reason);
  assert.deepEqual(back.calls.filter(([, arn]) => arn === RULE2), []);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'api.example.com']);
});

test('handler: a gone rule fails a Create and not a Delete; a full rule is refused without a change', async () => {
  const none = new Map();
  const failed = await run({ RequestType: 'Create', ResourceProperties: props(['api.example.com']) }, none);
  assert.equal(failed.response.Status, 'FAILED');
  assert.match(failed.response.Reason, /listener rule .* not found/);
  assert.equal(failed.response.PhysicalResourceId, 'express-domain-names-000000000001');
  // Its rollback Delete finds no rule and succeeds; so does a Delete after the service (and its rule) went.
  const rollback = await run({ RequestType: 'Delete', PhysicalResourceId: failed.response.PhysicalResourceId, ResourceProperties: props(['api.example.com']) }, none);
  assert.equal(rollback.response.Status, 'SUCCESS', rollback.response.Reason);
  assert.deepEqual(rollback.names, ['DescribeRules']);
  // The rule goes between DescribeRules and ModifyRule: nothing left to remove.
  const rules = new Map([[RULE, [host(EXPRESS, 'api.example.com')]]]);
  const racing = await run({ RequestType: 'Delete', PhysicalResourceId: 'p', ResourceProperties: props(['api.example.com']) }, rules, {
    fail: (name) => (name === 'ModifyRule' ? elbError('RuleNotFoundException') : null),
  });
  assert.equal(racing.response.Status, 'SUCCESS', racing.response.Reason);

  const full = new Map([[RULE, [host(EXPRESS, 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com')]]]);
  const refused = await run({ RequestType: 'Create', ResourceProperties: props(['e.example.com']) }, full);
  assert.match(refused.response.Reason, /would hold 6 condition values/);
  assert.ok(!refused.names.includes('ModifyRule'));
});

test('handler: a Create that fails after adding the names answers its physical id, and the rollback Delete removes them', async () => {
  const rules = new Map([[RULE, [host(EXPRESS)]]]);
  const failed = await run({ RequestType: 'Create', ResourceProperties: props(['api.example.com']) }, rules, { lbs: {} });
  assert.equal(failed.response.Status, 'FAILED');
  assert.match(failed.response.Reason, /LoadBalancerNotFoundException/);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS, 'api.example.com'], 'added before the load balancer was looked up');
  assert.equal(failed.response.PhysicalResourceId, 'express-domain-names-000000000001');

  const rollback = await run({ RequestType: 'Delete', PhysicalResourceId: failed.response.PhysicalResourceId, ResourceProperties: props(['api.example.com']) }, rules);
  assert.equal(rollback.response.Status, 'SUCCESS', rollback.response.Reason);
  assert.deepEqual(hostsOf(rules.get(RULE)), [EXPRESS], 'the name no longer routes to the service');
});

test('handler: ModifyRule is retried while the rule is in use or throttled', async () => {
  const rules = new Map([[RULE, [host(EXPRESS)]]]);
  let n = 0;
  const busy = (name) => (name === 'ModifyRule' && ++n <= 2 ? elbError(n === 1 ? 'ResourceInUseException' : 'Throttling') : null);
  const done = await run({ RequestType: 'Create', ResourceProperties: props(['api.example.com']) }, rules, { fail: busy });
  assert.equal(done.response.Status, 'SUCCESS', done.response.Reason);
  assert.deepEqual(done.names, ['DescribeRules', 'ModifyRule', 'ModifyRule', 'ModifyRule', 'DescribeLoadBalancers']);
});

for (const [type, extra, holds] of [
  ['Create', {}, 'old.example.com'],
  ['Update', { PhysicalResourceId: 'p', OldResourceProperties: props(['old.example.com']) }, 'old.example.com'],
  ['Delete', { PhysicalResourceId: 'p' }, 'api.example.com'],
]) {
  test(`handler ${type}: answers before the function's ${TIMEOUT_MS / 1000}-s timeout, even when every call hangs until its timeout`, async () => {
    const rules = new Map([[RULE, [host(EXPRESS)]]]);
    // Each attempt takes 13 s (the SDK's 3-s connection and 10-s request timeouts) and ends in TimeoutError.
    const hung = await run({ RequestType: type, ResourceProperties: props(['api.example.com']), ...extra }, rules, {
      remaining: TIMEOUT_MS,
      latency: 13_000,
      fail: () => elbError('TimeoutError', 'the request timed out'),
    });
    assert.equal(hung.response.Status, 'FAILED');
    assert.match(hung.response.Reason, /DescribeRules .*TimeoutError/);
    assert.ok(hung.at <= ANSWERED_BY_MS, `answered at ${hung.at} ms`);
    // With ModifyRule alone hanging (its retries give up after 120 s), the paths that make 2 or 3 calls too.
    const slow = await run({ RequestType: type, ResourceProperties: props(['api.example.com']), ...extra }, new Map([[RULE, [host(EXPRESS, holds)]]]), {
      remaining: TIMEOUT_MS,
      latency: 13_000,
      fail: (name) => (name === 'ModifyRule' ? elbError('TimeoutError', 'the request timed out') : null),
    });
    assert.equal(slow.response.Status, 'FAILED');
    assert.ok(slow.at <= ANSWERED_BY_MS, `answered at ${slow.at} ms`);
  });
}

test('the ELB client is made once, with connection and request timeouts and a single attempt', async () => {
  const configs = [];
  class ElasticLoadBalancingV2Client {
    constructor(config) {
      configs.push(config);
    }
    async send(command, options) {
      assert.ok(options.abortSignal instanceof AbortSignal, 'each call is aborted at the deadline');
      if (command.name === 'DescribeRules') return { Rules: [{ Conditions: [host(EXPRESS)] }] };
      if (command.name === 'DescribeLoadBalancers') return { LoadBalancers: [LBS[LB]] };
      return {};
    }
  }
  const sdk = { ElasticLoadBalancingV2Client };
  for (const name of ['DescribeRules', 'ModifyRule', 'DescribeLoadBalancers']) {
    sdk[`${name}Command`] = class { constructor(input) { this.name = name; this.input = input; } };
  }
  const module = { exports: {} };
  const fakeRequire = (name) => {
    assert.equal(name, '@aws-sdk/client-elastic-load-balancing-v2');
    return sdk;
  };
  new Function('exports', 'require', 'module', fs.readFileSync(file, 'utf8'))(module.exports, fakeRequire, module);
  const responses = [];
  const handler = module.exports.createHandler({ respond: async (_url, body) => void responses.push(body), log: () => {} });
  const event = { RequestType: 'Create', ResponseURL: 'https://x', StackId: 's', RequestId: 'r1', LogicalResourceId: 'L', ResourceProperties: props(['api.example.com']) };
  await handler(event, { getRemainingTimeInMillis: () => TIMEOUT_MS });
  await handler(event, { getRemainingTimeInMillis: () => TIMEOUT_MS });
  assert.deepEqual(responses.map((r) => r.Status), ['SUCCESS', 'SUCCESS']);
  assert.deepEqual(configs, [{
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
  }]);
});

test('the shipped file is CommonJS for index.js, far under CloudFormation\'s inline limit, and needs only the SDK Lambda ships', () => {
  const source = fs.readFileSync(file, 'utf8');
  assert.match(source, /^\/\/ Generated from handlers\/domain-names\.ts by scripts\/bundle-handlers\.mjs; do not edit\.\n/);
  // "This zip file cannot exceed 4MB" (AWS::Lambda::Function Code, ZipFile); the text is the zip's upper bound.
  assert.ok(Buffer.byteLength(source) < 4 * 1024 * 1024, `${Buffer.byteLength(source)} bytes`);
  // Its bytes also count toward the template's 51,200 inline: the SDK must not have been bundled in.
  assert.ok(Buffer.byteLength(source) < 16 * 1024, `${Buffer.byteLength(source)} bytes: is the SDK bundled in?`);
  const required = [...source.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['@aws-sdk/client-elastic-load-balancing-v2']);
  assert.deepEqual(Object.keys(lambda).sort(), ['MAX_CONDITION_VALUES', 'createHandler', 'handler', 'reconcile']);
});
