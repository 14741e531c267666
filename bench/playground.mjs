#!/usr/bin/env node
// The playground in headless Chromium: how long from an edit (a key typed in the spec editor) to the updated
// template in the page, as the page itself measures it (performance.now() against the input event's
// timestamp, kept on window.__playgroundTimings), over 50 edits per scenario; plus the page's load cost and
// the built files' sizes. Prints a table and writes bench/results/playground.md. Builds the page if needed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ensureBuilt, serve, distDir } from '../playground/serve.mjs';
import { launch } from '../tests/playground/chromium.mjs';

const root = path.resolve(import.meta.dirname, '..');
const EDITS = 50;
const LOADS = 7;
const budgetMs = 16; // one frame at 60 Hz: the template should follow within the frame of the keystroke

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x) => `${x.toFixed(2)} ms`;

await ensureBuilt();
const server = await serve();
const browser = await launch();
const chromiumVersion = browser.context.browser()?.version() ?? '(version unknown)';
const rows = [];
const verdicts = [];

try {
  // Page load: navigation start to the first template on screen, in fresh pages.
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    loads.push(
      await page.evaluate(() => {
        const t = /** @type {any} */ (window).__playgroundTimings;
        return { ready: performance.now(), init: t.initMs, first: t.firstRenderMs };
      }),
    );
    await page.close();
  }
  rows.push(['page load → first template (navigation start to rendered)', `median ${ms(median(loads.map((l) => l.ready)))} (${LOADS} fresh pages)`]);
  rows.push(['  of which: fetch + instantiate the core (await init())', `median ${ms(median(loads.map((l) => l.init)))}`]);
  rows.push(['  of which: first compute + render', `median ${ms(median(loads.map((l) => l.first)))}`]);

  // Edits: type a character at the end of an image tag, then delete it, alternately: each is one input
  // event, each changes the template.
  const scenarios = [
    { label: 'nginx example, JSON (1 service)', preset: 'nginx', format: 'json', anchor: 'nginx:latest' },
    { label: 'several services, JSON (3 services, WAF)', preset: 'several', format: 'json', anchor: 'admin:3.1.0' },
    { label: 'every option, YAML (parsed by the page)', preset: 'everything', format: 'yaml', anchor: 'shop:5.0.2' },
  ];
  for (const s of scenarios) {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption('#preset', s.preset);
    if (s.format === 'yaml') await page.click('[data-spec-format="yaml"]');
    await page.locator('[data-testid="spec-editor"]').evaluate((el, anchor) => {
      const at = el.value.indexOf(anchor) + anchor.length;
      el.focus();
      el.setSelectionRange(at, at);
    }, s.anchor);
    const before = await page.evaluate(() => /** @type {any} */ (window).__playgroundTimings.edits.length);
    for (let i = 0; i < EDITS; i++) await page.keyboard.press(i % 2 === 0 ? '9' : 'Backspace');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const edits = await page.evaluate((n) => /** @type {any} */ (window).__playgroundTimings.edits.slice(n), before);
    if (edits.length !== EDITS) throw new Error(`${s.label}: expected ${EDITS} timed edits, the page recorded ${edits.length}`);
    const valid = await page.locator('[data-testid="template"]').getAttribute('data-valid');
    if (valid !== 'true') throw new Error(`${s.label}: the template is not valid after the edits`);
    await page.close();
    const toTemplate = edits.map((e) => e.toTemplate);
    const compute = edits.map((e) => e.compute);
    const toFrame = edits.map((e) => e.toFrame).filter((x) => typeof x === 'number');
    rows.push([
      `edit → template in the DOM: ${s.label}`,
      `**median ${ms(median(toTemplate))}**, p95 ${ms(pct(toTemplate, 95))}, max ${ms(Math.max(...toTemplate))} (${EDITS} edits)`,
    ]);
    rows.push(['  of which: parse + core (synthTemplate, explain) + locate', `median ${ms(median(compute))}`]);
    rows.push(['  edit → next animation frame', `median ${ms(median(toFrame))}, p95 ${ms(pct(toFrame, 95))}`]);
    verdicts.push([`edit → template median ≤ ${budgetMs} ms: ${s.label}`, median(toTemplate) <= budgetMs, ms(median(toTemplate))]);
  }
} finally {
  await browser.close();
  await server.close();
}

// What a visitor downloads.
let total = 0;
let totalGz = 0;
for (const file of ['index.html', ...fs.readdirSync(path.join(distDir, 'assets')).map((f) => `assets/${f}`)]) {
  const bytes = fs.readFileSync(path.join(distDir, file));
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  total += bytes.length;
  totalGz += gz;
  rows.push([`size: playground/dist/${file.replace(/-[A-Za-z0-9_-]{8}\./, '-*.')}`, `${(bytes.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped`]);
}
rows.push(['size: the whole page', `${(total / 1024).toFixed(1)} KB raw, ${(totalGz / 1024).toFixed(1)} KB gzipped`]);

const when = new Date().toISOString().slice(0, 16) + 'Z';
const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`;
let md = '# Playground benchmark (bench/playground.mjs)\n\n';
md += `${when}, headless Chromium ${chromiumVersion} (Debian), node ${process.version}, ${cpu}\n\n`;
md += 'Edit → template: from the `input` event\'s timestamp to the template re-rendered in the DOM (parse, the\n';
md += "core's synthTemplate and explain, diagnostics placed, editor and template highlighted, diagram and\n";
md += 'explanation redrawn when they changed), measured by the page itself; one key per edit.\n\n';
md += '| measure | result |\n|---|---|\n' + rows.map(([a, b]) => `| ${a} | ${b} |`).join('\n') + '\n\n';
md += '| target | met | measured |\n|---|---|---|\n' + verdicts.map(([a, ok, m]) => `| ${a} | ${ok ? 'yes' : 'NO'} | ${m} |`).join('\n') + '\n';
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'playground.md'), md);
console.log(md);
