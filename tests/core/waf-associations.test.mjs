// The Lambda behind Custom::ExpressWafAssociations exactly as the core embeds it in the template
// (src/synth/waf_associations.js, bundled from handlers/waf-associations.ts). An ALB is shared by up to 25
// Express services and holds ONE web ACL, so one stack-level resource sets the associations: `plan` is tested
// over a sequence of deploys against a simulated account, and the handler end to end through `createHandler`
// with a fake WAF, a fake clock and a fake CloudFormation response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const file = fileURLToPath(new URL('../../src/synth/waf_associations.js', import.meta.url));
const lambda = require(file);


const arn = 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl';
const A = `${arn}/express-a/aaaa-1111`;
const B = `${arn}/express-b/bbbb-2222`;
const X = `${arn}/someone-elses/xxxx-9999`;
const alb = (n) => `arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/ecs-express-gateway-alb-${n}/${n}f00`;
const [ALB1, ALB2, ALB3] = [alb(1), alb(2), alb(3)];
const times = (n, x) => Array.from({ length: n }, () => x);

/** One step against a simulated account (Map ALB -> ACL, null when none, false when the ALB is gone). */
function deploy(account, desired, previous) {
  const p = lambda.plan(desired, previous, new Map(account));
  for (const [a, acl] of p.associate) account.set(a, acl);
  for (const a of p.disassociate) account.set(a, null);
  return p;
}

test('a sequence of deploys keeps one association per ALB and never strips one a remaining service needs', () => {
  const account = new Map([[ALB1, null], [ALB2, null]]);
  const steps = [
    {
      what: '1. two services on one ALB: associated once',
      desired: [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB1] }],
      plan: { associate: [[ALB1, A]], disassociate: [], errors: [] },
      after: { [ALB1]: A, [ALB2]: null },
    },
    {
      what: '2. one of the two deleted: nothing changes, ALB1 keeps A',
      desired: [{ WebAclArn: A, LoadBalancerArns: [ALB1] }],
      plan: { associate: [], disassociate: [], errors: [] },
      after: { [ALB1]: A, [ALB2]: null },
    },
    {
      what: '3. a 26th service lands on a new ALB: only ALB2 is associated',
      desired: [{ WebAclArn: A, LoadBalancerArns: [...times(25, ALB1), ALB2] }],
      plan: { associate: [[ALB2, A]], disassociate: [], errors: [] },
      after: { [ALB1]: A, [ALB2]: A },
    },
    {
      what: '4. ACL switched from A to B for all: both re-associated, none disassociated first',
      desired: [{ WebAclArn: B, LoadBalancerArns: [ALB2, ...times(25, ALB1)] }],
      plan: { associate: [[ALB1, B], [ALB2, B]], disassociate: [], errors: [] },
      after: { [ALB1]: B, [ALB2]: B },
    },
    {
      what: '5. WAF turned off for all: both disassociated',
      desired: [],
      plan: { associate: [], disassociate: [ALB1, ALB2], errors: [] },
      after: { [ALB1]: null, [ALB2]: null },
    },
  ];
  let previous = [];
  for (const step of steps) {
    assert.deepEqual(deploy(account, step.desired, previous), step.plan, step.what);
    assert.deepEqual(Object.fromEntries(account), step.after, step.what);
    previous = step.desired;
  }
});

test('an ALB whose ACL someone else set is not disassociated', () => {
  const account = new Map([[ALB1, A], [ALB2, X]]);
  const previous = [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }];
  assert.deepEqual(deploy(account, [], previous), { associate: [], disassociate: [ALB1], errors: [] });
  assert.equal(account.get(ALB2), X);
});

test('an ALB not in our properties is never touched, whatever it holds', () => {
  const account = new Map([[ALB1, null], [ALB3, X]]);
  const p = deploy(account, [{ WebAclArn: A, LoadBalancerArns: [ALB1] }], []);
  assert.deepEqual(p, { associate: [[ALB1, A]], disassociate: [], errors: [] });
  assert.equal(account.get(ALB3), X);
});

