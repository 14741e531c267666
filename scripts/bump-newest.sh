#!/usr/bin/env bash
# Moves the pins of scripts/newest.json to the newest releases on npm and PyPI within the peer ranges (as a
# construct library's upgrade job does), then runs the suites that use them: tests/construct against the
# newest aws-cdk-lib on npm, and the Python app against the newest on PyPI. Commit the file if both pass.
set -euo pipefail
cd "$(dirname "$0")/.."
pypi_newest() { python3 -m pip index versions "$1" 2>/dev/null | sed -n '1s/.*(\(.*\))/\1/p'; }
node - "$(pypi_newest aws-cdk-lib)" "$(pypi_newest constructs)" <<'JS'
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const [pyCdk, pyConstructs] = process.argv.slice(2);
if (!pyCdk || !pyConstructs) throw new Error('bump-newest: PyPI did not say the newest aws-cdk-lib or constructs');
const pkg = require('./package.json');
const newest = (spec) => [JSON.parse(execFileSync('npm', ['view', spec, 'version', '--json'], { encoding: 'utf8' }))].flat().pop();
const file = 'scripts/newest.json';
const pins = JSON.parse(fs.readFileSync(file, 'utf8'));
pins.npm = {
  'aws-cdk-lib': newest(`aws-cdk-lib@${pkg.peerDependencies['aws-cdk-lib']}`),
  constructs: newest(`constructs@${pkg.peerDependencies.constructs}`),
  'cdk-nag': newest(`cdk-nag@${pkg.devDependencies['cdk-nag']}`),
};
pins.pypi = { 'aws-cdk-lib': pyCdk, constructs: pyConstructs };
fs.writeFileSync(file, `${JSON.stringify(pins, null, 2)}\n`);
console.log(`bump-newest: ${JSON.stringify({ npm: pins.npm, pypi: pins.pypi })}`);
JS
bash scripts/test-cdk-newest.sh
bash scripts/test-python.sh
