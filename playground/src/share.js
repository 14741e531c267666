// The share link: the whole view (spec text, its format, the template's format) in the URL hash, so a
// link reproduces what its sender saw. Deflated when the browser can (CompressionStream), which keeps a
// typical spec's link under a few hundred characters; "#t=" links are plain, "#z=" deflated.

/** @typedef {{ text: string, format: 'json'|'yaml', output: 'json'|'yaml' }} ViewState */

/** @param {ViewState} state  @returns {Promise<string>} the hash, starting with '#' */
export async function encodeState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, f: state.format, o: state.output, t: state.text }));
  if (typeof CompressionStream === 'function') {
    const deflated = await pipe(bytes, new CompressionStream('deflate-raw'));
    return '#z=' + toBase64Url(deflated);
  }
  return '#t=' + toBase64Url(bytes);
}

/**
 * The state in a hash, or null when the hash holds none. Throws with a readable message when the hash
 * looks like a share link but is damaged (cut short when pasted, for instance).
 * @param {string} hash  @returns {Promise<ViewState | null>}
 */
export async function decodeState(hash) {
  const m = /^#([tz])=([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) return null;
  let json;
  try {
    let bytes = fromBase64Url(m[2]);
    if (m[1] === 'z') bytes = await pipe(bytes, new DecompressionStream('deflate-raw'));
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('this share link is damaged (was it cut short when pasted?); showing the default example');
  }
  if (json?.v !== 1 || typeof json.t !== 'string') {
    throw new Error('this share link was made by another version of the playground; showing the default example');
  }
  const format = json.f === 'yaml' ? 'yaml' : 'json';
  const output = json.o === 'yaml' ? 'yaml' : 'json';
  return { text: json.t, format, output };
}

/** @param {Uint8Array} bytes  @param {CompressionStream | DecompressionStream} stream */
async function pipe(bytes, stream) {
  const out = new Response(new Blob([/** @type {BlobPart} */ (bytes)]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** @param {Uint8Array} bytes */
function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text */
function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
