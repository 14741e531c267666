// Builds the playground into playground/dist/: one HTML page, its script and style, and the core's .wasm.
// base './' keeps every URL relative, so the page works from any folder or static host.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  resolve: {
    // ts/cli/parse.ts takes the yaml library from ./yaml-lib, which in node requires it on first use; the page
    // imports it (playground/src/yaml-lib.js).
    alias: [{ find: /^\.\/yaml-lib(\.ts)?$/, replacement: fileURLToPath(new URL('./src/yaml-lib.js', import.meta.url)) }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm must stay a file: inlined as base64 it would be a third bigger and parsed twice.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
