// 5. Installing only the CLI: a section of bench/run.mjs around bench/compare/cli-install.mjs's
// `cliInstallSize()` (the core package packed and installed alone into an empty folder). While that module is
// not in the checkout, or cannot measure (no pkg/cli: run npm run build), the row says so and is not met: a goal
// without a measurement is not a goal met.
import fs from 'node:fs';
import path from 'node:path';

const BUDGET_MB = 5;
const measurer = path.join(import.meta.dirname, '..', 'compare', 'cli-install.mjs');

export async function run() {
  const name = `installing only the CLI (npm install of cdk-express-service-core in an empty folder) ≤ ${BUDGET_MB} MB`;
  if (!fs.existsSync(measurer)) {
    return {
      title: '5. Installing only the CLI',
      markdown: 'Not measured: bench/compare/cli-install.mjs (`cliInstallSize()`) is not in this checkout.',
      charts: {},
      targets: [{ name, measured: 'missing (no bench/compare/cli-install.mjs)', met: false }],
    };
  }
  const { cliInstallSize } = await import(measurer);
  let r;
  try {
    r = await cliInstallSize();
  } catch (e) {
    // A build without pkg/cli, npm failing offline: said in the row, and the other sections still run.
    const why = String(/** @type {Error} */ (e).message ?? e).split('\n')[0];
    return { title: '5. Installing only the CLI', markdown: `Not measured: ${why}`, charts: {}, targets: [{ name, measured: `not measured (${why})`, met: false }] };
  }
  const mb = r.bytes / 1048576;
  return {
    title: '5. Installing only the CLI',
    markdown: [
      'pkg/ (`cdk-express-service-core`, carrying the `express-service` bin) packed as npm publishes it and installed',
      'alone into an empty folder (bench/compare/cli-install.mjs); the size is the sum of the files under node_modules/.',
      '',
      `| node_modules | packages | |`,
      '|---:|---:|---|',
      `| ${mb.toFixed(2)} MB | ${r.packages} | ${r.names?.join(', ') ?? ''} |`,
    ].join('\n'),
    charts: {},
    targets: [{ name, measured: `${mb.toFixed(2)} MB, ${r.packages} package${r.packages === 1 ? '' : 's'}`, met: mb <= BUDGET_MB }],
    data: { bytes: r.bytes, packages: r.packages },
  };
}