test('two web ACLs wanting one ALB is an error naming the ALB and both ACLs, and nothing is done', () => {
  const account = new Map([[ALB1, null], [ALB2, null], [ALB3, A]]);
  const desired = [
    { WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] },
    { WebAclArn: B, LoadBalancerArns: [ALB1] },
  ];
  const p = deploy(account, desired, [{ WebAclArn: A, LoadBalancerArns: [ALB3] }]);
  assert.deepEqual(p.associate, []);
  assert.deepEqual(p.disassociate, []);
  assert.equal(p.errors.length, 1, p.errors.join('\n'));
  for (const part of [ALB1, A, B]) assert.ok(p.errors[0].includes(part), `${p.errors[0]} does not name ${part}`);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: null, [ALB2]: null, [ALB3]: A });
});

test('one ALB wanted by three web ACLs, each listing it twice, yields one clear error', () => {
  const desired = [A, B, X].map((acl) => ({ WebAclArn: acl, LoadBalancerArns: [ALB1, ALB1] }));
  const p = lambda.plan(desired, [], new Map([[ALB1, null]]));
  assert.equal(p.errors.length, 1, p.errors.join('\n'));
  assert.ok(p.errors[0].includes(ALB1) && p.errors[0].includes(A) && p.errors[0].includes(B), p.errors[0]);
  assert.doesNotMatch(p.errors[0], /null|undefined/);
  assert.deepEqual([p.associate, p.disassociate], [[], []]);
});

test('errors from several ALBs are all reported, sorted', () => {
  const desired = [{ WebAclArn: A, LoadBalancerArns: [ALB2, ALB1] }, { WebAclArn: B, LoadBalancerArns: [ALB2, ALB1] }];
  const p = lambda.plan(desired, [], new Map());
  assert.equal(p.errors.length, 2, p.errors.join('\n'));
  assert.ok(p.errors[0].includes(ALB1) && p.errors[1].includes(ALB2), p.errors.join('\n'));
});

test('Delete (desired []) disassociates only the ALBs still holding our ACL', () => {
  const account = new Map([[ALB1, A], [ALB2, B], [ALB3, X]]);
  const previous = [
    { WebAclArn: A, LoadBalancerArns: [ALB1, ALB1, ALB3] },
    { WebAclArn: B, LoadBalancerArns: [ALB2] },
  ];
  assert.deepEqual(deploy(account, [], previous), { associate: [], disassociate: [ALB1, ALB2], errors: [] });
  assert.equal(account.get(ALB3), X);
});

test('an ALB in previous that is gone, or holds no ACL, is not disassociated', () => {
  const previous = [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2, ALB3] }];
  const current = new Map([[ALB1, A], [ALB2, false], [ALB3, null]]);
  assert.deepEqual(lambda.plan([], previous, current), { associate: [], disassociate: [ALB1], errors: [] });
});

test('a desired ALB that is gone is an error saying it was not found', () => {
  const p = lambda.plan([{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }], [], new Map([[ALB1, false], [ALB2, null]]));
  assert.deepEqual(p.associate, []);
  assert.equal(p.errors.length, 1);
  assert.match(p.errors[0], /not found/);
  assert.ok(p.errors[0].includes(ALB1));
});

test('an ALB missing from current counts as holding no ACL', () => {
  const previous = [{ WebAclArn: A, LoadBalancerArns: [ALB2] }];
  const p = lambda.plan([{ WebAclArn: A, LoadBalancerArns: [ALB1] }], previous, new Map());
  assert.deepEqual(p, { associate: [[ALB1, A]], disassociate: [], errors: [] });
});

test('an ALB moved from one web ACL to another is re-associated, not disassociated', () => {
  const previous = [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }];
  const desired = [{ WebAclArn: A, LoadBalancerArns: [ALB2] }, { WebAclArn: B, LoadBalancerArns: [ALB1] }];
  const p = lambda.plan(desired, previous, new Map([[ALB1, A], [ALB2, A]]));
  assert.deepEqual(p, { associate: [[ALB1, B]], disassociate: [], errors: [] });
});

test('an ALB previously in conflict is not disassociated (nothing was done for it)', () => {
  const previous = [{ WebAclArn: A, LoadBalancerArns: [ALB1] }, { WebAclArn: B, LoadBalancerArns: [ALB1] }];
  assert.deepEqual(lambda.plan([], previous, new Map([[ALB1, A]])), { associate: [], disassociate: [], errors: [] });
});

