#!/usr/bin/env bash
# The construct's node tests (tests/construct/) against the newest aws-cdk-lib on npm, beside the run against
# the peer floor (the devDependency) in node_modules/: the construct builds aws-cdk-lib's L1 classes with its
# parser, which any minor release can move. aws-cdk-lib, constructs and the tools that take aws-cdk-lib as
# a peer (cdk-nag, ...) are installed in .tools/cdk-newest/ once per aws-cdk-lib release (npm is asked which is the newest: one registry request a run); the rest of node_modules/ is linked
# from the project's. Each run copies the built lib/ and the tests there, so they load that aws-cdk-lib.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=.tools/cdk-newest
[ -f lib/index.js ] || { echo "cdk-newest: lib/ is missing: run npm run build" >&2; exit 1; }

newest=$(npm view aws-cdk-lib version)
[ -n "$newest" ] || { echo "cdk-newest: npm did not say the newest aws-cdk-lib" >&2; exit 1; }
# With it: constructs (the newest of the peer range) and every devDependency that has aws-cdk-lib as a peer
# (cdk-nag, ...: they look at aws-cdk-lib's classes, so they must load this one), at the project's ranges.
peers=$(node -p '
  const p = require("./package.json");
  const withCdk = Object.keys(p.devDependencies).filter((d) => (require(`${d}/package.json`).peerDependencies ?? {})["aws-cdk-lib"]);
  [`constructs@${p.peerDependencies.constructs}`, ...withCdk.map((d) => `${d}@${p.devDependencies[d]}`)].join(" ")')
want="aws-cdk-lib@$newest $peers"
if [ "$(cat "$dir/.installed" 2>/dev/null)" != "$want" ]; then
  echo "cdk-newest: installing $want into $dir/"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo '{ "name": "cdk-newest-check", "private": true }' >"$dir/package.json"
  # shellcheck disable=SC2086
  npm install --prefix "$dir" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error "aws-cdk-lib@$newest" $peers
  echo "$want" >"$dir/.installed"
fi
# Everything else the tests load (the core package, yaml, the cdk CLI, tsx, ...): the project's own.
mkdir -p "$dir/node_modules/.bin"
for entry in node_modules/* node_modules/@*/* node_modules/.bin/*; do
  case "$entry" in node_modules/@*/*) mkdir -p "$dir/$(dirname "$entry")" ;; esac
  [ -e "$dir/$entry" ] || [ -L "$dir/$entry" ] || ln -s "$root/$entry" "$dir/$entry"
done
rm -rf "$dir/lib" "$dir/tests" "$dir/examples" "$dir/.jsii"
# .jsii: the hostile props test checks the construct's prop list against the assembly.
cp -R lib tests examples .jsii "$dir/"
ln -sfn "$root/.venv" "$dir/.venv"

versions=$(cd "$dir" && node -p 'process.argv.slice(1).map((s) => s.replace(/(.)@[^@]*$/, "$1")).map((n) => `${n} ${require(`${n}/package.json`).version}`).join(", ")' aws-cdk-lib $peers)
echo "cdk-newest: tests/construct/ against $versions (the floor run used aws-cdk-lib $(node -p 'require("aws-cdk-lib/package.json").version'))"
node --test "$dir/tests/construct/"
