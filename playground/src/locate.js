// Finds where a diagnostic's property path ("services.Web.scaling.maxTasks", "services.Web.command[1]")
// sits in the editor's text, using the source ranges the `yaml` parser keeps (it reads JSON too).
import { isMap, isSeq, isScalar } from 'yaml';

/**
 * The [from, to) range of the property at `path`: key and value for a plain value, the key alone for an
 * object or list. When the path does not exist (a missing required key), the nearest existing parent's
 * key. Null when nothing in the text matches (the path is the whole spec, or the root is missing).
 * @param {import('yaml').Document} doc  @param {string} path  @returns {[number, number] | null}
 */
export function locate(doc, path) {
  let node = doc.contents;
  let rest = path;
  /** @type {[number, number] | null} */
  let best = null;
  while (rest !== '' && node) {
    if (isMap(node)) {
      const pair = longestKey(node, rest);
      if (!pair) break;
      const key = /** @type {any} */ (pair.key);
      rest = rest.slice(String(key.value).length).replace(/^\./, '');
      node = /** @type {any} */ (pair.value);
      const value = /** @type {any} */ (pair.value);
      best = isScalar(value) && value.range ? [key.range[0], value.range[1]] : [key.range[0], key.range[1]];
    } else if (isSeq(node)) {
      const m = /^\[(\d+)\]\.?/.exec(rest);
      const item = m ? /** @type {any} */ (node.items[Number(m[1])]) : undefined;
      if (!m || !item?.range) break;
      rest = rest.slice(m[0].length);
      node = item;
      best = [item.range[0], item.range[1]];
    } else {
      break;
    }
  }
  return best;
}

/** Keys may hold dots (a tag "app.kubernetes.io/name"): take the longest key the path continues with. */
/** @param {import('yaml').YAMLMap} map  @param {string} rest  @returns {any} */
function longestKey(map, rest) {
  let found = null;
  for (const pair of map.items) {
    const key = pair.key;
    if (!isScalar(key) || !key.range) continue;
    const k = String(key.value);
    const next = rest.charAt(k.length);
    if (rest.startsWith(k) && (next === '' || next === '.' || next === '[')) {
      if (!found || k.length > String(found.key.value).length) found = pair;
    }
  }
  return found;
}

/** Offset of a 1-based line and column in `text`. @param {string} text  @param {number} line  @param {number} column */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
