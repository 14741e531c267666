// A function's inline code run as Lambda's Node.js runtime runs `index.handler`: the file written as index.js
// in a directory of its own and loaded as a CommonJS module, the AWS SDK v3 resolved from outside it (Lambda's
// runtime puts its SDK on NODE_PATH; here the repository's node_modules), the client configuration from the
// environment, and a context whose getRemainingTimeInMillis counts down from the function's Timeout. The
// ResponseURL is a local HTTP server on 127.0.0.1 that keeps what CloudFormation would receive.
import fs from 'node:fs';
import http from 'node:http';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { nodeModules, region, account } from './env.mjs';

/** The environment Lambda gives the function, pointed at moto. */
export function useEndpoint(endpoint) {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'deploy-tests',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '3',
  });
}

/** A cold start: `file` loaded as /tmp/…/index.js; returns its exports. */
export function loadFunction(file) {
  const code = fs.readFileSync(file, 'utf8');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-lambda-'));
  const filename = path.join(dir, 'index.js');
  fs.writeFileSync(filename, code);
  const m = new Module(filename, null);
  m.filename = filename;
  m.paths = [...Module._nodeModulePaths(dir), nodeModules];
  m._compile(code, filename);
  fs.rmSync(dir, { recursive: true, force: true });
  if (typeof m.exports.handler !== 'function') throw new Error(`${file} exports no handler (index.handler)`);
  return m.exports;
}

/** `remainingMs`: the time left when the request comes, if not the whole timeout (a function late in its run). */
export function context(functionName, timeoutSeconds, remainingMs = timeoutSeconds * 1000) {
  const end = Date.now() + remainingMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${account}:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'deploy-tests',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
  };
}

/** The pre-signed ResponseURL's stand-in: keeps each PUT by its path. */
export async function startResponseServer() {
  const received = new Map();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const list = received.get(req.url) ?? [];
      list.push({ method: req.method, contentType: req.headers['content-type'], body });
      received.set(req.url, list);
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: (id) => `${base}/response/${id}`,
    take: (id) => { const l = received.get(`/response/${id}`) ?? []; received.delete(`/response/${id}`); return l; },
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

const STACK_ID = `arn:aws:cloudformation:${region}:${account}:stack/deploy-tests/4f1c2c40-0000-11ef-9e2c-0a1b2c3d4e5f`;

/**
 * One CloudFormation request to the function, as Lambda invokes it; returns CloudFormation's view: the one
 * response PUT to the ResponseURL (parsed), checked for the rules every response must follow, and the time.
 * A handler that throws, answers twice, answers nothing or runs past `bound` ms fails.
 */
export async function invoke({ fn, responses, timeout, name, logicalId, resourceType, request, remainingMs }) {
  const RequestId = randomUUID();
  const event = {
    RequestType: request.type,
    ServiceToken: `arn:aws:lambda:${region}:${account}:function:${name}`,
    ResponseURL: responses.url(RequestId),
    StackId: STACK_ID,
    RequestId,
    LogicalResourceId: logicalId,
    ResourceType: resourceType,
    ResourceProperties: request.properties,
    ...(request.physicalId ? { PhysicalResourceId: request.physicalId } : {}),
    ...(request.oldProperties ? { OldResourceProperties: request.oldProperties } : {}),
  };
  const ctx = context(name, timeout, remainingMs);
  // Lambda stops the function when its time is up; here the test stops waiting then (5 s of grace, 60 s at most).
  const bound = Math.min(60_000, (remainingMs ?? timeout * 1000) + 5000);
  const start = Date.now();
  const logs = [];
  const log = console.log;
  console.log = (...a) => logs.push(a.map((x) => (x instanceof Error ? `${x.name}: ${x.message}` : String(x))).join(' '));
  let ran;
  try {
    ran = await Promise.race([
      Promise.resolve(fn.handler(event, ctx)).then(() => 'returned', (e) => `threw ${e?.stack ?? e}`),
      new Promise((r) => setTimeout(() => r(`was still running after ${bound} ms`), bound).unref()),
    ]);
  } finally {
    console.log = log;
  }
  const ms = Date.now() - start;
  const puts = responses.take(RequestId);
  const where = `${request.type} ${logicalId}`;
  if (ran !== 'returned') throw new Error(`${where}: the handler ${ran} (logs: ${logs.join(' | ')})`);
  if (puts.length !== 1) throw new Error(`${where}: ${puts.length} responses to CloudFormation, not 1 (logs: ${logs.join(' | ')})`);
  const [put] = puts;
  if (put.method !== 'PUT') throw new Error(`${where}: the response was sent with ${put.method}, not PUT`);
  if (put.contentType !== undefined && put.contentType !== '') {
    throw new Error(`${where}: content-type ${put.contentType}; the pre-signed URL is signed for an empty one`);
  }
  if (Buffer.byteLength(put.body) > 4096) throw new Error(`${where}: the response is ${Buffer.byteLength(put.body)} bytes; CloudFormation takes 4096`);
  const body = JSON.parse(put.body);
  for (const k of ['StackId', 'RequestId', 'LogicalResourceId']) {
    if (body[k] !== event[k]) throw new Error(`${where}: the response's ${k} is ${body[k]}, not the request's ${event[k]}`);
  }
  if (!['SUCCESS', 'FAILED'].includes(body.Status)) throw new Error(`${where}: Status ${body.Status}`);
  if (typeof body.PhysicalResourceId !== 'string' || !body.PhysicalResourceId || body.PhysicalResourceId.length > 1024) {
    throw new Error(`${where}: PhysicalResourceId ${JSON.stringify(body.PhysicalResourceId)}`);
  }
  // On Update and Delete a new ID tells CloudFormation the resource was replaced (and then it sends a Delete
  // of the old one); these resources never are.
  if (request.physicalId && body.PhysicalResourceId !== request.physicalId) {
    throw new Error(`${where}: PhysicalResourceId changed from ${request.physicalId} to ${body.PhysicalResourceId}`);
  }
  if (body.Status === 'FAILED' && !body.Reason) throw new Error(`${where}: FAILED without a Reason`);
  if (body.Data !== undefined && (typeof body.Data !== 'object' || Object.values(body.Data).some((v) => typeof v !== 'string'))) {
    throw new Error(`${where}: Data must map names to strings: ${JSON.stringify(body.Data)}`);
  }
  const left = remainingMs ?? timeout * 1000;
  if (ms > left) throw new Error(`${where}: answered after ${ms} ms, when the function had ${left} ms left`);
  return { ...body, ms, logs };
}
