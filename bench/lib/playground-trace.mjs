#!/usr/bin/env node
// A Chromium performance trace of keystrokes in the playground (headless Debian Chromium through
// playwright-core, as tests/playground does): a spec of N services pasted, then K keys typed after the first
// image tag (a digit, then Backspace: every key changes the template). Prints, per edit, the renderer main
// thread's time by trace event (self time: layout, paint, the page's script) and the page's JavaScript by
// function (sampled, inclusive), with the page's own timings. Used for bench/results/profile-playground.md.
//   node bench/lib/playground-trace.mjs [N=50] [K=40] [--dist DIR] [--out trace.json]
// --dist serves a built page other than playground/dist (e.g. one built with `vite build --minify false
// --outDir DIR` so that functions keep their names); --out keeps the trace for chrome://tracing or DevTools.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt, serve } from '../../playground/serve.mjs';
import { launch } from '../../tests/playground/chromium.mjs';

const { values, positionals } = parseArgs({ options: { dist: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true });
const n = Number(positionals[0] ?? 50);
const keys = Number(positionals[1] ?? 40);

/** A static server of `dir` (the page's files, with the types a browser needs for modules and WebAssembly). */
function serveDir(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'));
      if (!file.startsWith(dir) || !fs.existsSync(file)) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: async () => server.close() }));
  });
}

/** Self time by event name on the busiest renderer main thread, and the sampled JS profile, from a trace. */
function summarize(events, edits) {
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const count = (m) => events.filter((e) => e.pid === m.pid && e.tid === m.tid).length;
  const main = mains.sort((a, b) => count(b) - count(a))[0];
  const slices = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  slices.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const open = [];
  const self = new Map();
  for (const e of slices) {
    while (open.length && open[open.length - 1].ts + open[open.length - 1].dur <= e.ts) open.pop();
    if (open.length) open[open.length - 1].children += e.dur;
    e.children = 0;
    open.push(e);
  }
  for (const e of slices) self.set(e.name, (self.get(e.name) ?? 0) + (e.dur - e.children) / 1000);
  const nodes = new Map();
  const samples = [];
  const deltas = [];
  for (const e of events.filter((x) => x.name === 'ProfileChunk' && x.pid === main.pid)) {
    for (const node of e.args.data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    samples.push(...(e.args.data.cpuProfile?.samples ?? []));
    deltas.push(...(e.args.data.timeDeltas ?? []));
  }
  const inclusive = new Map();
  const name = (node) => `${node.callFrame.functionName || '(anonymous)'} ${(node.callFrame.url || '').split('/').pop()}`;
  samples.forEach((id, i) => {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const seen = new Set();
    for (let x = nodes.get(id); x; x = nodes.get(x.parent)) {
      const k = name(x);
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
      seen.add(k);
    }
  });
  const per = (ms) => (ms / edits).toFixed(2).padStart(8);
  console.log(`\nrenderer main thread, self time per edit (${edits} edits):`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${per(v)} ms  ${k}`);
  console.log('\nthe page\'s JavaScript, inclusive per edit (sampled):');
  const skip = /^\((root|program|idle)\)|^wasm-function/;
  for (const [k, v] of [...inclusive].filter(([k]) => !skip.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${per(v)} ms  ${k}`);
}

const spec = { services: Object.fromEntries(Array.from({ length: n }, (_, i) => [`Web${i + 1}`, { image: 'nginx:1.27', cpu: 512, memory: 1024 }])) };
if (!values.dist) await ensureBuilt();
const server = values.dist ? await serveDir(path.resolve(values.dist)) : await serve();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  const editor = page.locator('[data-testid="spec-editor"]');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(JSON.stringify(spec, null, 2));
  await page.waitForFunction(() => document.querySelector('[data-testid="template"]')?.getAttribute('data-valid') === 'true');
  await editor.evaluate((el) => {
    const at = /** @type {HTMLTextAreaElement} */ (el).value.indexOf('nginx:1.27') + 'nginx:1.27'.length;
    /** @type {HTMLTextAreaElement} */ (el).setSelectionRange(at, at);
  });
  // A few keys first, so that what is measured is typing, not the page warming up.
  for (let i = 0; i < 6; i++) await page.keyboard.press(i % 2 === 0 ? '9' : 'Backspace');
  const before = await page.evaluate(() => /** @type {any} */ (window).__playgroundTimings.edits.length);
  const cdp = await browser.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,disabled-by-default-v8.cpu_profiler,blink,v8',
    options: 'sampling-frequency=10000',
  });
  for (let i = 0; i < keys; i++) await page.keyboard.press(i % 2 === 0 ? '9' : 'Backspace');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await cdp.send('Tracing.end');
  await complete;
  if (values.out) fs.writeFileSync(values.out, JSON.stringify({ traceEvents: events }));
  const edits = await page.evaluate((b) => /** @type {any} */ (window).__playgroundTimings.edits.slice(b), before);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const f = (k) => `${median(edits.map((e) => e[k])).toFixed(1)} ms`;
  console.log(`${n} services, ${edits.length} edits traced (tracing slows the page): edit → template median ${f('toTemplate')}, of which parse + core ${f('compute')}; edit → next frame ${f('toFrame')}`);
  summarize(events, edits.length);
} finally {
  await browser.close();
  await server.close();
}