test('the plan is sorted by ALB ARN whatever the input order', () => {
  const desired = [{ WebAclArn: B, LoadBalancerArns: [ALB3, ALB1] }, { WebAclArn: A, LoadBalancerArns: [ALB2] }];
  const previous = [{ WebAclArn: X, LoadBalancerArns: [alb(9), alb(5)] }];
  const current = new Map([[alb(5), X], [alb(9), X]]);
  assert.deepEqual(lambda.plan(desired, previous, current), {
    associate: [[ALB1, B], [ALB2, A], [ALB3, B]],
    disassociate: [alb(5), alb(9)],
    errors: [],
  });
});

test('missing or empty WebAcls and LoadBalancerArns plan nothing', () => {
  const empty = { associate: [], disassociate: [], errors: [] };
  assert.deepEqual(lambda.plan(undefined, undefined, new Map()), empty);
  assert.deepEqual(lambda.plan([], [], new Map()), empty);
  assert.deepEqual(lambda.plan([{ WebAclArn: A }], [{ WebAclArn: A, LoadBalancerArns: [] }], new Map()), empty);
});

// ---------------------------------------------------------------------------------------------------------
// handler, with a fake WAF (an account: Map ALB -> ACL or null; an ALB absent from it does not exist), a fake
// clock (a pause or a slow call moves it on) and a fake CloudFormation response.

const REQUEST_ID = 'c5a9b6f2-1d3e-4f5a-8b7c-0123456789ab';
const CREATED_ID = 'express-waf-associations-0123456789ab';
/** The function's Timeout in the template, and the latest an answer may come (runtime.ts: 20 s kept back for
 * the answer, which takes at most 18 s). */
const TIMEOUT_MS = 300_000;
const ANSWERED_BY_MS = TIMEOUT_MS - 20_000 + 18_000;

