// One deploy test file's machinery: moto, the judge, the ResponseURL server and the hook, started before its
// scenarios and stopped after them (also when one fails); a "stack" that plays CloudFormation for one
// custom resource of a golden template; and the checks over everything the scenarios recorded.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { startMoto } from './moto.mjs';
import { startOracle } from './oracle.mjs';
import { startResponseServer, useEndpoint, loadFunction, invoke } from './lambda.mjs';
import { installHook, ownClients, wafv2, elbv2 } from './aws.mjs';
import { readCase, functionOf, policiesInForce, resolve, asCloudFormationSends } from './template.mjs';
import { root, region } from './env.mjs';

/** Scenarios enforce IAM by default; DEPLOY_TESTS_IAM=record only records denials (to see what else fails). */
const enforceIam = process.env.DEPLOY_TESTS_IAM !== 'record';

export function deploySuite({ caseName, type, code }) {
  const template = readCase(caseName);
  const fn = functionOf(template, type);
  const fresh = () => ({ calls: [], ledger: [], denied: [], problems: [] });
  // What the scenarios send, as they run (IAM enforced). A denial ends a scenario, and the calls after it are
  // never sent; so the checks of requests and permissions judge `judged`: the same scenarios run once more
  // with IAM recorded but not enforced, so that they see every call the code makes when it may.
  const record = fresh();
  let judged = enforceIam ? fresh() : record;
  let pass = { iam: enforceIam, record };
  const bodies = [];
  // DEPLOY_TESTS_HANDLERS=<dir> runs another copy of the code (e.g. an older commit's) against the same tests.
  const codeFile = process.env.DEPLOY_TESTS_HANDLERS
    ? path.join(process.env.DEPLOY_TESTS_HANDLERS, path.basename(code))
    : path.join(root, code);
  const env = { template, fn, record, scenarios: 0, codeFile, timings: [] };
  let session = null;
  let uninstall = () => {};

  before(async () => {
    const [moto, oracle, responses] = await Promise.all([startMoto(), startOracle(), startResponseServer()]);
    Object.assign(env, { moto, oracle, responses });
    useEndpoint(moto.endpoint);
    uninstall = installHook(() => session, record);
    env.own = ownClients();
  });
  after(async () => {
    uninstall();
    await Promise.allSettled([env.moto?.stop(), env.responses?.stop()]);
    env.oracle?.stop();
  });

  /** A fresh account (moto reset) with a VPC; returns the network for load balancers. */
  env.freshAccount = async () => {
    await env.moto.reset();
    return env.oracle.ask('network', { endpoint: env.moto.endpoint, region });
  };

  /**
   * CloudFormation for the custom resource `logicalId` of the template, in a world whose attribute values
   * are `atts` ("Id.Attribute" -> value; change it between requests as the stack's resources change). The
   * function is cold-started once per stack and stays warm across its requests, as Lambda keeps it.
   */
  env.stack = (logicalId, atts, scenario) => {
    env.scenarios += 1;
    const handler = loadFunction(env.codeFile);
    const custom = template.Resources[logicalId];
    assert.equal(custom?.Type, type, `${logicalId} is not a ${type} in ${caseName}`);
    const properties = (overrides = {}) => asCloudFormationSends({ ...resolve(custom.Properties, atts), ...overrides });
    const request = async (req, { remainingMs, iam = pass.iam } = {}) => {
      session = {
        oracle: env.oracle,
        policies: policiesInForce(template, fn.role, atts),
        role: fn.role,
        functionName: fn.id,
        iam,
        scenario,
        record: pass.record,
      };
      try {
        const answer = await invoke({
          fn: handler, responses: env.responses, timeout: fn.timeout, name: fn.id,
          logicalId, resourceType: type, request: req, remainingMs,
        });
        if (pass.record === record) env.timings.push({ scenario, type: req.type, status: answer.Status, ms: answer.ms });
        return answer;
      } finally {
        session = null;
      }
    };
    return { atts, properties, request };
  };

  /**
   * Runs `body(clients)` as the function would run, under the role's policies in a world of `atts`, with SDK
   * clients of its own: for tests of the hook itself (each gap it closes). What it sends is kept apart from the
   * scenarios' record and returned.
   */
  env.direct = async (atts, body, { iam = true } = {}) => {
    const own = { calls: [], ledger: [], denied: [], problems: [] };
    session = {
      oracle: env.oracle, policies: policiesInForce(template, fn.role, atts), role: fn.role,
      functionName: fn.id, iam, scenario: 'hook self-test', record: own,
    };
    const clients = {
      waf: new wafv2.WAFV2Client({}), elb: new elbv2.ElasticLoadBalancingV2Client({}),
    };
    const send = {
      waf: (name, input) => clients.waf.send(new wafv2[`${name}Command`](input)),
      elb: (name, input) => clients.elb.send(new elbv2[`${name}Command`](input)),
    };
    try {
      await body(send);
    } finally {
      session = null;
    }
    return own;
  };

  /**
   * A request while AWS never answers (a TCP server on 127.0.0.1 that takes connections and stays silent), to
   * a cold-started function with `remainingMs` left of its time: it must still answer CloudFormation in time.
   * IAM is left out (a denial would answer before any request is sent).
   */
  env.unanswered = async (logicalId, atts, makeRequest, remainingMs) => {
    const sockets = new Set();
    const server = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${server.address().port}`;
    try {
      const stack = env.stack(logicalId, atts, 'AWS never answers');
      return await stack.request(makeRequest(stack), { remainingMs, iam: false });
    } finally {
      process.env.AWS_ENDPOINT_URL = saved;
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  };

  /**
   * The scenario every function must pass: a Create that comes 25 s before the function's end (as if it had run
   * 275 of its 300 s) while AWS never answers is still answered, FAILED with a reason, in time. `world()` makes
   * the function's world (its `atts`).
   */
  env.answersWhenAwsNeverDoes = (logicalId, world) => {
    env.scenario('When AWS never answers, the function still answers CloudFormation (FAILED, with a reason) before its time is up', async () => {
      const w = await world();
      const r = await env.unanswered(logicalId, w.atts, (stack) => ({ type: 'Create', properties: stack.properties() }), 25_000);
      assert.equal(r.Status, 'FAILED');
      assert.ok(r.Reason.length > 0);
      assert.ok(r.ms < 25_000, `answered after ${r.ms} ms`);
    }, { judge: false });
  };

  /** A scenario: a test, and (unless `judge` is false) run again for the checks of `finalChecks`. */
  env.scenario = (name, body, { judge = true } = {}) => {
    if (judge) bodies.push([name, body]);
    test(name, body);
  };

  /** The checks over all scenarios of the file; registered after them, so they run last. */
  env.finalChecks = ({ minCalls, operations }) => {
    if (enforceIam) {
      test('(the scenarios once more, IAM recorded but not enforced, for the checks below)', async (t) => {
        pass = { iam: false, record: judged };
        try {
          for (const [name, body] of bodies) {
            // Their outcome is the scenario tests' business; here only what they send counts.
            await body(t).catch((e) => t.diagnostic(`${name}: ${String(e?.message ?? e).split('\n')[0]}`));
          }
        } finally {
          pass = { iam: enforceIam, record };
        }
        assert.ok(judged.calls.length > 0, 'the scenarios sent nothing');
      });
    }
    test('every request the function sent is valid against botocore\'s service models', async (t) => {
      assert.ok(env.scenarios > 0 && bodies.length > 0, 'no scenario ran');
      assert.ok(judged.calls.length >= minCalls, `only ${judged.calls.length} requests were recorded (expected at least ${minCalls}): is the hook on the clients the code uses?`);
      const seen = new Set(judged.calls.map((c) => c.operation));
      assert.deepEqual(operations.filter((op) => !seen.has(op)), [], 'operations the scenarios should have sent');
      const slowest = new Map();
      for (const x of env.timings) {
        const key = `${x.type} ${x.status}`;
        if (!slowest.has(key) || slowest.get(key).ms < x.ms) slowest.set(key, x);
      }
      for (const x of slowest.values()) t.diagnostic(`slowest ${x.type} answered ${x.status} in ${x.ms} ms (${x.scenario})`);
      const calls = [...judged.calls, ...(judged === record ? [] : record.calls)];
      const v = await env.oracle.ask('validate', { calls });
      assert.equal(v.checked + v.errors.filter((e) => /has no operation/.test(e.message)).length, calls.length);
      assert.deepEqual(v.errors.map((e) => e.message), [], `botocore ${v.botocore} rejects requests`);
    });
    test('every ARN a request named has the shape of its resource type (moto takes any)', () => {
      assert.ok(judged.ledger.length > 0, 'nothing was judged');
      assert.deepEqual([...new Set([...judged.problems, ...record.problems])], []);
    });
    test('the role allows every recorded call its action and dependent actions (Service Authorization Reference) on its resources', () => {
      assert.ok(judged.ledger.length >= minCalls, `only ${judged.ledger.length} calls judged`);
      // One line per (call, action, kind of resource), with the scenarios it was denied in.
      const byKind = new Map();
      for (const d of judged.denied) {
        const key = `${d.operation} needs ${d.action} on ${d.resource.replace(/\/[0-9a-f]{16}|\/[0-9a-f-]{36}/g, '/…')}`;
        byKind.set(key, new Set([...(byKind.get(key) ?? []), d.scenario]));
      }
      const lines = [...byKind].map(([k, s]) => `${k} (${[...s].join('; ')})`);
      assert.deepEqual(lines, [], `${fn.role}'s policies deny what the function does`);
    });
    test('the role grants nothing that no recorded call needed', async () => {
      const u = await env.oracle.ask('unused', { ledger: judged.ledger });
      assert.ok(u.grants > 0, 'no grants were read');
      assert.deepEqual(u.unused, [], 'grants never needed');
    });
  };

  return env;
}
