// Custom::ExpressWafAssociations: an ALB (shared by up to 25 services) holds ONE web ACL, so
// the stack sets them all here, once. Inline Lambda code: CloudFormation allows < 4096 chars.
const X = exports, PRE = 'express-waf-associations-', sdk = () => require('@aws-sdk/client-wafv2');
let end = 0, waf;

// Map ALB -> ACL; null (and an error) for an ALB two ACLs want
const want = (list, errs = [], m = new Map()) => {
  for (const { WebAclArn: acl, LoadBalancerArns: a } of list || []) for (const alb of a || []) {
    const had = m.get(alb);
    if (!m.has(alb)) m.set(alb, acl);
    else if (had && had !== acl) m.set(alb, null), errs.push(`ALB ${alb} is wanted by two web ACLs: ${had} and ${acl}`);
  }
  return m;
};

// current: Map ALB -> its ACL ARN now, null if none (or key missing), false if the ALB is gone
X.plan = (desired, previous, current) => {
  const errors = [], to = want(desired, errors), from = want(previous), associate = [], disassociate = [];
  for (const alb of [...new Set([...to.keys(), ...from.keys()])].sort()) {
    const acl = to.get(alb), cur = current.get(alb);
    if (!to.has(alb)) cur && cur === from.get(alb) && disassociate.push(alb); // only if ours
    else if (cur === false) errors.push(`ALB ${alb} not found`);
    else if (cur !== acl) associate.push([alb, acl]);
  }
  if (errors.length) associate.length = disassociate.length = 0;
  return { associate, disassociate, errors: [...new Set(errors)].sort() };
};

X.send = (n, i) => (waf ||= new (sdk().WAFV2Client)({})).send(new (sdk()[n + 'Command'])(i));
X.delay = ms => new Promise(r => setTimeout(r, ms));
X.respond = (e, b) => fetch(e.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body: JSON.stringify(b) });

// retries throttling and "unavailable" (ALB or ACL just made): 1, 2, 4, 8, 15, 15... s, ~2 min
const call = async (n, i, nxOk) => {
  for (let k = 0; ; k++) {
    try { return await X.send(n, i); } catch (e) {
      if (nxOk && e.name == 'WAFNonexistentItemException') return null;
      const d = 1e3 * Math.min(2 ** k, 15);
      if (!/Unavailable|Throttl/.test(e.name) || k > 10 || Date.now() + d > end)
        throw Error(`${n} ${JSON.stringify(i)}: ${e.name}: ${e.message}`);
      await X.delay(d);
    }
  }
};

X.handler = async (event, ctx) => {
  const { RequestType: type, StackId, RequestId, LogicalResourceId } = event, sfx = String(RequestId).slice(-12);
  const now = event.ResourceProperties?.WebAcls;
  let id = event.PhysicalResourceId || PRE + sfx, Status = 'SUCCESS', Reason = '';
  try {
    end = Date.now() + (ctx?.getRemainingTimeInMillis?.() ?? 9e5) - 2e4;
    // the rollback Delete of a failed Create leaves all as is
    if (!id.startsWith(PRE + 'failed-')) {
      const [desired, previous] = type == 'Delete' ? [[], now] : [now, event.OldResourceProperties?.WebAcls];
      const cur = new Map();
      // NX: no ACL, or no ALB; taken as no ACL. A gone ALB is not disassociated, fails to associate.
      for (const alb of new Set([...want(desired).keys(), ...want(previous).keys()].sort()))
        cur.set(alb, (await call('GetWebACLForResource', { ResourceArn: alb }, 1))?.WebACL?.ARN ?? null);
      const p = X.plan(desired, previous, cur);
      if (p.errors.length) throw Error(p.errors.join('; '));
      for (const [alb, acl] of p.associate)
        console.log(`Associate ${acl} with ${alb}`), await call('AssociateWebACL', { WebACLArn: acl, ResourceArn: alb });
      for (const alb of p.disassociate)
        console.log(`Disassociate ${cur.get(alb)} from ${alb}`), await call('DisassociateWebACL', { ResourceArn: alb }, 1);
    }
  } catch (e) {
    console.log(e), Status = 'FAILED', Reason = String(e?.message ?? e).slice(0, 999);
    if (type == 'Create') id = PRE + 'failed-' + sfx;
  }
  await X.respond(event, { Status, Reason, PhysicalResourceId: id, StackId, RequestId, LogicalResourceId });
};
