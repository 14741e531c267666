// The "what Express Mode creates" diagram, drawn as SVG from the graph the core's explain() returns: which
// resource is what and what connects to what is the core's; this file only lays the boxes out in their
// tiers (top to bottom) and routes the edges.

const W = 172; // node width
const H = 52; // node height
const GAP_X = 16;
const PITCH = W + GAP_X;
const GAP_Y = 48; // between tiers: room for the edges and, at the left, the next tier's caption
const GAP_LINE = 36; // between the lines of one wrapped tier
const LEG = 13; // an edge's straight run out of and into a box when it has to pass lines: longer than its arrowhead
const MARGIN = 6; // around the boxes: an edge that finds no gap between them runs down here
const CLEAR = 4; // how close an edge that passes a line may come to its boxes

/**
 * The room the diagram is laid out for unless told otherwise, in CSS px: the width inside the right-hand panel
 * of the page in a 1600-px window is 571 px, and three columns of boxes (3 × 172 + 2 × 16 + 2 × 6 = 560) fit it
 * at their natural size. It is fixed rather than measured so that the markup depends on the graph alone (the
 * page compares it to skip redrawing) and a resize needs no redraw; main.js lets the SVG shrink to 70% of it,
 * so panels down to 392 px still show it whole, with boxes no narrower than 120 px.
 */
export const ROOM = 560;

/** @typedef {{ id: string, row: number, caption: string, title: string, sub: string, style: string, tip: string, lower?: string[] }} DiagramNode */
/** @typedef {{ top: number, xs: number[], caption?: string }} Line  one line of boxes (a tier, or a part of a wrapped one) and the caption it starts */
/** @typedef {{ x: number, y: number, line: number, tier: number }} Place  a box's top left corner, the index of its line and of its tier */
/** @typedef {[number, number]} Point */

/** The node style of each owner: in the template, made by ECS, or named by the spec. */
const STYLE = /** @type {Record<string, string>} */ ({ stack: 'stack', ecs: 'ecs', existing: 'ext' });

/**
 * @param {Pick<import('../../pkg/web/express_service_core.js').Explanation, 'graph'>} explanation  the core's explain() result
 * @param {number} [room]  the width to lay the diagram out in (CSS px): it sets how many boxes share a line
 * @returns {string} SVG markup
 */
export function diagram(explanation, room = ROOM) {
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
  return draw(boxes, edges.map((e) => /** @type {[string, string]} */ ([e.from, e.to])), room);
}

/** The most boxes one line holds in `room` (one at least, however narrow). */
export const columnsFor = (/** @type {number} */ room) => Math.max(1, Math.floor((room - 2 * MARGIN + GAP_X) / PITCH));

/** @param {DiagramNode[]} nodes  @param {Array<[string, string]>} edges  @param {number} room */
function draw(nodes, edges, room) {
  const key = legend(new Set(nodes.map((n) => n.style)), room - 2 * MARGIN);
  const { lines, at, inner, bottom } = layout(nodes, columnsFor(room), key);
  const width = inner + 2 * MARGIN;
  const height = bottom + 4;

  let svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Resources and how they connect">`;
  svg += '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>';
  svg += key.svg;
  /** @type {Map<string, number>} */
  const channels = new Map(); // many edges pass the same lines to the same column: found once
  // Each edge in its own group with a wide, invisible twin that takes the pointer: edges that share a run
  // (a bus) are told apart by following one (see follow()).
  svg += '<g class="edges">';
  for (const [a, b] of edges) {
    const p = at.get(a);
    const q = at.get(b);
    if (!p || !q) continue; // an edge to a node of no tier: nowhere to draw it
    const d = rounded(route(p, q, lines, width, channels));
    svg += `<g class="link" data-from="${esc(a)}" data-to="${esc(b)}"><path class="edge-hit" d="${d}"/>`;
    svg += `<path class="edge" data-from="${esc(a)}" data-to="${esc(b)}" marker-end="url(#arrow)" d="${d}"/></g>`;
  }
  svg += '</g>';
  // After the edges, which may cross them: the stylesheet gives captions a halo that keeps them legible.
  for (const line of lines) {
    if (line.caption) svg += `<text class="row-caption" x="${MARGIN}" y="${line.top - 8}">${esc(line.caption)}</text>`;
  }
  for (const n of nodes) {
    const place = at.get(n.id);
    if (place) svg += box(n, place);
  }
  return svg + '</svg>';
}

