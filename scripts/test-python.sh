#!/usr/bin/env bash
# The construct from Python (tests/python/, pytest): the wheel of `npm run package` (dist/python/) in a venv with
# aws-cdk-lib and constructs from PyPI at the versions scripts/newest.json pins (the newest tested).
# The venv is kept in .tools/ under a key of what decides its content (the python, the pins, pytest's pin,
# this script), so a second run only reinstalls the wheel (a second or two).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST_VERSION=9.2.0

wheel=$(ls dist/python/cdk_express_service-*.whl 2>/dev/null | head -1 || true)
[ -n "$wheel" ] || { echo "test-python: no wheel in dist/python/: run npm run package" >&2; exit 1; }

# aws-cdk-lib and constructs at the versions pinned in scripts/newest.json (moved on purpose by
# scripts/bump-newest.sh), each checked to be within the package's peer range ("^2.257.0").
requirements=$(node -e '
  const peers = require("./package.json").peerDependencies;
  const pins = require("./scripts/newest.json").pypi;
  for (const [name, range] of Object.entries(peers)) {
    const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
    const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(pins[name] ?? "");
    if (!m || !v) { console.error(`test-python: peer range ${name}@${range} is not ^x.y.z, or scripts/newest.json has no pypi pin for it`); process.exit(1); }
    const [lo, at] = [m.slice(1).map(Number), v.slice(1).map(Number)];
    const within = at[0] === lo[0] && (at[1] > lo[1] || (at[1] === lo[1] && at[2] >= lo[2]));
    if (!within) { console.error(`test-python: pin ${name} ${pins[name]} is outside the peer range ${range}`); process.exit(1); }
    console.log(`${name}==${pins[name]}`);
  }')
key=$( (python3 --version; echo "$requirements"; echo "$PYTEST_VERSION"; cat "$0") | sha256sum | cut -c1-12)
venv=.tools/python-$key
py=$venv/bin/python
pip() { "$py" -m pip --disable-pip-version-check --quiet "$@"; }

SECONDS=0
if [ ! -f "$venv/.complete" ]; then
  rm -rf .tools/python-*
  echo "test-python: a venv for the tests in $venv (aws-cdk-lib from PyPI: a minute or two, once)"
  python3 -m venv "$venv" || { echo "test-python: python3 cannot make a venv: install python3-venv (Debian)" >&2; exit 1; }
  # shellcheck disable=SC2086
  pip install "pytest==$PYTEST_VERSION" $requirements
  touch "$venv/.complete"
fi
# The wheel of this build, in place of the last one (its dependencies are the ones above).
pip install --force-reinstall --no-deps "$wheel"
"$py" -c 'import importlib.metadata as m, sys; print("test-python: python", sys.version.split()[0], "| aws-cdk-lib", m.version("aws-cdk-lib"), "| constructs", m.version("constructs"), "| pytest", m.version("pytest"))'
echo "test-python: venv ready in ${SECONDS} s"
JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 "$py" -m pytest -q -p no:cacheprovider tests/python
