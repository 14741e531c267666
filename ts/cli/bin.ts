#!/usr/bin/env node
// The `express-service` executable (package.json "bin"). A closed pipe (`express-service schema | head`)
// ends the output quietly instead of throwing.
import { main } from './main';

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = main(process.argv.slice(2));
