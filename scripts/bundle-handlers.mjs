#!/usr/bin/env node
// The custom resources' functions, bundled and minified by esbuild from handlers/*.ts into the files the core
// embeds with include_str! and puts inline in the template (Code.ZipFile): src/synth/waf_associations.js and
// src/synth/domain_names.js. Those are committed, so `cargo test` needs no node; tests/core/
// handlers-bundle.test.mjs fails when they are stale.
//
// CloudFormation writes inline Node.js code into index.js, a CommonJS module (ES modules are not supported
// inline), and zips it; "this zip file cannot exceed 4MB" (AWS::Lambda::Function Code, ZipFile:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html).
// The old 4,096-character limit went in 2022 (aws-cdk PR #20624). The code's bytes still count toward the
// template's size, which the core checks (`template-size`).
//   node scripts/bundle-handlers.mjs   (run by scripts/build.mjs when handlers/ changed)
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** Each handler and the file the core embeds. */
export const handlers = [
  { source: 'handlers/waf-associations.ts', out: 'src/synth/waf_associations.js' },
  { source: 'handlers/domain-names.ts', out: 'src/synth/domain_names.js' },
];

/** The limit on inline code (the zip CloudFormation makes of it; the text itself is the upper bound). */
export const MAX_INLINE_BYTES = 4 * 1024 * 1024;

/** The bundle of each handler, in memory: `[{ source, out, code }]`. Same sources, same bytes. */
export async function bundleHandlers() {
  const bundles = [];
  for (const { source, out } of handlers) {
    const result = await build({
      entryPoints: [path.join(root, source)],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      // The oldest Node.js the library's functions run on; Lambda's Node.js runtimes ship the AWS SDK v3.
      target: 'node20',
      external: ['@aws-sdk/*'],
      minify: true,
      // Names kept, so a stack trace in the function's log still names the function.
      keepNames: true,
      legalComments: 'none',
      charset: 'ascii',
      banner: { js: `// Generated from ${source} by scripts/bundle-handlers.mjs; do not edit.` },
      logLevel: 'warning',
    });
    const code = result.outputFiles[0].text;
    if (Buffer.byteLength(code) >= MAX_INLINE_BYTES) throw new Error(`${out} is over CloudFormation's inline limit`);
    bundles.push({ source, out, code });
  }
  return bundles;
}

if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  for (const { out, code } of await bundleHandlers()) {
    const file = path.join(root, out);
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === code;
    if (!same) fs.writeFileSync(file, code);
    console.log(`bundle-handlers: ${out} (${Buffer.byteLength(code)} bytes${same ? ', unchanged' : ''})`);
  }
}
