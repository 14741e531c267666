#!/usr/bin/env node
// The `express-service` command bundled by esbuild: ts/cli/bin.ts and everything it imports into
// lib/cli/express-service.js (the package's "bin"), and the yaml library apart, into lib/cli/yaml.bundle.js,
// which the command requires only when it reads or writes YAML (ts/text/yaml-lib.ts). A run then reads one
// file (two for YAML) instead of resolving and reading about eighty, and a JSON spec, --help and --version do
// not parse the yaml library's 120 KB at all (bench/RESULTS.md, "CLI"). The core stays outside, required on
// first use: its .wasm sits beside its own .js. tsc still compiles ts/cli/ into lib/cli/ (the node API, its
// .d.ts, the type check); lib/cli/bin.js is that unbundled build of the same command.
//   node scripts/bundle-cli.mjs   (run by `npm run compile`, after tsc)
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'lib', 'cli');
const YAML_CHUNK = 'yaml.bundle.js';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Less text for node to parse on every run; names kept, so an internal error still names its function.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

const builds = [
  await build({
    ...common,
    entryPoints: [path.join(root, 'ts', 'cli', 'bin.ts')],
    outfile: path.join(out, 'express-service.js'),
    // The core package (its module, and its package.json for --version) is read where it is installed.
    external: ['cdk-express-service-core', 'cdk-express-service-core/*'],
    plugins: [
      {
        name: 'yaml-chunk',
        setup(b) {
          b.onResolve({ filter: /^yaml$/ }, () => ({ path: `./${YAML_CHUNK}`, external: true }));
        },
      },
    ],
  }),
  await build({ ...common, entryPoints: [path.join(root, 'node_modules', 'yaml', 'dist', 'index.js')], outfile: path.join(out, YAML_CHUNK) }),
];
for (const { metafile } of builds) {
  for (const [file, { bytes }] of Object.entries(metafile.outputs)) {
    const inputs = Object.keys(metafile.inputs).length;
    console.log(`bundle-cli: ${path.relative(root, path.resolve(root, file))} (${inputs} files, ${(bytes / 1024).toFixed(1)} KB)`);
  }
}
if (!fs.existsSync(path.join(out, YAML_CHUNK))) throw new Error(`bundle-cli: ${YAML_CHUNK} was not written`);
