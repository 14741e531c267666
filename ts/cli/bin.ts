#!/usr/bin/env node
// The `express-service` executable (package.json "bin", bundled into lib/cli/express-service.js). A closed
// pipe (`express-service schema | head`) ends the output quietly instead of throwing.
import { setFlagsFromString } from 'node:v8';
import { main } from './main';

// One run makes one or two core calls, so WebAssembly's optimizing tier only costs: node compiles the core's
// functions lazily on first call, and with TurboFan out of the way (Liftoff, V8's baseline compiler, alone) the
// first synthesis of a one-service spec takes about 11 ms instead of 25, and of 450 services no longer (bench/RESULTS.md).
// Set before the core is loaded (it is, on first use); the node API leaves the flags of its host alone.
setFlagsFromString('--liftoff-only');

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = main(process.argv.slice(2));
