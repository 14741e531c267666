// The one runtime of the library's custom-resource functions (waf-associations.ts, domain-names.ts): it reads
// CloudFormation's request, runs the handler's work under a deadline, retries what AWS says to retry, and
// always answers CloudFormation (SUCCESS, or FAILED with the reason) before the function's own timeout.
//
// Time (the handlers state their worst case per path from these):
// - deadline = the function's remaining time at the start − RESERVE_MS, kept for the answer;
// - each API attempt ends within CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS (the SDK client's timeouts) and
//   is aborted at the deadline whatever the SDK does;
// - a call is retried with exponential backoff and jitter for retryable errors only, for at most
//   RETRY_WINDOW_MS from its first attempt, never sleeping past the deadline;
// - the answer: at most RESPOND_ATTEMPTS PUTs of RESPOND_TIMEOUT_MS each, with pauses, inside RESERVE_MS.
// So every path answers by (remaining − RESERVE_MS) + RESPOND_BUDGET_MS, i.e. 298 s of a 300-s function.

/** CloudFormation's request to a custom resource (the fields we read). */
export interface CustomResourceEvent<P> {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  ResourceType?: string;
  PhysicalResourceId?: string;
  ResourceProperties: P;
  OldResourceProperties?: P;
}

/** The part of Lambda's context object we use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** The JSON body PUT to the ResponseURL. */
export interface ResponseBody {
  Status: 'SUCCESS' | 'FAILED';
  Reason: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
}

/** The API operations a handler uses, by name: each sends its input and returns the SDK's output. */
export type Api = Record<string, (input: never, signal: AbortSignal) => Promise<unknown>>;
export type Input<T extends Api, K extends keyof T> = Parameters<T[K]>[0];
export type Output<T extends Api, K extends keyof T> = Awaited<ReturnType<T[K]>>;

/** Everything a handler does to the world. Lambda runs it with `defaultIo`; tests replace any of it. */
export interface Io<T extends Api> {
  /** Sends one API operation; `signal` aborts it at the deadline. */
  send<K extends keyof T & string>(operation: K, input: Input<T, K>, signal: AbortSignal): Promise<Output<T, K>>;
  /** One attempt at PUTting the answer to CloudFormation's presigned URL. */
  respond(url: string, body: ResponseBody, signal: AbortSignal): Promise<void>;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** In [0, 1): the jitter of the backoff. */
  random(): number;
  log(line: string): void;
}

/** What a handler's work sees of one request. */
export interface Request<P, T extends Api> {
  type: CustomResourceEvent<P>['RequestType'];
  properties: P;
  /** The properties before an Update (undefined otherwise). */
  old: P | undefined;
  /** Sends `operation`, retrying what is retryable within the time left. With `missing`: those error names
   * mean "no such thing" and give undefined. */
  call<K extends keyof T & string>(operation: K, input: Input<T, K>): Promise<Output<T, K>>;
  call<K extends keyof T & string>(
    operation: K,
    input: Input<T, K>,
    missing: readonly string[],
  ): Promise<Output<T, K> | undefined>;
  log(line: string): void;
}

export interface CustomResource<P, T extends Api> {
  /** The physical ID a Create answers: this prefix and the end of the request's ID. */
  prefix: string;
  /** Error names of this service that mean "try again shortly", beyond throttling, 5xx and network errors. */
  retryable: readonly string[];
  /** Does the work of one request; returns the attributes (Fn::GetAtt) it offers, if any. */
  work(request: Request<P, T>): Promise<Record<string, string> | void>;
}

export const RESERVE_MS = 20_000;
export const CONNECTION_TIMEOUT_MS = 3_000;
export const REQUEST_TIMEOUT_MS = 10_000;
export const RETRY_WINDOW_MS = 120_000;
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15_000;
export const RESPOND_TIMEOUT_MS = 5_000;
export const RESPOND_ATTEMPTS = 3;
/** Longest the answer can take: its attempts and the pauses between them (1 s, 2 s). */
export const RESPOND_BUDGET_MS = RESPOND_ATTEMPTS * RESPOND_TIMEOUT_MS + 3_000;
/** The functions' Timeout in the template (src/synth/waf.rs, domain.rs), for a caller that gives no context. */
export const FUNCTION_TIMEOUT_MS = 300_000;
/** CloudFormation's limit on the whole response body (custom resource response objects, "can't exceed 4096
 * bytes"); the Reason is cut to fit. */