function event(RequestType, WebAcls, { old, physical } = {}) {
  const props = (acls) => ({ ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:waf', ...(acls && { WebAcls: acls }) });
  return {
    RequestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:waf',
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/presigned?X-Amz-Signature=1',
    StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/app/0f0f0f0f-aaaa-bbbb-cccc-0123456789ab',
    RequestId: REQUEST_ID,
    LogicalResourceId: 'ExpressWafAssociations',
    ResourceType: 'Custom::ExpressWafAssociations',
    ResourceProperties: props(WebAcls),
    ...(old !== undefined && { OldResourceProperties: props(old) }),
    ...(physical && { PhysicalResourceId: physical }),
  };
}

function wafError(name, message = `${name} from the fake`) {
  return Object.assign(new Error(message), { name });
}

/**
 * A handler with a fake WAF, clock and response. `account`: ALB -> ACL | null; absent = no such ALB.
 * `noneAsNx`: answer GetWebACLForResource for an ALB without ACL with WAFNonexistentItemException (WAF does
 * both). `fail(name, input, n)`: an error to throw for the n-th call of that operation. `latency`: ms each
 * call takes. `remaining`: what the Lambda context says is left (no context when undefined).
 */
function fake(account, { noneAsNx = false, fail = () => null, latency = 0, remaining } = {}) {
  const calls = [];
  const delays = [];
  const responses = [];
  const logs = [];
  const counts = {};
  let clock = 0;
  const send = async (name, input) => {
    calls.push([name, input]);
    counts[name] = (counts[name] ?? 0) + 1;
    clock += latency;
    const error = fail(name, input, counts[name]);
    if (error) throw error;
    const resource = input.ResourceArn;
    switch (name) {
      case 'GetWebACLForResource': {
        const acl = account.get(resource);
        if (!account.has(resource) || (acl === null && noneAsNx)) throw wafError('WAFNonexistentItemException');
        return acl ? { WebACL: { ARN: acl, Name: acl.split('/').at(-2), Id: acl.split('/').at(-1) } } : {};
      }
      case 'AssociateWebACL':
        if (!account.has(resource)) throw wafError('WAFNonexistentItemException');
        account.set(resource, input.WebACLArn);
        return {};
      case 'DisassociateWebACL':
        if (!account.has(resource)) throw wafError('WAFNonexistentItemException');
        account.set(resource, null);
        return {};
      default:
        throw new Error(`unexpected WAF operation ${name}`);
    }
  };
  const handler = lambda.createHandler({
    send,
    respond: async (url, body) => void responses.push({ url, body, at: clock }),
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    log: (line) => logs.push(line),
  });
  const ctx = remaining === undefined ? undefined : { getRemainingTimeInMillis: () => remaining };
  const run = async (ev) => {
    const before = responses.length;
    await handler(ev, ctx);
    assert.equal(responses.length, before + 1, 'exactly one response is sent');
    return responses.at(-1).body;
  };
  const changes = () => calls.filter(([name]) => name !== 'GetWebACLForResource');
  return { calls, changes, delays, responses, logs, run, clock: () => clock };
}

function assertEchoes(body, ev) {
  assert.equal(body.StackId, ev.StackId);
  assert.equal(body.RequestId, ev.RequestId);
  assert.equal(body.LogicalResourceId, ev.LogicalResourceId);
  assert.equal(typeof body.Reason, 'string');
  assert.ok(Buffer.byteLength(JSON.stringify(body)) <= 4096, 'CloudFormation takes a response body of 4096 bytes at most');
}

test('handler Create associates each ALB once and answers SUCCESS with a new physical id', async () => {
  const account = new Map([[ALB1, null], [ALB2, null], [ALB3, X]]);
  const f = fake(account);
  const ev = event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB2, ALB1, ALB1] }]);
  const body = await f.run(ev);
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.equal(body.PhysicalResourceId, CREATED_ID);
  assertEchoes(body, ev);
  assert.equal(f.responses[0].url, ev.ResponseURL);
  assert.deepEqual(f.changes(), [
    ['AssociateWebACL', { WebACLArn: A, ResourceArn: ALB1 }],
    ['AssociateWebACL', { WebACLArn: A, ResourceArn: ALB2 }],
  ]);
  assert.deepEqual(f.calls.filter(([n]) => n === 'GetWebACLForResource').map(([, i]) => i.ResourceArn), [ALB1, ALB2]);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: A, [ALB2]: A, [ALB3]: X });
  const lines = f.logs.filter((l) => /^(Dis)?[Aa]ssociate /.test(l));
  assert.equal(lines.length, 2, f.logs.join('\n'));
  assert.ok(lines[0].includes(ALB1) && lines[0].includes(A));
  assert.ok(!f.logs.join('\n').includes(ev.ResponseURL), 'the presigned URL is not logged');
});

test('handler Update that drops a service changes nothing and keeps the physical id', async () => {
  const account = new Map([[ALB1, A]]);
  const f = fake(account);
  const ev = event('Update', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }], {
    old: [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB1] }],
    physical: 'express-waf-associations-sent-by-cfn',
  });
  const body = await f.run(ev);
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.equal(body.PhysicalResourceId, 'express-waf-associations-sent-by-cfn');
  assertEchoes(body, ev);
  assert.deepEqual(f.changes(), []);
  assert.equal(account.get(ALB1), A);
});

test('handler Update that drops the last service on an ALB disassociates that ALB only', async () => {
  const account = new Map([[ALB1, A], [ALB2, A]]);
  const f = fake(account);
  const ev = event('Update', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }], {
    old: [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }],
    physical: 'any-id-cfn-sent',
  });
  const body = await f.run(ev);
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.equal(body.PhysicalResourceId, 'any-id-cfn-sent');
  assert.deepEqual(f.changes(), [['DisassociateWebACL', { ResourceArn: ALB2 }]]);
  assert.ok(f.logs.some((l) => l.includes(ALB2) && l.includes(A) && /disassociat/i.test(l)), f.logs.join('\n'));
});

test('handler Delete disassociates only ALBs still holding our ACL and keeps the physical id', async () => {
  const account = new Map([[ALB1, A], [ALB2, X]]);
  const f = fake(account);
  const ev = event('Delete', [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2, ALB3] }], { physical: CREATED_ID });
  const body = await f.run(ev);
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.equal(body.PhysicalResourceId, CREATED_ID);
  assertEchoes(body, ev);
  assert.deepEqual(f.changes(), [['DisassociateWebACL', { ResourceArn: ALB1 }]]);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: null, [ALB2]: X });
});

