// The "what Express Mode creates" diagram, drawn as SVG from the template and the core's explanation:
// the template's resources and the references between them (found generically, by Ref / Fn::GetAtt /
// Fn::Sub), plus what ECS creates per service outside the template (target group, certificate) and the
// shared load balancers the explanation lists. Rows run top to bottom: policies, what a service uses
// (roles, log group, cluster), the services, their routing, the load balancers, the web ACLs.

const W = 172; // node width
const H = 52; // node height
const GAP_X = 16;
const GAP_Y = 48; // room for the edges and, at the left, the next row's caption
const TOP = 52; // room for the legend and the first caption

/** @typedef {{ kind: string, title: string, detail: string, managedBy: string }} ExplainItem */
/** @typedef {{ services: Array<{ name: string, items: ExplainItem[] }>, loadBalancers: Array<{ network: string, services: string[], count: number }>, stack: Array<{ logicalId: string, type: string }> }} Explanation */
/** @typedef {{ id: string, row: number, title: string, sub: string, style: string, tip: string, lower?: string[] }} DiagramNode */

const ROWS = ['policies', 'uses', 'services', 'routing', 'load balancer', 'firewall'];

/** Which row a template resource goes in, and the short name of its type shown under its ID. @param {string} type */
function placeOf(type) {
  if (/^AWS::IAM::(Managed)?Policy$/.test(type)) return { row: 0, what: 'IAM policy' };
  if (type === 'AWS::IAM::Role') return { row: 1, what: 'IAM role' };
  if (type === 'AWS::Logs::LogGroup') return { row: 1, what: 'log group' };
  if (type === 'AWS::ECS::Cluster') return { row: 1, what: 'ECS cluster' };
  if (type === 'AWS::WAFv2::WebACL') return { row: 5, what: 'WAF web ACL' };
  return { row: 1, what: type.replace(/^AWS::/, '') };
}

/**
 * Every [logicalId, attribute] a value refers to, among the template's resources.
 * @param {unknown} value  @param {Set<string>} ids  @param {Array<[string, string]>} [out]  @returns {Array<[string, string]>}
 */
function refsOf(value, ids, out = []) {
  if (Array.isArray(value)) {
    for (const v of value) refsOf(v, ids, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && ids.has(v)) out.push([v, '']);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && ids.has(v[0])) out.push([v[0], String(v[1])]);
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(?:\.([^}]+))?\}/g)) {
          if (ids.has(m[1])) out.push([m[1], m[2] ?? '']);
        }
        if (Array.isArray(v)) refsOf(v[1], ids, out);
      } else refsOf(v, ids, out);
    }
  }
  return out;
}

/**
 * @param {any} template  the CloudFormation template
 * @param {Explanation} explanation  the core's explain() result for the same spec
 * @returns {string} SVG markup
 */
