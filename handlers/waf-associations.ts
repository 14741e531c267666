// Custom::ExpressWafAssociations (src/synth/waf.rs): Express Mode puts up to 25 services behind one load
// balancer (ALB), and an ALB holds ONE web ACL, so one resource per stack sets the associations of all its
// services: it associates each ALB with the web ACL its services want, and takes a web ACL off only an ALB
// that no service of the stack uses any more and that still holds the web ACL the stack gave it.
//
// Properties: WebAcls: [{ WebAclArn, LoadBalancerArns: [one per service, repeated when shared] }].
//
// A failed Create answers FAILED with the same physical ID a successful one would, and CloudFormation's
// rollback then sends a Delete of it, which removes what is ours: the web ACL from each ALB of the properties
// that holds it. Not an undo inside the Create: a function killed half-way (or run again by Lambda's retry
// of the invocation) does not know what an earlier run did, while the Delete reads the account as it is, so
// it is right however far the Create got, and it is the same path every stack deletion tests.
//
// Worst case, n = the distinct ALBs of the old and new properties (runtime.ts for the constants):
// - Create: n GetWebACLForResource, then up to n AssociateWebACL;
// - Update: n GetWebACLForResource, then up to n AssociateWebACL and DisassociateWebACL in all;
// - Delete: n GetWebACLForResource, then up to n DisassociateWebACL.
// An attempt takes at most 13 s (3 s to connect, 10 s for the request); a call retried for throttling,
// 5xx, timeouts or WAFUnavailableEntityException gives up 120 s after its first attempt (≤ 133 s); all
// work stops at the deadline, 20 s before the function's 300-s timeout, and the answer takes at most 18 s:
// every path answers within 298 s, whatever n. Unhindered, each call takes well under a second.
import {
  AssociateWebACLCommand,
  DisassociateWebACLCommand,
  GetWebACLForResourceCommand,
  WAFV2Client,
  type AssociateWebACLCommandInput,
  type DisassociateWebACLCommandInput,
  type GetWebACLForResourceCommandInput,
} from '@aws-sdk/client-wafv2';
import { clientConfig, customResource, type Request } from './runtime';

export interface WebAcl {
  WebAclArn: string;
  LoadBalancerArns?: string[];
}

export interface Properties {
  WebAcls?: WebAcl[];
}

/** An ALB's web ACL now: its ARN, null for none, false for an ALB that does not exist (absent: none). */
export type Current = Map<string, string | null | false>;

export interface Plan {
  associate: [alb: string, acl: string][];
  disassociate: string[];
  errors: string[];
}

/** ALB -> the web ACL wanted for it; null for an ALB two web ACLs want (and an error saying so). */
function wanted(list: WebAcl[] | undefined, errors: string[] = []): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const { WebAclArn: acl, LoadBalancerArns: albs } of list ?? []) {
    for (const alb of albs ?? []) {
      if (!map.has(alb)) {
        map.set(alb, acl);
      } else {
        const had = map.get(alb);
        if (had && had !== acl) {
          map.set(alb, null);
          errors.push(`ALB ${alb} is wanted by two web ACLs: ${had} and ${acl}`);
        }
      }
    }
  }
  return map;
}

/** What to change, ALBs sorted: associate each ALB of `desired` that does not hold its web ACL; disassociate
 * an ALB only `previous` had if it still holds the web ACL we gave it (someone else's stays). Any error (two
 * web ACLs for one ALB, a wanted ALB gone) and nothing is done. */
export function plan(desired: WebAcl[] | undefined, previous: WebAcl[] | undefined, current: Current): Plan {
  const errors: string[] = [];
  const to = wanted(desired, errors);
  const from = wanted(previous);
  const associate: Plan['associate'] = [];
  const disassociate: string[] = [];
  for (const alb of [...new Set([...to.keys(), ...from.keys()])].sort()) {
    const acl = to.get(alb);
    const now = current.get(alb) ?? null;
    if (acl === undefined) {
      if (now && now === from.get(alb)) disassociate.push(alb);
    } else if (now === false) {
      errors.push(`ALB ${alb} not found`);
    } else if (acl !== null && now !== acl) {
      associate.push([alb, acl]);
    }
  }
  if (errors.length > 0) return { associate: [], disassociate: [], errors: [...new Set(errors)].sort() };
  return { associate, disassociate, errors: [] };
}

let client: WAFV2Client | undefined;
const waf = () => (client ??= new WAFV2Client(clientConfig));

const api = {
  GetWebACLForResource: (input: GetWebACLForResourceCommandInput, abortSignal: AbortSignal) =>
    waf().send(new GetWebACLForResourceCommand(input), { abortSignal }),
  AssociateWebACL: (input: AssociateWebACLCommandInput, abortSignal: AbortSignal) =>
    waf().send(new AssociateWebACLCommand(input), { abortSignal }),
  DisassociateWebACL: (input: DisassociateWebACLCommandInput, abortSignal: AbortSignal) =>
    waf().send(new DisassociateWebACLCommand(input), { abortSignal }),
};

// WAF answers this for an ALB without a web ACL (it may also answer an empty result) and for an ALB that does
// not exist; either way there is nothing of ours on it. Associating a gone ALB then fails, naming it.
const NONEXISTENT = ['WAFNonexistentItemException'];

async function work({ type, properties, old, call, log }: Request<Properties, typeof api>): Promise<void> {
  const [desired, previous] = type === 'Delete' ? [[], properties.WebAcls] : [properties.WebAcls, old?.WebAcls];
  const current: Current = new Map();
  for (const alb of [...new Set([...wanted(desired).keys(), ...wanted(previous).keys()])].sort()) {
    const found = await call('GetWebACLForResource', { ResourceArn: alb }, NONEXISTENT);
    current.set(alb, found?.WebACL?.ARN ?? null);
  }
  const p = plan(desired, previous, current);
  if (p.errors.length > 0) throw new Error(p.errors.join('; '));
  for (const [alb, acl] of p.associate) {
    log(`Associate ${acl} with ${alb} (it held ${current.get(alb) ?? 'none'})`);
    await call('AssociateWebACL', { WebACLArn: acl, ResourceArn: alb });
  }
  for (const alb of p.disassociate) {
    log(`Disassociate ${current.get(alb)} from ${alb}`);
    // Gone meanwhile: nothing left to take off.
    await call('DisassociateWebACL', { ResourceArn: alb }, NONEXISTENT);
  }
  if (p.associate.length + p.disassociate.length === 0) log('Nothing to change');
}

export const { handler, createHandler } = customResource<Properties, typeof api>(
  {
    prefix: 'express-waf-associations-',
    // WAF's answer for an ALB or web ACL it cannot use yet (just made): retry.
    retryable: ['WAFUnavailableEntityException'],
    work,
  },
  api,
);
