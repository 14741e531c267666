#!/usr/bin/env node
// The `express-service` command bundled by esbuild, twice from the one source (ts/cli/bin.ts and what it
// imports), for the two packages that carry it as their "bin":
//   lib/cli/express-service.js  the construct's package (cdk-express-service), which requires the core package
//                               it bundles (`cdk-express-service-core`) by path: npm keeps bundled dependencies
//                               in the package's own node_modules/, so node need not resolve the name through
//                               node_modules/ and the package's "exports" (1.6 ms less CPU a run); by name, as
//                               before, in any other layout;
//   pkg/cli/express-service.js  the core package itself, for users who only want templates: no CDK, no
//                               dependency; it requires the core module beside it (../node/), by path.
// Beside each, the yaml library apart in yaml.bundle.js, which the command requires only when it reads or
// writes YAML (ts/text/yaml-lib.ts). A run then reads one file (two for YAML) instead of resolving and reading
// about eighty, and a JSON spec, --help and --version do not parse the yaml library's 120 KB at all
// (bench/results/profile-cli.md). The core stays outside the bundle: its .wasm sits beside its own .js. tsc
// still compiles ts/cli/ into lib/cli/ (the node API, its .d.ts, the type check); lib/cli/bin.js is that
// unbundled build of the same command.
//   node scripts/bundle-cli.mjs   (run by `npm run compile`, after tsc)
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const YAML_CHUNK = 'yaml.bundle.js';
const yamlDir = path.join(root, 'node_modules', 'yaml');
const yamlVersion = JSON.parse(fs.readFileSync(path.join(yamlDir, 'package.json'), 'utf8')).version;

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

/** An esbuild filter matching `text` and nothing else. */
const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);

/** The command for one package: `imports` maps a module the sources require to what the bundle requires at run
 * time instead (kept outside the bundle): a path, or `{ path }` for a path tried first and the module's own
 * name when nothing is there. `yaml` always becomes the chunk beside the bundle. */
function command(outDir, imports) {
  return build({
    ...common,
    entryPoints: [path.join(root, 'ts', 'cli', 'bin.ts')],
    outfile: path.join(outDir, 'express-service.js'),
    plugins: [
      {
        name: 'package-paths',
        setup(b) {
          b.onResolve({ filter: /^yaml$/ }, () => ({ path: `./${YAML_CHUNK}`, external: true }));
          for (const [from, to] of Object.entries(imports)) {
            b.onResolve({ filter: exactly(from) }, (args) =>
              typeof to === 'string' || args.namespace === 'path-or-name'
                ? { path: typeof to === 'string' ? to : from, external: true }
                : { path: from, namespace: 'path-or-name' },
            );
            if (typeof to !== 'string') {
              b.onResolve({ filter: exactly(to.path) }, () => ({ path: to.path, external: true }));
            }
          }
          // Nothing at the path: by name (a broken core fails there too, with its own error).
          b.onLoad({ filter: /.*/, namespace: 'path-or-name' }, (args) => {
            const to = imports[args.path];
            const [byPath, byName] = [to.path, args.path].map((p) => JSON.stringify(p));
            return {
              contents: `try { module.exports = require(${byPath}); } catch (e) { if (e.code !== 'MODULE_NOT_FOUND') throw e; module.exports = require(${byName}); }`,
              loader: 'js',
            };
          });
        },
      },
    ],
  });
}

/** The yaml library as one file, with its ISC licence notice (which must travel with every copy). Made from the
 * library's ES module build (the one its "exports" give browsers, and so the playground), not its CommonJS one:
 * esbuild hoists ES modules into one scope instead of wrapping each of 72 files in a function, and without
 * keepNames (our error messages do not name the library's functions) it loads faster: a YAML synth 5 ms less CPU
 * (bench/results/profile-cli.md). The two builds differ only where node and browsers do (a `!!binary` value is a
 * Uint8Array rather than a Buffer: specs and templates are read as YAML 1.2, which has no such tag; the library's
 * own warnings go to console.warn rather than process.emitWarning: stderr either way). */
function yamlChunk(outDir) {
  const license = fs.readFileSync(path.join(yamlDir, 'LICENSE'), 'utf8').trim();
  return build({
    ...common,
    keepNames: false,
    entryPoints: [path.join(yamlDir, 'browser', 'dist', 'index.js')],
    outfile: path.join(outDir, YAML_CHUNK),
    banner: { js: `/*! yaml ${yamlVersion}, bundled by scripts/bundle-cli.mjs\n${license}\n*/` },
  });
}

const lib = path.join(root, 'lib', 'cli');
const pkg = path.join(root, 'pkg', 'cli');
const builds = [
  // The core package where npm puts it, bundled into this package (lib/cli/../../node_modules/); api.ts's
  // require('../../package.json') stays inlined: the construct's own version.
  await command(lib, {
    'cdk-express-service-core': { path: '../../node_modules/cdk-express-service-core/node/express_service_core.js' },
    'cdk-express-service-core/package.json': { path: '../../node_modules/cdk-express-service-core/package.json' },
  }),
  await yamlChunk(lib),
  // Inside the core package, everything is by path from pkg/cli/: its module, and its package.json for the
  // versions (the package is versioned as the crate, which is what the core's version() says).
  await command(pkg, {
    'cdk-express-service-core': '../node/express_service_core.js',
    'cdk-express-service-core/package.json': '../package.json',
    '../../package.json': '../package.json',
  }),
  await yamlChunk(pkg),
];
for (const { metafile } of builds) {
  for (const [file, { bytes }] of Object.entries(metafile.outputs)) {
    const inputs = Object.keys(metafile.inputs).length;
    console.log(`bundle-cli: ${path.relative(root, path.resolve(root, file))} (${inputs} files, ${(bytes / 1024).toFixed(1)} KB)`);
  }
}
for (const dir of [lib, pkg]) {
  for (const f of ['express-service.js', YAML_CHUNK]) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`bundle-cli: ${path.relative(root, path.join(dir, f))} was not written`);
  }
}