test('handler treats WAFNonexistentItemException from GetWebACLForResource as no ACL', async () => {
  const account = new Map([[ALB1, null], [ALB2, A]]);
  const f = fake(account, { noneAsNx: true });
  const body = await f.run(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }]));
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.deepEqual(f.changes(), [['AssociateWebACL', { WebACLArn: A, ResourceArn: ALB1 }]]);
});

test('handler Delete succeeds when the ALB went away, before or during the run', async () => {
  const account = new Map([[ALB1, A]]);
  const f = fake(account, {
    fail: (name) => (name === 'DisassociateWebACL' ? wafError('WAFNonexistentItemException') : null),
  });
  const ev = event('Delete', [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }], { physical: CREATED_ID });
  const body = await f.run(ev);
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.deepEqual(f.changes(), [['DisassociateWebACL', { ResourceArn: ALB1 }]], 'ALB2 (gone) is not disassociated');
});

test('handler answers FAILED, naming the ALB and both ACLs, when two web ACLs want one ALB; its rollback changes nothing', async () => {
  const account = new Map([[ALB1, null], [ALB2, null], [ALB3, X]]);
  const f = fake(account);
  const ev = event('Create', [
    { WebAclArn: A, LoadBalancerArns: [ALB1, ALB2, ALB3] },
    { WebAclArn: B, LoadBalancerArns: [ALB1] },
  ]);
  const body = await f.run(ev);
  assert.equal(body.Status, 'FAILED');
  assertEchoes(body, ev);
  for (const part of [ALB1, A, B]) assert.ok(body.Reason.includes(part), `${body.Reason} does not name ${part}`);
  assert.deepEqual(f.changes(), []);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: null, [ALB2]: null, [ALB3]: X });

  // Its rollback Delete (of the physical id the failed Create answered) finds nothing of ours: ALB3 holds
  // someone else's web ACL, the others none.
  assert.equal(body.PhysicalResourceId, CREATED_ID);
  const del = await f.run(event('Delete', ev.ResourceProperties.WebAcls, { physical: body.PhysicalResourceId }));
  assert.equal(del.Status, 'SUCCESS', del.Reason);
  assert.deepEqual(f.changes(), []);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: null, [ALB2]: null, [ALB3]: X });
});

test('a Create that fails half-way answers FAILED with its physical id, and the rollback Delete takes off what it associated', async () => {
  const account = new Map([[ALB1, null], [ALB2, null]]);
  const f = fake(account, {
    fail: (name, input) => (name === 'AssociateWebACL' && input.ResourceArn === ALB2 ? wafError('WAFInvalidParameterException', 'no') : null),
  });
  const ev = event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }]);
  const body = await f.run(ev);
  assert.equal(body.Status, 'FAILED');
  assert.match(body.Reason, /AssociateWebACL .*WAFInvalidParameterException/);
  assert.equal(account.get(ALB1), A, 'ALB1 was associated before ALB2 failed');
  assert.equal(body.PhysicalResourceId, CREATED_ID, 'the id a successful Create would have answered');

  // CloudFormation's rollback deletes the resource it was told of; the stack's web ACL can then be deleted.
  const del = await f.run(event('Delete', ev.ResourceProperties.WebAcls, { physical: body.PhysicalResourceId }));
  assert.equal(del.Status, 'SUCCESS', del.Reason);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: null, [ALB2]: null });
});

test('a Delete removes what is ours whatever physical id it names (a Create that never answered)', async () => {
  const account = new Map([[ALB1, A], [ALB2, X]]);
  const f = fake(account);
  const body = await f.run(event('Delete', [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }], { physical: 'ExpressWafAssociations-1A2B3C4D5E6F' }));
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.equal(body.PhysicalResourceId, 'ExpressWafAssociations-1A2B3C4D5E6F');
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: null, [ALB2]: X });
});

