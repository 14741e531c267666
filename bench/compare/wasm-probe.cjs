// The core's node build in this process, for bench/compare/core.mjs. Its glue (pkg/node, made by wasm-bindgen)
// is loaded from its own text with marks around its four load steps and one export more, the size of the
// module's linear memory; otherwise it is the shipped file, unchanged. Prints JSON on stdout.
//   node wasm-probe.cjs load SPEC                 read, compile, instantiate, start, first synthTemplate (ms)
//   node wasm-probe.cjs synth BUDGET_MS FILE...   per spec file: warm synthTemplate µs per call (median of batches)
//   node wasm-probe.cjs memory SPEC CALLS EVERY   RSS, JS heap and linear memory every EVERY calls
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const glue = path.resolve(__dirname, '..', '..', 'pkg', 'node', 'express_service_core.js');
const marks = [];
function loadCore() {
  let source = fs.readFileSync(glue, 'utf8');
  const steps = [
    "const wasmBytes = require('fs').readFileSync(wasmPath);",
    'const wasmModule = new WebAssembly.Module(wasmBytes);',
    'let wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());',
    'wasm.__wbindgen_start();',
  ];
  for (const step of steps) {
    if (!source.includes(step)) throw new Error(`wasm-probe: the glue no longer has \`${step}\`; update bench/compare/wasm-probe.cjs`);
    source = source.replace(step, `globalThis.__benchMarks.push(performance.now());\n${step}`);
  }
  source += '\nglobalThis.__benchMarks.push(performance.now());\nmodule.exports.__memoryBytes = () => wasm.memory.buffer.byteLength;\n';
  globalThis.__benchMarks = marks;
  const m = new Module(glue, module);
  m.filename = glue;
  m.paths = Module._nodeModulePaths(path.dirname(glue));
  m._compile(source, glue);
  return m.exports;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [mode, ...args] = process.argv.slice(2);
const readSpec = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

if (mode === 'load') {
  const spec = readSpec(args[0]);
  const core = loadCore();
  const t = performance.now();
  core.synthTemplate(spec);
  const first = performance.now() - t;
  const [read, compile, instantiate, start, end] = marks;
  console.log(JSON.stringify({ readMs: compile - read, compileMs: instantiate - compile, instantiateMs: start - instantiate, startMs: end - start, firstSynthMs: first }));
} else if (mode === 'synth') {
  const [budget, ...files] = args;
  const core = loadCore();
  let first = null;
  for (const file of files) {
    const spec = readSpec(file);
    const t0 = performance.now();
    const out = core.synthTemplate(spec);
    const once = performance.now() - t0;
    if (first === null) first = once;
    // Warm-up calls (TurboFan takes over hot functions), then batches of about a tenth of the budget.
    for (let i = 0; i < Math.max(3, Math.min(50, Math.round(20 / Math.max(once, 0.01)))); i++) core.synthTemplate(spec);
    const t1 = performance.now();
    core.synthTemplate(spec);
    const warm = Math.max(performance.now() - t1, 0.001);
    const batch = Math.max(1, Math.round(Number(budget) / 10 / warm));
    const times = [];
    const started = performance.now();
    while (times.length < 7 || performance.now() - started < Number(budget)) {
      const t = performance.now();
      for (let i = 0; i < batch; i++) core.synthTemplate(spec);
      times.push(((performance.now() - t) / batch) * 1000);
    }
    const services = Object.keys(spec.services).length;
    console.log(JSON.stringify({ file, services, medianUs: median(times), minUs: Math.min(...times), batch, batches: times.length, templateBytes: out.json.length }));
  }
  console.log(JSON.stringify({ firstCallMs: first }));
} else if (mode === 'memory') {
  const [file, calls, every] = [args[0], Number(args[1]), Number(args[2])];
  const spec = readSpec(file);
  const core = loadCore();
  const sample = (i) => {
    const m = process.memoryUsage();
    return { calls: i, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, wasmMb: core.__memoryBytes() / 2 ** 20 };
  };
  const samples = [sample(0)];
  const t0 = performance.now();
  for (let i = 1; i <= calls; i++) {
    core.synthTemplate(spec);
    if (i % every === 0) samples.push(sample(i));
  }
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024, samples }));
} else {
  console.error('usage: node wasm-probe.cjs load SPEC | synth BUDGET_MS FILE... | memory SPEC CALLS EVERY');
  process.exit(2);
}
