// Custom::ExpressDomainNames (see domain.rs): host names in the rule Express made. Inline: < 4096 chars.
const X = exports, PRE = 'express-domain-names-', sdk = () => require('@aws-sdk/client-elastic-load-balancing-v2');
let end = 0, elb, MAX = 5; // condition values per ALB rule
const low = s => String(s).toLowerCase(), H = c => c.Field == 'host-header';
const cfg = c => Object.keys(c).find(k => k.endsWith('Config'));
const vals = c => (cfg(c) ? c[cfg(c)].Values : c.Values) ?? [];
// add: names to hold; remove: ours to drop (others' stay) -> {conditions, changed} | {error}
X.reconcile = (conditions, add, remove) => {
  const list = conditions || [], i = list.findIndex(H);
  if (i < 0) return { error: 'no host-header condition' };
  const had = vals(list[i]), want = new Set(add.map(low)), drop = new Set(remove.map(low)),
    next = had.filter(v => want.has(low(v)) || !drop.has(low(v)));
  for (const n of add) if (!next.some(v => low(v) == low(n))) next.push(n);
  const total = list.reduce((t, c, j) => t + (j == i ? next.length : vals(c).length), 0);
  if (total > MAX) return { error: `the rule would hold ${total} condition values; ALB takes ${MAX}` };
  // ModifyRule refuses Values beside a *Config
  const clean = c => { const o = { ...c }; if (cfg(o)) delete o.Values; return o; };
  return { changed: next.join() !== had.join(),
    conditions: list.map((c, j) => j == i ? { Field: 'host-header', HostHeaderConfig: { Values: next } } : clean(c)) };
};
X.send = (n, i) => (elb ||= new (sdk().ElasticLoadBalancingV2Client)({})).send(new (sdk()[n + 'Command'])(i));
X.delay = ms => new Promise(r => setTimeout(r, ms));
X.respond = (e, b) => fetch(e.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body: JSON.stringify(b) });
// retries throttling; nx: null if not found
const call = async (n, i, nx) => {
  for (let k = 0; ; k++) {
    try { return await X.send(n, i); } catch (e) {
      if (nx && /NotFound/.test(e.name)) return null;
      const d = 1e3 * Math.min(2 ** k, 15);
      if (!/Throttl|Unavailable|InUse/.test(e.name) || k > 10 || Date.now() + d > end)
        throw Error(`${n} ${JSON.stringify(i)}: ${e.name}: ${e.message}`);
      await X.delay(d);
    }
  }
};
// a rule gone is an error unless `gone`
const apply = async (rule, add, remove, gone) => {
  const r = (await call('DescribeRules', { RuleArns: [rule] }, 1))?.Rules?.[0];
  if (!r) { if (gone) return; throw Error(`listener rule ${rule} not found`); }
  const p = X.reconcile(r.Conditions, add, remove);
  if (p.error) throw Error(`${rule}: ${p.error}`);
  if (p.changed) console.log(`${rule}: ${vals(p.conditions.find(H))}`), await call('ModifyRule', { RuleArn: rule, Conditions: p.conditions });
};
X.handler = async (event, ctx) => {
  const { RequestType: type, StackId, RequestId, LogicalResourceId } = event, sfx = String(RequestId).slice(-12),
    now = event.ResourceProperties || {}, old = event.OldResourceProperties || {}, R = 'ListenerRuleArn';
  let id = event.PhysicalResourceId || PRE + sfx, Status = 'SUCCESS', Reason = '', Data;
  try {
    end = Date.now() + (ctx?.getRemainingTimeInMillis?.() ?? 9e5) - 2e4;
    if (type == 'Delete') {
      // rollback of a failed Create
      if (!id.startsWith(PRE + 'failed-')) await apply(now[R], [], now.HostNames || [], 1);
    } else {
      const names = now.HostNames || [], was = old.HostNames || [];
      // service replaced: ours leave its old rule
      if (old[R] && old[R] != now[R]) await apply(old[R], [], was, 1);
      await apply(now[R], names, was);
      const lb = (await call('DescribeLoadBalancers', { LoadBalancerArns: [now.LoadBalancerArn] }))?.LoadBalancers?.[0];
      Data = { LoadBalancerDnsName: lb?.DNSName, LoadBalancerHostedZoneId: lb?.CanonicalHostedZoneId };
    }
  } catch (e) {
    console.log(e), Status = 'FAILED', Reason = String(e?.message ?? e).slice(0, 999);
    if (type == 'Create') id = PRE + 'failed-' + sfx;
  }
  await X.respond(event, { Status, Reason, PhysicalResourceId: id, StackId, RequestId, LogicalResourceId, Data });
};
