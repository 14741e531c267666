// The `yaml` library, loaded on first use: a JSON spec is read, checked and synthesized without it, and its
// load was the largest part of a CLI run (bench/RESULTS.md). The playground's build swaps this file for one
// that imports the library (playground/src/yaml-lib.js, by an alias in playground/vite.config.mjs).

import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

/** The yaml library (its module, required once). */
export function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= require('yaml') as typeof Yaml;
  return lib;
}