export const MAX_RESPONSE_BYTES = 4096;

/** The SDK clients' configuration: one attempt each (the retry below is the only one, so one place knows the
 * deadline), and timeouts so a call that never answers cannot eat the function's time. throwOnRequestTimeout:
 * newer SDKs only warn on requestTimeout without it; older ones ignore it and end the idle socket instead. */
export const clientConfig = {
  maxAttempts: 1,
  requestHandler: {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
  },
};

/** Error names the AWS SDK v3 itself classes as throttling or transient (its service-error-classification). */
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'PriorRequestNotCompleteException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface AwsError {
  name?: string;
  message?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function asAwsError(error: unknown): AwsError {
  return typeof error === 'object' && error !== null ? (error as AwsError) : { message: String(error) };
}

/** Whether AWS asks to try again: throttling, 5xx, a timeout or a dropped connection, or a name of `extra`.
 * An AbortError is our own deadline: never retried. */
export function isRetryable(error: unknown, extra: readonly string[] = []): boolean {
  const e = asAwsError(error);
  const name = e.name ?? '';
  if (name === 'AbortError') return false;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    extra.includes(name) ||
    THROTTLING.has(name) ||
    TRANSIENT.has(name) ||
    NETWORK_CODES.has(e.code ?? '') ||
    e.$retryable !== undefined ||
    status === 429 ||
    status >= 500
  );
}

/** The n-th pause (n from 1): exponential, capped, with "equal jitter" (half fixed, half random), so that
 * functions throttled together do not retry together. */
export function backoff(n: number, random: number): number {
  const cap = Math.min(FIRST_DELAY_MS * 2 ** (n - 1), MAX_DELAY_MS);
  return Math.round(cap / 2 + (random * cap) / 2);
}

/** A failed call, named with its input so the reason says which load balancer or rule. */
export class CallError extends Error {
  constructor(operation: string, input: unknown, cause: unknown, attempts: number) {
    const e = asAwsError(cause);
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    super(`${operation} ${JSON.stringify(input)}: ${e.name ?? 'Error'}: ${e.message ?? ''}${tries}`, { cause });
    this.name = 'CallError';
  }
}

/** Why a call in flight at the deadline is aborted (the SDK makes it an AbortError with this message). */
const DEADLINE = 'the time for work is up; the rest is kept for answering CloudFormation';

/** The body as sent: the Reason cut (with an ellipsis) until the whole fits CloudFormation's limit. */
export function fitResponse(body: ResponseBody): ResponseBody {
  let fitted = body;
  for (;;) {
    const over = Buffer.byteLength(JSON.stringify(fitted)) - MAX_RESPONSE_BYTES;
    if (over <= 0 || fitted.Reason === '') return fitted;
    // Cutting `over` characters removes at least `over` bytes of JSON (escapes and multi-byte characters only
    // remove more); one more for the ellipsis.
    const keep = fitted.Reason.length - over - 1;
    fitted = { ...fitted, Reason: keep > 0 ? `${fitted.Reason.slice(0, keep)}…` : '' };
  }
}

/** PUTs the body to the presigned URL. The content type stays empty: the URL is signed without one. */
export async function putResponse(url: string, body: ResponseBody, signal: AbortSignal): Promise<void> {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw new Error(`CloudFormation's response URL answered HTTP ${response.status}`);
}

/** The Io Lambda runs with, sending through `api` (each entry a lazily made SDK client's command). */
export function defaultIo<T extends Api>(api: T): Io<T> {
  return {
    // One cast: TypeScript cannot follow the operation's name from the key to its entry of `api`.
    send: (operation, input, signal) =>
      (api[operation] as (i: unknown, s: AbortSignal) => Promise<never>)(input, signal),
    respond: putResponse,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: Math.random,
    log: (line) => console.log(line),
  };
}