test('handler rollback Updates (old and new properties swapped) undo what the failed deploy did, and only that', async () => {
  const account = new Map([[ALB1, A], [ALB2, null]]);
  const before = [{ WebAclArn: A, LoadBalancerArns: [ALB1] }];
  const physical = CREATED_ID;

  // A deploy that adds ALB2 succeeds here, then another resource fails: CloudFormation rolls back.
  const grown = [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }];
  let f = fake(account);
  assert.equal((await f.run(event('Update', grown, { old: before, physical }))).Status, 'SUCCESS');
  assert.equal(account.get(ALB2), A);
  f = fake(account);
  const back = await f.run(event('Update', before, { old: grown, physical }));
  assert.equal(back.Status, 'SUCCESS', back.Reason);
  assert.equal(back.PhysicalResourceId, physical);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: A, [ALB2]: null });

  // A deploy this resource fails (two ACLs for ALB1): its rollback changes nothing.
  const conflict = [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }, { WebAclArn: B, LoadBalancerArns: [ALB1] }];
  f = fake(account);
  assert.equal((await f.run(event('Update', conflict, { old: before, physical }))).Status, 'FAILED');
  f = fake(account);
  assert.equal((await f.run(event('Update', before, { old: conflict, physical }))).Status, 'SUCCESS');
  assert.deepEqual(f.changes(), []);
  assert.deepEqual(Object.fromEntries(account), { [ALB1]: A, [ALB2]: null });
});

test('handler keeps the whole response within CloudFormation\'s 4096 bytes, cutting a long reason', async () => {
  const albs = Array.from({ length: 60 }, (_, i) => alb(100 + i));
  const f = fake(new Map(albs.map((a) => [a, null])));
  const body = await f.run(event('Create', [
    { WebAclArn: A, LoadBalancerArns: albs },
    { WebAclArn: B, LoadBalancerArns: albs },
  ]));
  assert.equal(body.Status, 'FAILED');
  const bytes = Buffer.byteLength(JSON.stringify(body));
  assert.ok(bytes <= 4096 && bytes > 4000, `${bytes} bytes`);
  assert.ok(body.Reason.startsWith(`ALB ${albs[0]} is wanted by two web ACLs`), body.Reason.slice(0, 200));
  assert.ok(body.Reason.endsWith('…'));
  assert.ok(f.logs.some((l) => l.includes(albs.at(-1))), 'the log keeps the whole reason');
});

test('handler answers FAILED naming the ALB when a wanted ALB does not exist', async () => {
  const f = fake(new Map());
  const body = await f.run(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]));
  assert.equal(body.Status, 'FAILED');
  assert.ok(body.Reason.includes(ALB1), body.Reason);
  assert.match(body.Reason, /WAFNonexistentItemException/);
});

test('handler retries WAFUnavailableEntityException with backoff and then succeeds', async () => {
  const account = new Map([[ALB1, null]]);
  const f = fake(account, {
    fail: (name, _input, n) => (name === 'AssociateWebACL' && n === 1 ? wafError('WAFUnavailableEntityException') : null),
  });
  const body = await f.run(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]));
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.equal(f.delays.length, 1);
  assert.ok(f.delays[0] > 0);
  assert.deepEqual(f.changes().map(([n]) => n), ['AssociateWebACL', 'AssociateWebACL']);
  assert.equal(account.get(ALB1), A);
});

test('handler retries throttling, 5xx and timeouts too, including on GetWebACLForResource', async () => {
  const errors = [
    wafError('ThrottlingException'),
    Object.assign(wafError('WAFInternalErrorException'), { $metadata: { httpStatusCode: 500 } }),
    wafError('TimeoutError'),
    Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  ];
  const f = fake(new Map([[ALB1, null]]), {
    fail: (name, _input, n) => (name === 'GetWebACLForResource' && n <= errors.length ? errors[n - 1] : null),
  });
  const body = await f.run(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]));
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.equal(f.delays.length, errors.length);
  assert.ok(f.delays.every((d, i) => i === 0 || d > f.delays[i - 1]), `backoff grows: ${f.delays}`);
});

test('handler gives up on a WAF that stays unavailable after about two minutes, with a clear reason', async () => {
  const f = fake(new Map([[ALB1, null]]), {
    fail: (name) => (name === 'AssociateWebACL' ? wafError('WAFUnavailableEntityException', 'try again') : null),
  });
  const body = await f.run(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]));
  assert.equal(body.Status, 'FAILED');
  assert.match(body.Reason, /AssociateWebACL/);
  assert.match(body.Reason, /WAFUnavailableEntityException/);
  assert.ok(body.Reason.includes(ALB1));
  const waited = f.delays.reduce((a, b) => a + b, 0);
  assert.ok(waited >= 100_000 && waited <= 150_000, `waited ${waited} ms in ${f.delays.length} retries`);
});

