#!/usr/bin/env bash
# `npm run bench`: builds, then the side-by-side comparisons of bench/compare/ (bench/run.mjs) into
# bench/RESULTS.md and bench/*.svg. Arguments go to bench/run.mjs (--only cdk,cli,core,playground; --quick).
# The focused benchmarks that bench/run.mjs does not cover (bench/diff.mjs, bench/opt-level.mjs,
# bench/playground.mjs; results in bench/results/) run one by one: `node bench/<name>.mjs`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests >&2
node scripts/build.mjs >&2
node bench/run.mjs "$@"