/**
 * Tiers top to bottom, each on as many lines of at most `columns` boxes as it needs. A tier that fits on one
 * line is centred, as it always was; a wrapped one fills a grid of `columns` (its last line centred on the grid's
 * columns, not between them) so that the gaps between its boxes line up from line to line: an edge that has to
 * pass a line goes down through them. The grid is as wide as the widest tier, so the diagram never is wider
 * than its room (but for one box and the margins).
 * @param {DiagramNode[]} nodes  @param {number} columns  @param {{ width: number, height: number }} key
 */
function layout(nodes, columns, key) {
  const count = Math.max(0, ...nodes.map((n) => n.row)) + 1;
  const tiers = Array.from({ length: count }, (_, r) => nodes.filter((n) => n.row === r)).filter((t) => t.length > 0);
  const span = (/** @type {number} */ n) => n * PITCH - GAP_X;
  const inner = Math.max(key.width, span(Math.min(columns, Math.max(0, ...tiers.map((t) => t.length)))));
  /** @type {Line[]} */
  const lines = [];
  /** @type {Map<string, Place>} */
  const at = new Map();
  let y = key.height + 34; // room for the first caption
  for (const [t, tier] of tiers.entries()) {
    for (let i = 0; i < tier.length; i += columns) {
      const part = tier.slice(i, i + columns);
      if (lines.length > 0) y += i === 0 ? GAP_Y : GAP_LINE;
      const left =
        tier.length > columns
          ? MARGIN + (inner - span(columns)) / 2 + Math.floor((columns - part.length) / 2) * PITCH
          : MARGIN + (inner - span(part.length)) / 2;
      const xs = part.map((_, k) => left + k * PITCH);
      part.forEach((n, k) => at.set(n.id, { x: xs[k], y, line: lines.length, tier: t }));
      lines.push({ top: y, xs, caption: i === 0 ? tier[0].caption : undefined });
      y += H;
    }
  }
  return { lines, at, inner, bottom: y };
}

/**
 * The corners of an edge from the middle of one box's facing side to the other's. Between neighbouring lines:
 * to the middle of the gap, across, on (edges that leave one node or reach one node share their segments
 * and read as a bus instead of a tangle). Past other lines (a wrapped tier, a tier skipped): out into the gap
 * beside its own line, across to a channel free on every line in between, along it, and into the target from
 * the gap beside the target's line. So a gap keeps three levels apart: the runs to and from the line above,
 * the edges between the two lines it parts (in its middle), and the runs to and from the line below.
 * @param {Place} p  the source  @param {Place} q  the target  @param {Line[]} lines  @param {number} width
 * @param {Map<string, number>} channels  those found so far, by the lines passed and the target's column and tier
 * @returns {Point[]}
 */
function route(p, q, lines, width, channels) {
  const down = p.line <= q.line;
  const [a, b] = down ? [p, q] : [q, p]; // upper, lower
  const x1 = a.x + W / 2;
  let x2 = b.x + W / 2;
  if (Math.abs(x2 - x1) < 0.5) x2 = x1;
  const y1 = a.y + H;
  const y2 = b.y;
  /** @type {Point[]} */
  let corners;
  if (b.line === a.line + 1) {
    const mid = (y1 + y2) / 2;
    corners = [[x1, y1], [x1, mid], [x2, mid], [x2, y2]];
  } else {
    const known = `${a.line} ${b.line} ${q.x} ${q.tier % 2}`;
    const c = channels.get(known) ?? channel(lines.slice(a.line + 1, b.line), q, width);
    channels.set(known, c);
    corners = [[x1, y1], [x1, y1 + LEG], [c, y1 + LEG], [c, y2 - LEG], [x2, y2 - LEG], [x2, y2]];
  }
  return down ? corners : corners.reverse();
}