test('handler stops retrying before the Lambda would time out, so a response is still sent', async () => {
  const f = fake(new Map([[ALB1, null]]), {
    remaining: 30_000,
    fail: (name) => (name === 'AssociateWebACL' ? wafError('WAFUnavailableEntityException') : null),
  });
  const body = await f.run(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]));
  assert.equal(body.Status, 'FAILED');
  assert.ok(f.delays.reduce((a, b) => a + b, 0) < 30_000, `${f.delays}`);
  assert.ok(f.responses[0].at < 30_000 - 18_000, `answered at ${f.responses[0].at} ms`);
});

for (const [type, props] of [
  ['Create', {}],
  ['Update', { old: [{ WebAclArn: B, LoadBalancerArns: Array.from({ length: 30 }, (_, i) => alb(300 + i)) }], physical: CREATED_ID }],
  ['Delete', { physical: CREATED_ID }],
]) {
  test(`${type}: every path answers before the function's ${TIMEOUT_MS / 1000}-s timeout, even when every call hangs until its timeout`, async () => {
    const albs = Array.from({ length: 30 }, (_, i) => alb(200 + i));
    const account = new Map([...albs, ...(props.old?.[0].LoadBalancerArns ?? [])].map((a) => [a, null]));
    // Each attempt takes 13 s (the SDK's 3-s connection and 10-s request timeouts) and ends in TimeoutError.
    const f = fake(account, { remaining: TIMEOUT_MS, latency: 13_000, fail: () => wafError('TimeoutError', 'the request timed out') });
    const body = await f.run(event(type, [{ WebAclArn: A, LoadBalancerArns: albs }], props));
    assert.equal(body.Status, 'FAILED');
    assert.match(body.Reason, /GetWebACLForResource .*TimeoutError/);
    assert.ok(f.responses[0].at <= ANSWERED_BY_MS, `answered at ${f.responses[0].at} ms`);
  });
}

test('a call that never settles is cut at the deadline, and CloudFormation still gets its answer', async () => {
  const responses = [];
  const handler = lambda.createHandler({
    // As the SDK does when its abortSignal fires.
    send: (_name, _input, signal) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(Object.assign(new Error(String(signal.reason)), { name: 'AbortError' }))),
      ),
    respond: async (_url, body) => void responses.push(body),
    log: () => {},
  });
  const started = Date.now();
  // 20 s are kept back for the answer: the work has 300 ms.
  await handler(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]), { getRemainingTimeInMillis: () => 20_300 });
  assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  assert.equal(responses.length, 1);
  assert.equal(responses[0].Status, 'FAILED');
  assert.match(responses[0].Reason, /GetWebACLForResource .*(TimeoutError|AbortError)/);
});

test('handler does not retry other errors, and answers FAILED when anything throws', async () => {
  const f = fake(new Map([[ALB1, null]]), {
    fail: (name) => (name === 'AssociateWebACL' ? wafError('WAFInvalidParameterException', 'bad ARN') : null),
  });
  const body = await f.run(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]));
  assert.equal(body.Status, 'FAILED');
  assert.match(body.Reason, /WAFInvalidParameterException/);
  assert.match(body.Reason, /bad ARN/);
  assert.deepEqual(f.delays, []);

  const g = fake(new Map([[ALB1, null]]), { fail: () => new TypeError('boom') });
  const body2 = await g.run(event('Update', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }], { old: [], physical: 'p' }));
  assert.equal(body2.Status, 'FAILED');
  assert.equal(body2.PhysicalResourceId, 'p', 'a failed Update keeps the physical id');
  assert.match(body2.Reason, /boom/);
});

test('handler with no WebAcls at all succeeds without calling WAF', async () => {
  const f = fake(new Map());
  const body = await f.run(event('Create', undefined));
  assert.equal(body.Status, 'SUCCESS', body.Reason);
  assert.deepEqual(f.calls, []);
});

