#!/usr/bin/env bash
# `npm run demo`: installs what is missing, builds, and synthesizes the example CDK app in examples/ offline,
# printing its CloudFormation template(s) to stdout (progress goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
node scripts/build.mjs >&2

[ -f examples/cdk.json ] || { echo "demo: examples/cdk.json is missing (the example app is not written yet)" >&2; exit 1; }
cd examples
rm -rf cdk.out
CDK_DISABLE_CLI_TELEMETRY=1 CDK_DISABLE_VERSION_CHECK=1 \
  ../node_modules/.bin/cdk synth --quiet --no-notices --output cdk.out >&2
shopt -s nullglob
templates=(cdk.out/*.template.json)
[ ${#templates[@]} -gt 0 ] || { echo "demo: cdk synth wrote no template" >&2; exit 1; }
for t in "${templates[@]}"; do
  echo "demo: ${t#cdk.out/}" >&2
  cat "$t"
done
