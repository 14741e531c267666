// Installing only the CLI: the core package (pkg/, `cdk-express-service-core`, which carries the
// `express-service` bin) packed as npm would publish it and installed alone into an empty folder, the way
// `npm install cdk-express-service-core` or `npx -p cdk-express-service-core express-service` does. The
// construct's package pulls aws-cdk-lib and constructs as peers (191 MB); the budget for the CLI alone
// is 5 MB. Needs `npm run build` (pkg/ with pkg/cli/).
//   import { cliInstallSize } from './compare/cli-install.mjs';  const { bytes, packages, text } = await cliInstallSize();
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
export const BUDGET_BYTES = 5 * 1024 * 1024;

/** Packs pkg/, installs the tarball alone (--offline: it has no dependency to fetch) and adds up what landed in
 * node_modules/: `bytes` (the files' sizes), `packages` (how many; `names` lists them), `tarball` (bytes), `met`
 * (within the budget), `text` (one line for a report). */
export async function cliInstallSize() {
  const pkg = path.join(root, 'pkg');
  if (!fs.existsSync(path.join(pkg, 'cli', 'express-service.js'))) throw new Error('pkg/cli/express-service.js is missing: run npm run build first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-install-'));
  try {
    const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const tgz = path.join(dir, npm(['pack', '--silent', '--pack-destination', dir], pkg).trim().split('\n').pop());
    const project = path.join(dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{ "private": true }\n');
    npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tgz], project);
    const modules = path.join(project, 'node_modules');
    if (!fs.existsSync(path.join(modules, '.bin', 'express-service'))) throw new Error('the install linked no express-service');
    let bytes = 0;
    for (const e of fs.readdirSync(modules, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) bytes += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
    }
    const names = fs
      .readdirSync(modules)
      .filter((n) => !n.startsWith('.'))
      .flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(modules, n)).map((s) => `${n}/${s}`) : [n]));
    const tarball = fs.statSync(tgz).size;
    const text = `npm install of the CLI alone (cdk-express-service-core): ${(bytes / 1048576).toFixed(2)} MB in node_modules, ${names.length} package${names.length === 1 ? '' : 's'} (${names.join(', ')}); tarball ${(tarball / 1024).toFixed(0)} KB; budget ${BUDGET_BYTES / 1048576} MB`;
    return { bytes, packages: names.length, names, tarball, met: bytes <= BUDGET_BYTES, text };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run on its own: prints the line.
if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  console.log((await cliInstallSize()).text);
}