/**
 * Where an edge to `target` runs past `between` lines: the gap between boxes, free on all of them, nearest
 * to the target's middle; the margin when no gap is free on all the lines (lines of different tiers need not
 * line up). A gap holds two channels, one for the edges into the even tiers and one for those into the odd
 * ones: at a line, the edges that reach it (from the tier above) and those that leave it (for the tier
 * below) run in different channels, so that one never seems to turn into the other.
 * @param {Line[]} between  @param {Place} target  @param {number} width
 */
function channel(between, target, width) {
  const aim = target.x + W / 2;
  const free = (/** @type {number} */ x) => between.every((l) => l.xs.every((bx) => x < bx - CLEAR || x > bx + W + CLEAR));
  // A gap free on every line is one of the first line's.
  const gaps = (between[0]?.xs ?? [])
    .flatMap((bx) => [bx - GAP_X / 2, bx + W + GAP_X / 2])
    .filter((x) => x > MARGIN && x < width - MARGIN && free(x))
    .sort((u, v) => Math.abs(u - aim) - Math.abs(v - aim) || u - v);
  if (gaps.length === 0) return aim < width / 2 ? MARGIN / 2 : width - MARGIN / 2;
  return gaps[0] + (target.tier % 2 === 0 ? -1 : 1) * (GAP_X / 2 - CLEAR - 1);
}

/** The path through `corners` (each segment upright or level), its corners rounded. */
function rounded(/** @type {Point[]} */ corners) {
  const p = corners.filter((c, i) => i === 0 || c[0] !== corners[i - 1][0] || c[1] !== corners[i - 1][1]);
  const turns = p.filter((c, i) => i === 0 || i === p.length - 1 || !((p[i - 1][0] === c[0] && c[0] === p[i + 1][0]) || (p[i - 1][1] === c[1] && c[1] === p[i + 1][1])));
  let d = `M${turns[0]}`;
  for (let i = 1; i < turns.length - 1; i++) {
    const [before, at, after] = [turns[i - 1], turns[i], turns[i + 1]];
    const r = Math.min(6, dist(before, at) / 2, dist(at, after) / 2);
    d += ` L${toward(at, before, r)} Q${at} ${toward(at, after, r)}`;
  }
  return d + ` L${turns[turns.length - 1]}`;
}

const dist = (/** @type {Point} */ a, /** @type {Point} */ b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]);
/** The point `r` from `from` on the way to `to` (an upright or level segment). */
const toward = (/** @type {Point} */ from, /** @type {Point} */ to, /** @type {number} */ r) =>
  /** @type {Point} */ ([from[0] + Math.sign(to[0] - from[0]) * r, from[1] + Math.sign(to[1] - from[1]) * r]);

