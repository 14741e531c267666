// Serves playground/dist/ on 127.0.0.1 (`npm run playground`; PORT=8080 to choose the port), building it
// first when it is missing or older than its sources. Also imported by the tests and the benchmark, which
// serve on an ephemeral port.
import { createServer } from 'node:http';
import { readFile, stat, readdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
export const distDir = join(here, 'dist');

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', // instantiateStreaming refuses the module under any other type
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Newest modification time under `dir` (files only), 0 when it does not exist. @param {string} dir */
async function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.isFile()) latest = Math.max(latest, (await stat(join(e.parentPath ?? e.path, e.name))).mtimeMs);
  }
  return latest;
}

/** Builds the page unless dist/ is newer than the page's sources and the core's web build. */
export async function ensureBuilt({ log = console.error } = {}) {
  const web = join(repo, 'pkg', 'web', 'express_service_core_bg.wasm');
  try {
    await stat(web);
  } catch {
    throw new Error(`the core's web build is missing (${web}): run \`npm run build\` first`);
  }
  const built = await newest(distDir);
  const sources = Math.max(
    await newest(join(here, 'src')),
    await newest(join(repo, 'ts', 'cli')), // the parser the page bundles
    await newest(join(repo, 'pkg', 'web')),
    await newest(join(repo, 'tests', 'cases')),
    (await stat(join(here, 'index.html'))).mtimeMs,
    (await stat(join(here, 'vite.config.mjs'))).mtimeMs,
  );
  if (built > sources) return false;
  log('building the playground (npm run playground:build)…');
  execFileSync(process.execPath, [join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(here, 'vite.config.mjs')], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return true;
}

/**
 * Starts a static server for dist/ on 127.0.0.1. Port 0 picks a free one.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve({ port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(distDir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(distDir + sep) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 403 : 405).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}\n`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = process.env.PORT === undefined ? 5178 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  try {
    await ensureBuilt();
    const { url } = await serve({ port });
    console.log(`playground: ${url}  (Ctrl-C to stop)`);
  } catch (e) {
    console.error(`playground: ${/** @type {Error} */ (e).message}`);
    process.exit(1);
  }
}