/** The event as logged: all but the presigned ResponseURL, which grants writing the answer. */
function describe<P>(event: CustomResourceEvent<P>): string {
  const { ResponseURL: _url, ...rest } = event;
  return JSON.stringify(rest);
}

/** Handles one request with `io`: runs the work, then answers CloudFormation. Throws only when no answer could
 * be sent (Lambda's retry of the invocation then runs the whole request again; the work is idempotent). */
export async function handle<P, T extends Api>(
  resource: CustomResource<P, T>,
  io: Io<T>,
  event: CustomResourceEvent<P>,
  context?: LambdaContext,
): Promise<void> {
  const start = io.now();
  const end = start + (context?.getRemainingTimeInMillis() ?? FUNCTION_TIMEOUT_MS);
  const deadline = end - RESERVE_MS;
  io.log(`Request: ${describe(event)}`);

  async function call<K extends keyof T & string>(
    operation: K,
    input: Input<T, K>,
    missing: readonly string[] = [],
  ): Promise<Output<T, K> | undefined> {
    const first = io.now();
    for (let attempt = 1; ; attempt++) {
      const left = deadline - io.now();
      if (left <= 0) throw new CallError(operation, input, new Error(DEADLINE), attempt);
      // A timer of our own (not AbortSignal.timeout, whose timer does not keep Lambda's event loop going).
      const deadlineCame = new AbortController();
      const timer = setTimeout(() => deadlineCame.abort(DEADLINE), left);
      let error: unknown;
      try {
        return await io.send(operation, input, deadlineCame.signal);
      } catch (e) {
        error = e;
      } finally {
        clearTimeout(timer);
      }
      const name = asAwsError(error).name ?? '';
      if (missing.includes(name)) return undefined;
      const wait = backoff(attempt, io.random());
      const until = Math.min(first + RETRY_WINDOW_MS, deadline);
      if (!isRetryable(error, resource.retryable) || io.now() + wait >= until) {
        throw new CallError(operation, input, error, attempt);
      }
      io.log(`${operation}: ${name}; attempt ${attempt + 1} in ${wait} ms`);
      await io.sleep(wait);
    }
  }

  const request = {
    type: event.RequestType,
    properties: event.ResourceProperties,
    old: event.OldResourceProperties,
    call,
    log: io.log,
  } as Request<P, T>;

  // A Create names the resource; an Update or Delete keeps the name CloudFormation sends. A failed Create
  // answers the same name, so that the rollback's Delete removes what the Create did (see the handlers).
  const physicalId = event.PhysicalResourceId ?? `${resource.prefix}${event.RequestId.slice(-12)}`;
  let body: ResponseBody = {
    Status: 'SUCCESS',
    Reason: '',
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  try {
    const data = await resource.work(request);
    if (data) body.Data = data;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)) || 'the function failed without a message';
    io.log(`Failed: ${error instanceof Error && error.stack ? error.stack : reason}`);
    body = { ...body, Status: 'FAILED', Reason: reason };
  }
  body = fitResponse(body);

  io.log(`Answering ${body.Status}${body.Reason ? `: ${body.Reason}` : ''}`);
  for (let attempt = 1; ; attempt++) {
    try {
      await io.respond(event.ResponseURL, body, AbortSignal.timeout(RESPOND_TIMEOUT_MS));
      return;
    } catch (error) {
      io.log(`The answer did not go through (attempt ${attempt}): ${asAwsError(error).message}`);
      if (attempt >= RESPOND_ATTEMPTS || io.now() + attempt * 1_000 + RESPOND_TIMEOUT_MS > end) throw error;
      await io.sleep(attempt * 1_000);
    }
  }
}

/** Lambda's `handler` (index.handler) and `createHandler`, the same with some of the Io replaced. */
export function customResource<P, T extends Api>(resource: CustomResource<P, T>, api: T) {
  const createHandler =
    (replaced: Partial<Io<T>> = {}) =>
    (event: CustomResourceEvent<P>, context?: LambdaContext) =>
      handle(resource, { ...defaultIo(api), ...replaced }, event, context);
  return { handler: createHandler(), createHandler };
}
