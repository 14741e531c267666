// The page's `yaml()` for ts/text/parse.ts (in place of ts/text/yaml-lib.ts, which requires the library lazily
// in node): the bundle holds the library anyway, so it is imported.
import * as Yaml from 'yaml';

/** @returns {typeof Yaml} */
export function yaml() {
  return Yaml;
}