/** One node's box: its title and subtitle, or two halves (a route's target group and certificate). */
function box(/** @type {DiagramNode} */ n, /** @type {Place} */ { x, y }) {
  // The tooltip names the box whole (a label may be cut), then says what it is.
  const names = [n.sub ? `${n.title} (${n.sub})` : n.title, ...(n.lower ? [n.lower[1] ? `${n.lower[0]} (${n.lower[1]})` : n.lower[0]] : [])];
  const tip = [names.join(' + '), n.tip].filter((t) => t && t !== n.title).join('\n');
  let svg = `<g class="node n-${n.style}" data-id="${esc(n.id)}" tabindex="0"><title>${esc(tip || n.title).replace(/\n/g, '&#10;')}</title>`;
  if (n.lower) {
    const h = (H - 4) / 2;
    for (const [i, [title, sub]] of [[n.title, n.sub], n.lower].entries()) {
      const top = y + i * (h + 4);
      svg += `<rect x="${x}" y="${top}" width="${W}" height="${h}" rx="6"/>`;
      const first = fit(title, LABEL, TITLE);
      svg += `<text x="${x + 10}" y="${top + h / 2 + 4.5}"><tspan class="node-title">${esc(first)}</tspan><tspan class="node-sub" dx="6">${esc(fit(sub, LABEL - 6 - textWidth(first, TITLE), SUB))}</tspan></text>`;
    }
  } else {
    svg += `<rect x="${x}" y="${y}" width="${W}" height="${H}" rx="7"/>`;
    const title = wrap(n.title, LABEL, TITLE);
    if (title.length === 1) {
      svg += `<text class="node-title" x="${x + 10}" y="${y + 22}">${esc(title[0])}</text>`;
      svg += `<text class="node-sub" x="${x + 10}" y="${y + 40}">${esc(fit(n.sub, LABEL, SUB))}</text>`;
    } else {
      // A long name on two lines, whole, rather than cut.
      svg += `<text class="node-title" x="${x + 10}" y="${y + 17}">${esc(title[0])}</text>`;
      svg += `<text class="node-title" x="${x + 10}" y="${y + 31}">${esc(title[1])}</text>`;
      svg += `<text class="node-sub" x="${x + 10}" y="${y + 45}">${esc(fit(n.sub, LABEL, SUB))}</text>`;
    }
  }
  return svg + '</g>';
}

/** The key to the node styles present, on as many lines as `room` needs, and its size. */
function legend(/** @type {Set<string>} */ styles, /** @type {number} */ room) {
  /** @type {Array<[string, string, number]>} */
  const all = [
    ['stack', 'in your template', 136],
    ['ecs', 'created by ECS Express Mode', 212],
    ['ext', 'already exists', 120],
  ];
  let x = 0;
  let y = 6;
  let width = 0;
  let svg = '';
  for (const [style, label, w] of all.filter(([style]) => styles.has(style))) {
    if (x > 0 && x + w > room) [x, y] = [0, y + 20];
    svg += `<g class="node n-${style}"><rect x="${MARGIN + x}" y="${y}" width="18" height="13" rx="3"/></g><text class="legend" x="${MARGIN + x + 24}" y="${y + 11}">${label}</text>`;
    x += w;
    width = Math.max(width, x);
  }
  return { svg, width, height: y + 13 };
}

/**
 * How wide the labels' letters are, in em, by kind (narrow, lower case, capitals and digits, wide), in DejaVu Sans
 * (bold for titles, as style.css sets them): the widest font the page's stack falls back on, so a label that
 * fits by this estimate fits in the others too. The markup is made without measuring text.
 * @typedef {{ size: number, em: [number, number, number, number] }} Font
 */
/** @type {Font} */
const TITLE = { size: 13, em: [0.41, 0.67, 0.76, 1] };
/** @type {Font} */
const SUB = { size: 11, em: [0.31, 0.61, 0.68, 0.92] };
const LABEL = W - 14; // a label starts 10 px into its box and keeps 4 px from its right side

