// Both builds of the core package, loaded the way their users load them: the nodejs build with `require`, the
// web build as an ES module given the .wasm bytes (`initSync`), so one suite can run against each.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const pkgDir = path.join(root, 'pkg');

const require = createRequire(import.meta.url);

function loadNode() {
  return require(path.join(pkgDir, 'node', 'express_service_core.js'));
}

async function loadWeb() {
  const web = await import(path.join(pkgDir, 'web', 'express_service_core.js'));
  web.initSync({ module: fs.readFileSync(path.join(pkgDir, 'web', 'express_service_core_bg.wasm')) });
  return web;
}

/** `[name, core]` for the node and the web build. */
export const builds = [
  ['node build', loadNode()],
  ['web build', await loadWeb()],
];

/** The golden cases: `{ name, specText, template, warnings }`. */
export function cases() {
  const dir = path.join(root, 'tests', 'cases');
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'template.json')))
    .sort()
    .map((name) => ({
      name,
      specText: fs.readFileSync(path.join(dir, name, 'spec.json'), 'utf8'),
      template: fs.readFileSync(path.join(dir, name, 'template.json'), 'utf8'),
      warnings: JSON.parse(fs.readFileSync(path.join(dir, name, 'warnings.json'), 'utf8')),
    }));
}

/** Calls `fn` and returns what it threw; fails when it did not throw. */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception, got a return value');
}
