#!/usr/bin/env node
// Reads a V8 CPU profile (`node --cpu-prof`) and prints where the time went: self time by file (package) and by
// function, and the inclusive time of the functions whose name or file matches PATTERN. Used for
// bench/results/profile-construct.md. Figures are sampled wall time: on a busy machine a descheduled thread
// charges the function it was in, so compare profiles taken side by side, and time phases with CPU time.
//   node bench/lib/cpuprofile.mjs FILE.cpuprofile [TOP] [PATTERN]
import fs from 'node:fs';

const [file, topArg = '25', pattern] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/lib/cpuprofile.mjs FILE.cpuprofile [TOP] [PATTERN]');
  process.exit(2);
}
const top = Number(topArg);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

/** A file as `package/folder` inside node_modules, else its path in the repository. */
const fileOf = (n) => {
  const url = n.callFrame.url || `(${n.callFrame.functionName || 'native'})`;
  const m = url.match(/node_modules\/((@[^/]+\/)?[^/]+)\/([^/]+)/);
  return m ? `${m[1]}/${m[3]}` : url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
};
const nameOf = (n) => `${n.callFrame.functionName || '(anonymous)'} ${fileOf(n)}:${n.callFrame.lineNumber + 1}`;
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);

const byFile = new Map();
const byFunction = new Map();
const inclusive = new Map();
for (const [id, ms] of self) {
  const n = nodes.get(id);
  add(byFile, fileOf(n), ms);
  add(byFunction, nameOf(n), ms);
  // Each function once per sample, however deep its recursion.
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const key = nameOf(nodes.get(x));
    if (!seen.has(key)) add(inclusive, key, ms);
    seen.add(key);
  }
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(9)} ms  ${k}`);
};
console.log(`${file}: ${total.toFixed(1)} ms sampled`);
show('self time by file', byFile);
show('self time by function', byFunction);
if (pattern) {
  const re = new RegExp(pattern);
  show(`inclusive time of functions matching /${pattern}/`, new Map([...inclusive].filter(([k]) => re.test(k))));
}
