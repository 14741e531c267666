#!/usr/bin/env bash
# The construct's node tests (tests/construct/) against the newest aws-cdk-lib tested (scripts/newest.json, moved
# on purpose by scripts/bump-newest.sh), beside the run against the peer floor (the devDependency) in
# node_modules/: the construct builds aws-cdk-lib's L1 classes with its parser, which any minor release can
# move. aws-cdk-lib, constructs and the tools that take aws-cdk-lib as a peer (cdk-nag, ...) are installed in
# .tools/cdk-newest/ once per set of pins; the rest of node_modules/ is linked from the project's. Each run
# copies the built lib/ and the tests there, so they load that aws-cdk-lib. No registry is asked which release
# is newest: the same commit tests against the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=.tools/cdk-newest
[ -f lib/index.js ] || { echo "cdk-newest: lib/ is missing: run npm run build" >&2; exit 1; }

# aws-cdk-lib and constructs at their pins, and every devDependency that has aws-cdk-lib as a peer (cdk-nag,
# ...: they look at aws-cdk-lib's classes, so they must load this one) at its pin, else at its exact version.
peers=$(node -p '
  const p = require("./package.json");
  const pins = require("./scripts/newest.json").npm;
  const withCdk = Object.keys(p.devDependencies).filter((d) => (require(`${d}/package.json`).peerDependencies ?? {})["aws-cdk-lib"]);
  const at = (d) => {
    const v = pins[d] ?? p.devDependencies[d];
    if (!/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`cdk-newest: pin ${d} in scripts/newest.json (its devDependency is a range, ${v})`);
    return `${d}@${v}`;
  };
  ["aws-cdk-lib", "constructs", ...withCdk].map(at).join(" ")')
want="$peers"
if [ "$(cat "$dir/.installed" 2>/dev/null)" != "$want" ]; then
  echo "cdk-newest: installing $want into $dir/"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo '{ "name": "cdk-newest-check", "private": true }' >"$dir/package.json"
  # shellcheck disable=SC2086
  npm install --prefix "$dir" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error $peers
  echo "$want" >"$dir/.installed"
fi
# Everything else the tests load (the core package, yaml, the cdk CLI, tsx, ...): the project's own.
mkdir -p "$dir/node_modules/.bin"
for entry in node_modules/* node_modules/@*/* node_modules/.bin/*; do
  case "$entry" in node_modules/@*/*) mkdir -p "$dir/$(dirname "$entry")" ;; esac
  [ -e "$dir/$entry" ] || [ -L "$dir/$entry" ] || ln -s "$root/$entry" "$dir/$entry"
done
rm -rf "$dir/lib" "$dir/tests" "$dir/examples" "$dir/.jsii" "$dir/bench"
# .jsii: the hostile props test checks the construct's prop list against the assembly; bench/compare: the
# migration test synthesizes the seed's app with the bench's own script (against this aws-cdk-lib).
cp -R lib tests examples .jsii "$dir/"
mkdir -p "$dir/bench" && cp -R bench/compare "$dir/bench/"
ln -sfn "$root/.venv" "$dir/.venv"

versions=$(cd "$dir" && node -p 'process.argv.slice(1).map((s) => s.replace(/(.)@[^@]*$/, "$1")).map((n) => `${n} ${require(`${n}/package.json`).version}`).join(", ")' $peers)
echo "cdk-newest: tests/construct/ against $versions (the floor run used aws-cdk-lib $(node -p 'require("aws-cdk-lib/package.json").version'))"
# Without aws-cdk-lib's built-in CloudFormation validation unless asked for (see construct_suites in
# scripts/test.sh): tests/construct/cfn-validate.test.mjs runs it on purpose.
CDK_VALIDATION=${CDK_VALIDATION:-false} node --test "$dir/tests/construct/"