export function diagram(template, explanation) {
  const resources = template.Resources ?? {};
  const ids = new Set(Object.keys(resources));
  /** @type {Map<string, DiagramNode>} */
  const nodes = new Map();
  /** @type {Array<[string, string]>} */
  const edges = [];
  const edge = (/** @type {string} */ a, /** @type {string} */ b) => {
    if (!edges.some(([x, y]) => x === a && y === b)) edges.push([a, b]);
  };
  /** @type {(id: string, row: number, title: string, sub: string, style: string, tip?: string, lower?: string[]) => void} */
  const node = (id, row, title, sub, style, tip = '', lower = undefined) => {
    if (!nodes.has(id)) nodes.set(id, { id, row, title, sub, style, tip: tip || `${title}: ${sub}`, lower });
  };

  // Services, in the explanation's order; each one's template ID is the one of type Express service.
  const serviceIds = [...ids].filter((id) => resources[id].Type === 'AWS::ECS::ExpressGatewayService');
  const services = explanation.services.map((s, i) => ({
    name: s.name,
    id: serviceIds.find((id) => id === `${s.name}Service`) ?? serviceIds[i],
    items: s.items,
  }));
  const serviceOf = new Map(services.map((s) => [s.id, s]));
  const albOf = new Map();
  explanation.loadBalancers.forEach((lb, i) => {
    for (const name of lb.services) albOf.set(name, `alb:${i}`);
  });

  // The template's resources, and what refers to what.
  for (const [id, r] of Object.entries(resources)) {
    const refs = refsOf(r.Properties ?? {}, ids);
    const onService = refs.find(([target, attr]) => serviceOf.has(target) && /LoadBalancer/.test(attr));
    if (serviceOf.has(id)) {
      const s = /** @type {any} */ (serviceOf.get(id));
      node(id, 2, s.name, 'Express service', 'stack', `${id}: ${r.Type}`);
      for (const [from] of refs) edge(from, id);
      // A cluster outside the template: ECS's default one (made on first use), or one named by ARN.
      const cluster = r.Properties?.Cluster;
      if (cluster === undefined) {
        node('cluster:default', 1, 'default', 'ECS cluster, made if missing', 'ecs', 'The cluster named default: ECS creates it if it does not exist');
        edge('cluster:default', id);
      } else if (typeof cluster === 'string') {
        const name = cluster.split('/').pop() || cluster;
        node(`cluster:${cluster}`, 1, name, 'existing ECS cluster', 'ext', cluster);
        edge(`cluster:${cluster}`, id);
      }
    } else if (onService) {
      // Attached to a service's load balancer (a web ACL association): draw it as "ACL protects the ALB".
      const alb = albOf.get(/** @type {any} */ (serviceOf.get(onService[0])).name);
      const acls = refs.filter(([target]) => target !== onService[0]).map(([target]) => target);
      if (acls.length === 0) {
        const arn = Object.values(r.Properties ?? {}).find((v) => typeof v === 'string' && v.startsWith('arn:'));
        if (typeof arn === 'string') {
          const name = /\/webacl\/([^/]+)\//.exec(arn)?.[1] ?? arn.split(':').pop() ?? arn;
          acls.push(`ext:${arn}`);
          node(`ext:${arn}`, 5, name, 'existing web ACL', 'ext', arn);
        }
      }
      for (const acl of acls) if (alb) edge(acl, alb);
    } else {
      const { row, what } = placeOf(r.Type);
      node(id, row, id, what, 'stack', `${id}: ${r.Type}`);
      // A policy points at the role it is attached to; anything else is drawn as "used by" it.
      for (const [to] of refs) (row === 0 ? edge(id, to) : edge(to, id));
    }
  }

  // What ECS creates for each service, outside the template.
  for (const s of services) {
    const alb = albOf.get(s.name);
    // One box in two halves, so that a row holds as many boxes as there are services.
    const tip = `For ${s.name}: a target group behind a host-header rule of the load balancer, and an ACM certificate for its HTTPS listener`;
    node(`route:${s.name}`, 3, 'Target group', 'host rule', 'ecs', tip, ['Certificate', 'ACM, HTTPS']);
    edge(s.id, `route:${s.name}`);
    if (alb) edge(`route:${s.name}`, alb);
  }
  explanation.loadBalancers.forEach((lb, i) => {
    const shared = lb.services.length > 1 ? `shared by ${lb.services.join(', ')}` : `for ${lb.services[0]}`;
    node(`alb:${i}`, 4, 'Load balancer (ALB)', shared, 'ecs', `Application Load Balancer in ${lb.network}, ${shared}`);
  });

  return draw([...nodes.values()], edges.filter(([a, b]) => nodes.has(a) && nodes.has(b)));
}

