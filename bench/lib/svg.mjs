// Charts for bench/RESULTS.md as standalone SVG text: a line chart (x numeric, optionally logarithmic) and a
// bar chart (groups of bars, optionally on a logarithmic axis). No dependency: a few dozen SVG elements, the
// same bytes for the same figures. Colours are fixed per series index, so a contender keeps its colour
// across charts when given in the same order.

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const W = 720;
const H = 400;
const M = { top: 48, right: 24, bottom: 64, left: 76 };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (x) => Math.round(x * 10) / 10;

/** A number as an axis label: 1.5k, 12, 0.25. */
export function label(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e4) return `${trim(v / 1e3)}k`;
  return trim(v);
}
function trim(v) {
  const a = Math.abs(v);
  const digits = a >= 100 || Number.isInteger(v) ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}

/** About `count` round tick values from `lo` to `hi` (linear), or the powers of ten and their 2 and 5 (log). */
function ticks(lo, hi, log, count = 6) {
  if (log) {
    const out = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e;
        if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
      }
    }
    return out.length > 9 ? out.filter((v) => /^1/.test(String(v))) : out;
  }
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function scale(lo, hi, a, b, log) {
  if (log) {
    const [l, h] = [Math.log10(lo), Math.log10(hi)];
    return (v) => a + ((Math.log10(v) - l) / (h - l || 1)) * (b - a);
  }
  return (v) => a + ((v - lo) / (hi - lo || 1)) * (b - a);
}

function frame(title, subtitle, body) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${FONT} font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="20" font-size="15" font-weight="600" fill="#111">${esc(title)}</text>`,
    subtitle ? `<text x="${M.left}" y="37" font-size="11.5" fill="#555">${esc(subtitle)}</text>` : '',
    ...body,
    '</svg>',
    '',
  ]
    .filter(Boolean)
    .join('\n');
}

function legend(names, x, y) {
  return names.map((name, i) => {
    const yy = y + i * 17;
    return `<rect x="${x}" y="${yy - 9}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 17}" y="${yy + 1}" fill="#222">${esc(name)}</text>`;
  });
}

/** Legend entries in rows under the subtitle, wrapped at the chart's width; `{ items, height }`. */
function legendRows(names, top) {
  const items = [];
  let x = M.left;
  let row = 0;
  for (const [i, name] of names.entries()) {
    const w = 26 + name.length * 6.6;
    if (x + w > W - M.right && x > M.left) {
      row++;
      x = M.left;
    }
    const y = top + row * 17;
    items.push(`<rect x="${r1(x)}" y="${y - 9}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${r1(x + 17)}" y="${y + 1}" fill="#222">${esc(name)}</text>`);
    x += w;
  }
  return { items, height: (row + 1) * 17 };
}

function yAxis(yTicks, y, x0, x1, yLabel, top = M.top) {
  const out = [];
  for (const t of yTicks) {
    const yy = r1(y(t));
    out.push(`<line x1="${x0}" y1="${yy}" x2="${x1}" y2="${yy}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x0 - 6}" y="${yy + 4}" text-anchor="end" fill="#444">${esc(label(t))}</text>`);
  }
  const mid = (top + (H - M.bottom)) / 2;
  out.push(`<text transform="translate(16 ${mid}) rotate(-90)" text-anchor="middle" fill="#333">${esc(yLabel)}</text>`);
  return out;
}

/**
 * `{ title, subtitle?, xLabel, yLabel, logX?, logY?, series: [{ name, points: [[x, y], ...] }], legendAt?: 'left' | 'right' }`
 */
export function lineChart({ title, subtitle, xLabel, yLabel, logX = false, logY = false, series, legendAt = 'left' }) {
  const pts = series.flatMap((s) => s.points);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  const ylo = logY ? Math.min(...ys) / 1.3 : 0;
  const yhi = Math.max(...ys) * (logY ? 2 : 1.25);
  const x = scale(xlo, xhi, M.left, W - M.right, logX);
  const y = scale(ylo, yhi, H - M.bottom, M.top, logY);
  const body = yAxis(ticks(ylo || 1e-9, yhi, logY), y, M.left, W - M.right, yLabel);
  const xTicks = logX ? [...new Set(xs)].sort((a, b) => a - b) : ticks(xlo, xhi, false);
  let lastX = -Infinity;
  for (const t of xTicks) {
    const xx = r1(x(t));
    if (xx - lastX < 26) continue; // labels that would overlap
    lastX = xx;
    body.push(`<line x1="${xx}" y1="${H - M.bottom}" x2="${xx}" y2="${H - M.bottom + 5}" stroke="#888"/>`);
    body.push(`<text x="${xx}" y="${H - M.bottom + 18}" text-anchor="middle" fill="#444">${esc(label(t))}</text>`);
  }
  body.push(`<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#888"/>`);
  body.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 18}" text-anchor="middle" fill="#333">${esc(xLabel)}</text>`);
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const p = [...s.points].sort((a, b) => a[0] - b[0]);
    if (p.length > 1) body.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${p.map(([a, b]) => `${r1(x(a))},${r1(y(b))}`).join(' ')}"/>`);
    if (p.length <= 40) for (const [a, b] of p) body.push(`<circle cx="${r1(x(a))}" cy="${r1(y(b))}" r="3.2" fill="${c}"/>`);
  });
  body.push(...legend(series.map((s) => s.name), legendAt === 'left' ? M.left + 12 : W - M.right - 230, M.top + 12));
  return frame(title, subtitle, body);
}

