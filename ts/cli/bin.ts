#!/usr/bin/env node
// The `express-service` executable (package.json "bin", bundled into lib/cli/express-service.js and, for the core
// package, pkg/cli/express-service.js). A closed pipe (`express-service schema | head`) ends the output quietly
// instead of throwing. Where a run's time goes: bench/results/profile-cli.md.
import * as nodeModule from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { main } from './main';

// Node 22.8 and newer (module.enableCompileCache, nodejs/node#54501) keep V8's code cache of the modules they
// compile in a folder of the system's temporary directory (NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE
// turns it off): the core's glue and, for YAML, the yaml chunk are read from it on later runs (a YAML synth 2 ms
// less CPU on node 22 and 24; a JSON one the same). Node 20 has no such API and no other code cache worth its
// cost here (bench/results/profile-cli.md).
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// One run makes one or two core calls, so WebAssembly's optimizing tier only costs: node compiles the core's
// functions lazily on first call, and with TurboFan out of the way (Liftoff, V8's baseline compiler, alone) the
// first synthesis of a one-service spec takes about 11 ms instead of 25, and of 450 services no longer.
// --wasm-lazy-validation: each function is validated when it is first compiled, not the whole module when it is
// loaded; a run touches about a third of the module's code (1.4 ms less CPU a run, bench/results/profile-cli.md).
// Both flags exist in the V8 of node 20, 22 and 24. Set before the core is loaded (it is, on first use); the node
// API leaves the flags of its host alone.
setFlagsFromString('--liftoff-only --wasm-lazy-validation');

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const code = main(process.argv.slice(2));
process.exitCode = code;
// Exiting here skips node's teardown of the heap and of the WebAssembly code (2 ms less CPU a run). Only when both
// streams hold nothing unwritten: node writes to a pipe asynchronously on POSIX once the pipe is full (a reader
// slower than us), and exiting then would cut the output at the pipe's 64 KB (tests/package/cli-only.test.mjs).
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