/** Roughly how many px `s` takes in `font`. */
function textWidth(/** @type {string} */ s, /** @type {Font} */ font) {
  let em = 0;
  for (const c of s) em += font.em[/[\sfijlrtIJ.,:;'!|()[\]/-]/.test(c) ? 0 : /[mwMW…]/.test(c) ? 3 : /[A-Z0-9]/.test(c) ? 2 : 1];
  return em * font.size;
}

/** `s`, cut short with an ellipsis if it takes more than `room` px in `font` (the box's tooltip holds it whole). */
function fit(/** @type {string} */ s, /** @type {number} */ room, /** @type {Font} */ font) {
  if (textWidth(s, font) <= room) return s;
  let cut = '';
  let width = textWidth('…', font);
  for (const c of s) {
    width += textWidth(c, font);
    if (width > room) break;
    cut += c;
  }
  return cut.trimEnd() + '…';
}
/**
 * `s` on one line if it fits `room`, else on two, broken where a word or a capital starts (`WebDomainNames` /
 * `Policy`) as evenly as the breaks allow; the second line is cut short only if no break makes it fit.
 * @returns {string[]}
 */
function wrap(/** @type {string} */ s, /** @type {number} */ room, /** @type {Font} */ font) {
  if (textWidth(s, font) <= room) return [s];
  const chars = [...s];
  /** @type {Array<[string, string]>} */
  const splits = [];
  for (let i = 1; i < chars.length; i++) {
    const [before, at] = [chars[i - 1], chars[i]];
    const word = /[\s\-./:_]/.test(before) || (/[A-Z0-9]/.test(at) && /[a-z]/.test(before)) || (/[A-Z]/.test(at) && /[A-Z]/.test(before) && /[a-z]/.test(chars[i + 1] ?? ''));
    if (word) splits.push([chars.slice(0, i).join('').trimEnd(), chars.slice(i).join('').trimStart()]);
  }
  const fitting = splits.filter(([a, b]) => textWidth(a, font) <= room && textWidth(b, font) <= room);
  const widest = (/** @type {[string, string]} */ [a, b]) => Math.max(textWidth(a, font), textWidth(b, font));
  if (fitting.length > 0) return fitting.reduce((best, c) => (widest(c) < widest(best) ? c : best));
  // No break fits both: as much as fits on the first line, the rest on the second (cut there if need be).
  let first = '';
  for (const c of chars) {
    if (textWidth(first + c, font) > room) break;
    first += c;
  }
  return [first, fit(s.slice(first.length), room, font)];
}

/**
 * Makes every edge of a drawn diagram followable: pointing at (or focusing) a box lights its edges and the boxes
 * at their other ends, pointing at an edge lights it and its two boxes, and the rest fades; a lit edge is drawn
 * over the others, so one that shares a run with others can be followed to its end.
 * @param {SVGSVGElement} svg
 */
export function follow(svg) {
  const edges = svg.querySelector('.edges');
  const clear = () => {
    svg.classList.remove('focus');
    for (const el of svg.querySelectorAll('.on')) el.classList.remove('on');
  };
  const light = (/** @type {Element[]} */ links, /** @type {string[]} */ ids) => {
    clear();
    svg.classList.add('focus');
    for (const link of links) {
      link.classList.add('on');
      edges?.appendChild(link); // on top of the other edges, still under the boxes
    }
    for (const node of svg.querySelectorAll('.node[data-id]')) {
      if (ids.includes(node.getAttribute('data-id') ?? '')) node.classList.add('on');
    }
  };
  const at = (/** @type {EventTarget | null} */ t) => {
    const el = /** @type {Element | null} */ (t instanceof Element ? t : null);
    const node = el?.closest('.node[data-id]');
    if (node) {
      const id = node.getAttribute('data-id') ?? '';
      const links = [...svg.querySelectorAll('.link')].filter((l) => l.getAttribute('data-from') === id || l.getAttribute('data-to') === id);
      const ends = links.flatMap((l) => [l.getAttribute('data-from') ?? '', l.getAttribute('data-to') ?? '']);
      light(links, [id, ...ends]);
      return;
    }
    const link = el?.closest('.link');
    if (link) {
      light([link], [link.getAttribute('data-from') ?? '', link.getAttribute('data-to') ?? '']);
      return;
    }
    clear();
  };
  svg.addEventListener('pointerover', (e) => at(e.target));
  svg.addEventListener('pointerleave', clear);
  svg.addEventListener('focusin', (e) => at(e.target));
  svg.addEventListener('focusout', clear);
}

const esc = (/** @type {string} */ s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
