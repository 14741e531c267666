#!/usr/bin/env bash
# `npm run bench`: builds, then runs every benchmark in bench/ (one file each); results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
node scripts/build.mjs >&2
for bench in bench/*.mjs; do
  echo "== $bench"
  node "$bench"
done
