// The diagram's layout, in node, from its markup: for every case, for many services and for made-up graphs
// (any number of nodes in a tier, edges that skip a tier or go up), in rooms from a phone's to a wide window's,
// the diagram is no wider than its room, its boxes keep their size and never overlap, a tier too wide for
// a line wraps onto several, and every edge runs clear of every box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { diagram, columnsFor, ROOM } from '../../playground/src/diagram.js';

const repo = join(import.meta.dirname, '..', '..');
const core = createRequire(import.meta.url)(join(repo, 'pkg', 'node', 'express_service_core.js'));
const casesDir = join(repo, 'tests', 'cases');
const cases = readdirSync(casesDir).filter((c) => existsSync(join(casesDir, c, 'spec.json')));
const manyServices = (n) => ({ services: Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i + 1}`, { image: 'nginx:1.27' }])) });
const ROOMS = [320, 372, 420, ROOM, 800, 1400];

/** The drawing's size, its node boxes (user units) and its edges' corners, read back from the markup. */
function parse(svg) {
  const [, width, height] = /<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg).map(Number);
  const boxes = [...svg.matchAll(/<g class="node [^"]*" data-id="([^"]*)"[^>]*>(.*?)<\/g>/g)].map(([, id, inner]) => {
    const rects = [...inner.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
    const [x, y] = rects[0];
    const right = Math.max(...rects.map(([rx, , w]) => rx + w));
    const bottom = Math.max(...rects.map(([, ry, , h]) => ry + h));
    return { id, x, y, w: right - x, h: bottom - y };
  });
  const edges = [...svg.matchAll(/<path class="edge" data-from="([^"]*)" data-to="([^"]*)"[^>]* d="([^"]*)"/g)].map(([, from, to, d]) => ({
    from,
    to,
    // M, L and Q's control and end points: the corners of the unrounded route, joined by upright or level segments.
    points: [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]),
  }));
  return { width, height, boxes, edges };
}

/** Whether the upright or level segment a–b enters box `r` (its outline and a pixel inside it aside). */
function enters([ax, ay], [bx, by], r, slack = 1.5) {
  const [x0, x1, y0, y1] = [Math.min(ax, bx), Math.max(ax, bx), Math.min(ay, by), Math.max(ay, by)];
  return x1 > r.x + slack && x0 < r.x + r.w - slack && y1 > r.y + slack && y0 < r.y + r.h - slack;
}

/** Asserts everything the layout promises for `graph` in `room`; returns the parsed drawing. */
function check(graph, room, label) {
  const drawn = parse(diagram({ graph }, room));
  const columns = columnsFor(room);
  assert.ok(drawn.width <= room, `${label}: ${drawn.width} px wide in a room of ${room}`);
  assert.deepEqual(drawn.boxes.map((b) => b.id).sort(), graph.nodes.map((n) => n.id).sort(), `${label}: every node drawn`);
  assert.deepEqual(drawn.edges.map((e) => `${e.from} → ${e.to}`).sort(), graph.edges.map((e) => `${e.from} → ${e.to}`).sort(), `${label}: every edge drawn`);
  for (const [i, b] of drawn.boxes.entries()) {
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= drawn.width && b.y + b.h <= drawn.height, `${label}: ${b.id} inside the drawing`);
    assert.equal(b.w, 172, `${label}: ${b.id} at its natural width`);
    for (const o of drawn.boxes.slice(i + 1)) assert.ok(!enters([b.x, b.y], [b.x + b.w, b.y + b.h], o, 0), `${label}: ${b.id} and ${o.id} apart`);
  }
  // No more boxes side by side than the room holds, and a tier's boxes in order, line after line.
  const lines = new Map();
  for (const b of drawn.boxes) lines.set(b.y, (lines.get(b.y) ?? 0) + 1);
  for (const [y, n] of lines) assert.ok(n <= columns, `${label}: ${n} boxes on the line at y=${y}, ${columns} fit`);
  for (const e of drawn.edges) {
    for (const [k, p] of e.points.entries()) {
      assert.ok(p[0] >= 0 && p[0] <= drawn.width && p[1] >= 0 && p[1] <= drawn.height, `${label}: ${e.from} → ${e.to} inside the drawing`);
      if (k === 0) continue;
      const q = e.points[k - 1];
      assert.ok(p[0] === q[0] || p[1] === q[1], `${label}: ${e.from} → ${e.to} runs upright or level`);
      const hit = drawn.boxes.find((b) => enters(q, p, b));
      assert.equal(hit, undefined, `${label}: ${e.from} → ${e.to} runs through ${hit?.id}`);
    }
  }
  return drawn;
}

test('every case, and 1 to 120 services, in every room: no wider than the room, boxes whole and apart, edges clear of them', () => {
  const specs = [...cases.map((c) => [c, JSON.parse(readFileSync(join(casesDir, c, 'spec.json'), 'utf8'))]), ...[1, 4, 25, 26, 50, 120].map((n) => [`${n} services`, manyServices(n)])];
  for (const [name, spec] of specs) {
    const { graph } = core.explain(spec);
    for (const room of ROOMS) check(graph, room, `${name} in ${room} px`);
  }
});

test('50 services in the default room: three boxes a line, the services and their routes wrapped onto 17 lines each', () => {
  const { graph } = core.explain(manyServices(50));
  const drawn = check(graph, ROOM, '50 services');
  assert.equal(columnsFor(ROOM), 3);
  assert.ok(drawn.width <= ROOM);
  const tierOf = new Map(graph.nodes.map((n) => [n.id, n.tier]));
  const linesOf = (tier) => new Set(drawn.boxes.filter((b) => tierOf.get(b.id) === tier).map((b) => b.y)).size;
  assert.equal(linesOf('services'), 17);
  assert.equal(linesOf('routing'), 17);
  // The lines of a wrapped tier share the columns, so the gaps an edge runs down through line up.
  const xs = (tier) => new Set(drawn.boxes.filter((b) => tierOf.get(b.id) === tier).map((b) => b.x));
  assert.deepEqual([...xs('routing')].sort(), [...xs('services')].sort());
  assert.equal(xs('services').size, 3);
});

test('made-up graphs: any number of nodes in a tier, edges that skip a tier or point up, a node of no tier', () => {
  const nodes = [];
  const edges = [];
  const tier = (name, n) => Array.from({ length: n }, (_, i) => {
    const id = `${name}:${i}`;
    nodes.push({ id, tier: name, title: `${name} ${i}`, sub: 'made up', managedBy: 'stack', detail: id });
    return id;
  });
  const top = tier('top', 7);
  const middle = tier('middle', 40);
  const bottom = tier('bottom', 5);
  const below = tier('below', 2);
  middle.forEach((m, i) => edges.push({ from: top[i % top.length], to: m }, { from: m, to: bottom[i % bottom.length] }));
  top.forEach((t, i) => edges.push({ from: t, to: bottom[i % bottom.length] })); // past all the middle's lines
  below.forEach((b, i) => edges.push({ from: b, to: bottom[i] })); // upwards
  edges.push({ from: below[0], to: top[6] }); // upwards, past everything
  const graph = { tiers: ['top', 'middle', 'bottom', 'below'], nodes, edges };
  for (const room of ROOMS) check(graph, room, `made up, ${room} px`);
  // A node whose tier is not listed is left out, with its edges, rather than breaking the drawing.
  const stray = { ...graph, nodes: [...nodes, { id: 'stray', tier: 'nowhere', title: 'stray', sub: '', managedBy: 'stack', detail: '' }], edges: [...edges, { from: 'stray', to: top[0] }] };
  assert.doesNotThrow(() => diagram({ graph: stray }));
});

test('long labels are cut short to fit their box (the tooltip keeps them whole)', () => {
  const long = 'AVeryLongLogicalIdOfAnExecutionPolicy';
  const graph = {
    tiers: ['t'],
    nodes: [{ id: 'x', tier: 't', title: long, sub: 'shared by S1, S2, S3, S4, S5, S6, S7, S8', managedBy: 'ecs', detail: long, lower: { title: 'Certificate with a long name', sub: 'ACM, HTTPS' } }],
    edges: [],
  };
  const svg = diagram({ graph });
  assert.match(svg, /<title>AVeryLongLogicalIdOfAnExecutionPolicy \(shared by S1, S2, S3, S4, S5, S6, S7, S8\) \+ Certificate with a long name \(ACM, HTTPS\)<\/title>/);
  const labels = [...svg.matchAll(/<tspan class="node-(?:title|sub)"[^>]*>([^<]*)</g)].map((m) => m[1]);
  assert.ok(labels.length === 4 && labels.some((l) => l.endsWith('…')), JSON.stringify(labels));
});

test('a long name is shown whole on two lines, broken where a word starts, and named whole in its tooltip', () => {
  const graph = {
    tiers: ['t'],
    nodes: [{ id: 'WebDomainNamesPolicy', tier: 't', title: 'WebDomainNamesPolicy', sub: 'IAM policy', managedBy: 'stack', detail: 'lets DomainNames edit the rule' }],
    edges: [],
  };
  const svg = diagram({ graph });
  const titles = [...svg.matchAll(/<text class="node-title"[^>]*>([^<]*)</g)].map((m) => m[1]);
  assert.equal(titles.length, 2, JSON.stringify(titles));
  assert.equal(titles.join(''), 'WebDomainNamesPolicy', 'whole, not cut');
  assert.ok(titles.every((t) => /^[A-Z]/.test(t)), `broken where a word starts: ${titles}`);
  assert.match(svg, /<title>WebDomainNamesPolicy \(IAM policy\)&#10;lets DomainNames edit the rule<\/title>/);
});

test('every edge is drawn in a group of its own with a wide twin that takes the pointer, so it can be followed', () => {
  const e = core.explain(JSON.parse(readFileSync(join(casesDir, 'three-services', 'spec.json'), 'utf8')));
  const svg = diagram(e);
  const links = [...svg.matchAll(/<g class="link" data-from="([^"]*)" data-to="([^"]*)"><path class="edge-hit" d="([^"]*)"\/><path class="edge" [^>]* d="([^"]*)"\/><\/g>/g)];
  assert.equal(links.length, e.graph.edges.length);
  for (const [, , , hit, line] of links) assert.equal(hit, line);
});