/**
 * Groups of bars: `{ title, subtitle?, yLabel, groups: ['N = 1', ...], series: [{ name, values: [number|null] }],
 * logY?, valueLabel?: (v) => string }`. A null value draws no bar (the contender cannot do it) and says so. With
 * one series, each group's bar gets its own colour. The legend is a row (or more) above the plot.
 */
export function barChart({ title, subtitle, yLabel, groups, series, logY = false, valueLabel = label }) {
  // One series: its name is the chart's subject, each bar is named below it.
  const { items, height } = series.length > 1 ? legendRows(series.map((s) => s.name), M.top + 2) : { items: [], height: 0 };
  const top = M.top + height + 8;
  const vals = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const ylo = logY ? Math.min(...vals) / 1.6 : 0;
  const yhi = Math.max(...vals) * (logY ? 1.6 : 1.1);
  const y = scale(ylo, yhi, H - M.bottom, top, logY);
  const body = [...items, ...yAxis(ticks(logY ? ylo : 0, yhi, logY), y, M.left, W - M.right, yLabel, top)];
  const gw = (W - M.left - M.right) / groups.length;
  const bw = Math.min(44, (gw * 0.8) / series.length);
  groups.forEach((g, gi) => {
    const gx = M.left + gi * gw + (gw - bw * series.length) / 2;
    series.forEach((s, si) => {
      const v = s.values[gi];
      const bx = r1(gx + si * bw);
      if (v === null || v === undefined) {
        body.push(`<text x="${r1(bx + bw / 2)}" y="${H - M.bottom - 4}" text-anchor="middle" font-size="10" fill="#999">–</text>`);
        return;
      }
      const barTop = r1(y(v));
      body.push(`<rect x="${bx}" y="${barTop}" width="${r1(bw - 2)}" height="${r1(H - M.bottom - barTop)}" fill="${COLORS[(series.length === 1 ? gi : si) % COLORS.length]}"/>`);
      body.push(`<text x="${r1(bx + (bw - 2) / 2)}" y="${barTop - 4}" text-anchor="middle" font-size="10" fill="#333">${esc(valueLabel(v))}</text>`);
    });
    body.push(`<text x="${r1(M.left + gi * gw + gw / 2)}" y="${H - M.bottom + 18}" text-anchor="middle" font-size="${groups.length > 5 ? 10.5 : 12}" fill="#333">${esc(g)}</text>`);
  });
  body.push(`<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#888"/>`);
  return frame(title, subtitle, body);
}
