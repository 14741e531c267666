// The explanation as HTML: per service, what exists once it is deployed and who makes it (ECS outside
// the template, or the template itself), then the load balancers and the template's resources.

const esc = (/** @type {string} */ s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** @type {Record<string, string>} */
const BADGE = {
  ecs: '<span class="badge b-ecs" title="Created by ECS Express Mode, outside the template">ECS</span>',
  stack: '<span class="badge b-stack" title="A resource of the template">template</span>',
};

/** @param {import('../../pkg/web/express_service_core.js').Explanation} explanation  @param {Set<string>} open  names of the services whose list is unfolded */
export function explainView(explanation, open) {
  const n = explanation.services.length;
  let html = '<div class="lbs">';
  for (const lb of explanation.loadBalancers) {
    const who = lb.services.length === 1 ? lb.services[0] : `${lb.services.slice(0, -1).join(', ')} and ${lb.services.at(-1)}`;
    const acl = lb.webAcl === undefined ? 'no web ACL' : esc(lb.webAcl);
    html += `<p>${esc(who)} ${lb.services.length === 1 ? 'is' : 'are'} reached through <b>${lb.count === 1 ? 'a shared load balancer' : `${lb.count} load balancers`}</b> in ${esc(lb.network)}, protected by <b>${acl}</b>.</p>`;
    if (lb.count > 1) {
      html += '<ol class="albs">';
      for (const services of lb.loadBalancers) html += `<li>${esc(services.join(', '))}</li>`;
      html += '</ol>';
    }
  }
  html += '</div>';
  for (const s of explanation.services) {
    const isOpen = open.has(s.name) || (open.size === 0 && s === explanation.services[0]);
    html += `<details class="svc" data-service="${esc(s.name)}"${isOpen ? ' open' : ''}><summary><b>${esc(s.name)}</b><span class="count">${s.items.length} parts</span></summary><ul class="items">`;
    for (const item of s.items) {
      html += `<li class="item k-${esc(item.kind)}">${BADGE[item.managedBy] ?? ''}<div><b>${esc(item.title)}</b><p>${esc(item.detail)}</p></div></li>`;
    }
    html += '</ul></details>';
  }
  html += `<details class="svc stack-list"${open.has(':stack') ? ' open' : ''}><summary><b>In the template</b><span class="count">${explanation.stack.length} resources for ${n} service${n === 1 ? '' : 's'}</span></summary><table>`;
  for (const r of explanation.stack) html += `<tr><td>${esc(r.logicalId)}</td><td>${esc(r.type)}</td></tr>`;
  return html + '</table></details>';
}
