// The "what Express Mode creates" diagram, drawn as SVG from the graph the core's explain() returns: which
// resource is what and what connects to what is the core's; this file only lays the boxes out in their
// tiers (top to bottom) and routes the edges.

const W = 172; // node width
const H = 52; // node height
const GAP_X = 16;
const GAP_Y = 48; // room for the edges and, at the left, the next row's caption
const TOP = 52; // room for the legend and the first caption

/** @typedef {{ id: string, row: number, caption: string, title: string, sub: string, style: string, tip: string, lower?: string[] }} DiagramNode */

/** The node style of each owner: in the template, made by ECS, or named by the spec. */
const STYLE = /** @type {Record<string, string>} */ ({ stack: 'stack', ecs: 'ecs', existing: 'ext' });

/**
 * @param {import('../../pkg/web/express_service_core.js').Explanation} explanation  the core's explain() result
 * @returns {string} SVG markup
 */
export function diagram(explanation) {
  const { tiers, nodes, edges } = explanation.graph;
  /** @type {DiagramNode[]} */
  const boxes = nodes.map((n) => ({
    id: n.id,
    row: tiers.indexOf(n.tier),
    caption: n.tier,
    title: n.title,
    sub: n.sub,
    style: STYLE[n.managedBy] ?? 'stack',
    tip: n.detail,
    lower: n.lower ? [n.lower.title, n.lower.sub] : undefined,
  }));
  return draw(boxes, edges.map((e) => /** @type {[string, string]} */ ([e.from, e.to])));
}

/** @param {DiagramNode[]} nodes  @param {Array<[string, string]>} edges */
function draw(nodes, edges) {
  const tiers = Math.max(0, ...nodes.map((n) => n.row)) + 1;
  const rows = Array.from({ length: tiers }, (_, r) => nodes.filter((n) => n.row === r)).filter((r) => r.length > 0);
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
    svg += `<text class="row-caption" x="4" y="${TOP + r * (H + GAP_Y) - 8}">${esc(row[0].caption)}</text>`;
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
