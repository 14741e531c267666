// Builds the playground into playground/dist/: one HTML page, its script and style, and the core's .wasm.
// base './' keeps every URL relative, so the page works from any folder or static host.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Says what the build wrote and where (Vite's own file list is off with logLevel 'warn'). */
function summary() {
  let outDir;
  return {
    name: 'playground-summary',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      const files = Object.values(bundle).map((f) => {
        const bytes = Buffer.from(f.type === 'chunk' ? f.code : f.source);
        return { name: f.fileName, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
      });
      files.sort((a, b) => a.name.localeCompare(b.name));
      const where = path.relative(process.cwd(), outDir) || '.';
      const total = (k) => files.reduce((n, f) => n + f[k], 0);
      console.log(`playground: built the static page into ${where}/ (${files.length} files, ${kb(total('raw'))}, ${kb(total('gz'))} gzipped):`);
      for (const f of files) console.log(`  ${`${where}/${f.name}`.padEnd(56)} ${kb(f.raw).padStart(10)} ${kb(f.gz).padStart(10)} gzipped`);
      console.log('playground: serve it with `npm run playground`, or put the folder on any static host (its URLs are relative)');
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  resolve: {
    // ts/text/parse.ts takes the yaml library from ./yaml-lib, which in node requires it on first use; the page
    // imports it (playground/src/yaml-lib.js).
    alias: [{ find: /^\.\/yaml-lib(\.ts)?$/, replacement: fileURLToPath(new URL('./src/yaml-lib.js', import.meta.url)) }],
  },
  plugins: [summary()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm must stay a file: inlined as base64 it would be a third bigger and parsed twice.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