test('the answer is PUT as JSON to the presigned URL with an empty content type, and tried again if it fails', async (t) => {
  const seen = [];
  t.mock.method(globalThis, 'fetch', async (url, init) => {
    seen.push({ url, init });
    return seen.length === 1 ? { ok: false, status: 503 } : { ok: true, status: 200 };
  });
  const handler = lambda.createHandler({ send: async () => ({}), sleep: async () => {}, log: () => {} });
  const ev = event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1] }]);
  await handler(ev, { getRemainingTimeInMillis: () => TIMEOUT_MS });
  assert.equal(seen.length, 2);
  assert.equal(seen[1].url, ev.ResponseURL);
  assert.equal(seen[1].init.method, 'PUT');
  assert.equal(new Headers(seen[1].init.headers).get('content-type'), '');
  assert.ok(seen[1].init.signal instanceof AbortSignal, 'the PUT has a timeout');
  assert.deepEqual(JSON.parse(seen[1].init.body), {
    Status: 'SUCCESS',
    Reason: '',
    PhysicalResourceId: CREATED_ID,
    StackId: ev.StackId,
    RequestId: REQUEST_ID,
    LogicalResourceId: 'ExpressWafAssociations',
  });
});

/** The shipped code loaded as Lambda loads index.js, with `modules` standing in for what it requires. */
function load(modules) {
  const module = { exports: {} };
  const fakeRequire = (name) => {
    if (!(name in modules)) throw new Error(`the function requires ${name}`);
    return modules[name];
  };
  new Function('exports', 'require', 'module', fs.readFileSync(file, 'utf8'))(module.exports, fakeRequire, module);
  return module.exports;
}

test('the WAF client is made once, with connection and request timeouts and a single attempt (the handler\'s retry knows the deadline)', async () => {
  const configs = [];
  const sent = [];
  class WAFV2Client {
    constructor(config) {
      configs.push(config);
    }
    async send(command, options) {
      sent.push({ command, options });
      return {};
    }
  }
  const command = (name) => class { constructor(input) { this.name = name; this.input = input; } };
  const sdk = { WAFV2Client };
  for (const name of ['GetWebACLForResource', 'AssociateWebACL', 'DisassociateWebACL']) sdk[`${name}Command`] = command(name);
  const shipped = load({ '@aws-sdk/client-wafv2': sdk });
  const handler = shipped.createHandler({ respond: async () => {}, log: () => {} });
  await handler(event('Create', [{ WebAclArn: A, LoadBalancerArns: [ALB1, ALB2] }]), { getRemainingTimeInMillis: () => TIMEOUT_MS });
  assert.equal(configs.length, 1, 'one client');
  assert.deepEqual(configs[0], {
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
  });
  assert.deepEqual(sent.map(({ command: c }) => [c.name, c.input.ResourceArn]), [
    ['GetWebACLForResource', ALB1],
    ['GetWebACLForResource', ALB2],
    ['AssociateWebACL', ALB1],
    ['AssociateWebACL', ALB2],
  ]);
  assert.ok(sent.every(({ options }) => options.abortSignal instanceof AbortSignal), 'each call is aborted at the deadline');
});

test('the shipped file is CommonJS for index.js, far under CloudFormation\'s inline limit, and needs only the SDK Lambda ships', () => {
  const source = fs.readFileSync(file, 'utf8');
  assert.match(source, /^\/\/ Generated from handlers\/waf-associations\.ts by scripts\/bundle-handlers\.mjs; do not edit\.\n/);
  // "This zip file cannot exceed 4MB" (AWS::Lambda::Function Code, ZipFile); the text is the zip's upper bound.
  assert.ok(Buffer.byteLength(source) < 4 * 1024 * 1024, `${Buffer.byteLength(source)} bytes`);
  // Its bytes also count toward the template's 51,200 inline: the SDK must not have been bundled in.
  assert.ok(Buffer.byteLength(source) < 16 * 1024, `${Buffer.byteLength(source)} bytes: is the SDK bundled in?`);
  const required = [...source.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['@aws-sdk/client-wafv2']);
  assert.deepEqual(Object.keys(lambda).sort(), ['createHandler', 'handler', 'plan']);
});