/** @param {DiagramNode[]} nodes  @param {Array<[string, string]>} edges */
function draw(nodes, edges) {
  const rows = ROWS.map((_, r) => nodes.filter((n) => n.row === r)).filter((r) => r.length > 0);
  const key = legend(new Set(nodes.map((n) => n.style)));
  const widest = Math.max(key.width, ...rows.map((r) => r.length * (W + GAP_X) - GAP_X));
  const width = widest + 8;
  const height = TOP + rows.length * (H + GAP_Y) - GAP_Y + 4;
  const at = new Map();
  rows.forEach((row, r) => {
    const span = row.length * (W + GAP_X) - GAP_X;
    row.forEach((n, i) => at.set(n.id, { x: 4 + (widest - span) / 2 + i * (W + GAP_X), y: TOP + r * (H + GAP_Y) }));
  });

  let svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Resources and how they connect">`;
  svg += '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>';
  svg += key.svg;
  rows.forEach((row, r) => {
    svg += `<text class="row-caption" x="4" y="${TOP + r * (H + GAP_Y) - 8}">${esc(ROWS[row[0].row])}</text>`;
  });
  for (const [a, b] of edges) {
    const p = at.get(a);
    const q = at.get(b);
    const down = p.y < q.y;
    const x1 = p.x + W / 2;
    const y1 = down ? p.y + H : p.y;
    const x2 = q.x + W / 2;
    const y2 = down ? q.y : q.y + H;
    svg += `<path class="edge" marker-end="url(#arrow)" d="${route(x1, y1, x2, y2)}"/>`;
  }
  for (const n of nodes) {
    const { x, y } = at.get(n.id);
    svg += `<g class="node n-${n.style}" data-id="${esc(n.id)}"><title>${esc(n.tip)}</title>`;
    if (n.lower) {
      const h = (H - 4) / 2;
      for (const [i, [title, sub]] of [[n.title, n.sub], n.lower].entries()) {
        const top = y + i * (h + 4);
        svg += `<rect x="${x}" y="${top}" width="${W}" height="${h}" rx="6"/>`;
        svg += `<text x="${x + 10}" y="${top + h / 2 + 4.5}"><tspan class="node-title">${esc(title)}</tspan><tspan class="node-sub" dx="6">${esc(sub)}</tspan></text>`;
      }
    } else {
      svg += `<rect x="${x}" y="${y}" width="${W}" height="${H}" rx="7"/>`;
      svg += `<text class="node-title" x="${x + 10}" y="${y + 22}">${esc(fit(n.title, 20))}</text>`;
      svg += `<text class="node-sub" x="${x + 10}" y="${y + 40}">${esc(fit(n.sub, 28))}</text>`;
    }
    svg += '</g>';
  }
  return svg + '</svg>';
}

/**
 * Down (or up) to the middle of the gap, across, then on to the target, with rounded corners: edges that
 * leave one node or reach one node share their segments and read as a bus instead of a tangle.
 */
function route(/** @type {number} */ x1, /** @type {number} */ y1, /** @type {number} */ x2, /** @type {number} */ y2) {
  if (Math.abs(x2 - x1) < 0.5) return `M${x1},${y1} V${y2}`;
  const mid = (y1 + y2) / 2;
  const dy = Math.sign(y2 - y1);
  const dx = Math.sign(x2 - x1);
  const r = Math.min(6, Math.abs(x2 - x1) / 2, Math.abs(y2 - y1) / 4);
  return `M${x1},${y1} V${mid - dy * r} Q${x1},${mid} ${x1 + dx * r},${mid} H${x2 - dx * r} Q${x2},${mid} ${x2},${mid + dy * r} V${y2}`;
}

/** The key to the node styles present, and how wide it is. */
function legend(/** @type {Set<string>} */ styles) {
  /** @type {Array<[string, string, number]>} */
  const all = [
    ['stack', 'in your template', 136],
    ['ecs', 'created by ECS Express Mode', 212],
    ['ext', 'already exists', 120],
  ];
  const entries = all.filter(([style]) => styles.has(style));
  let x = 4;
  let svg = '';
  for (const [style, label, w] of entries) {
    svg += `<g class="node n-${style}"><rect x="${x}" y="6" width="18" height="13" rx="3"/></g><text class="legend" x="${x + 24}" y="17">${label}</text>`;
    x += w;
  }
  return { svg, width: x };
}

const fit = (/** @type {string} */ s, /** @type {number} */ n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const esc = (/** @type {string} */ s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
