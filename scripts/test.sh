#!/usr/bin/env bash
# `npm test`: every check of the project, in order, stopping at the first failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-${HOME:-~}/.cargo}/bin:$PATH"
# cargo-fmt and cargo-clippy from the toolchain itself when rustup made no proxies for them.
PATH="$PATH:$(rustc --print sysroot)/bin"

SECONDS=0
passed=()

step() {
  local name=$1
  shift
  echo
  echo "== $name"
  local start=$SECONDS
  if ! "$@"; then
    echo
    echo "test: FAILED at '$name' (passed before it: ${passed[*]:-none}; ${SECONDS} s)"
    exit 1
  fi
  passed+=("$name")
  echo "-- $name: $((SECONDS - start)) s"
}

# cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational. Only informational is fine.
cfn_lint_cases() {
  local templates=(tests/cases/*/template.json)
  [ -f "${templates[0]}" ] || { echo "no tests/cases/*/template.json"; return 1; }
  .venv/bin/cfn-lint "${templates[@]}"
  local rc=$?
  if [ $((rc & ~8)) -ne 0 ]; then
    echo "cfn-lint exited with $rc (2 = errors, 4 = warnings, other bits = cfn-lint failed)"
    return 1
  fi
  echo "cfn-lint: ${#templates[@]} templates, no errors or warnings"
}

# The construct's suite against two aws-cdk-lib releases at once, each in its own process (node's runner runs one
# test file at a time on 2 cores, and the two sets of files share nothing): the peer floor in node_modules/ and
# the newest tested (scripts/newest.json, scripts/test-cdk-newest.sh). Each log is printed whole when both are
# done, the floor's first.
#
# aws-cdk-lib's built-in CloudFormation validation (the releases that ship @aws/cloudformation-validate, 2.278.0
# among them) compiles a 9 MB WebAssembly module in every test process and checks every template of every
# synthesis: it made the newest release's run 4 times as long as the floor's, for warnings that no test read.
# So it is off for these suites (CDK_VALIDATION=false, as aws-cdk-lib documents it), and
# tests/construct/cfn-validate.test.mjs turns it back on, strict, over stacks that use every feature.
construct_suites() {
  local dir floor_log newest_log floor_rc newest_rc
  dir=$(mktemp -d)
  floor_log=$dir/floor.log
  newest_log=$dir/newest.log
  CDK_VALIDATION=false node --test tests/construct/ >"$floor_log" 2>&1 &
  local floor_pid=$!
  CDK_VALIDATION=false bash scripts/test-cdk-newest.sh >"$newest_log" 2>&1 &
  local newest_pid=$!
  wait "$floor_pid"
  floor_rc=$?
  wait "$newest_pid"
  newest_rc=$?
  echo "(tests/construct against aws-cdk-lib $floor, the peer floor: exit $floor_rc)"
  cat "$floor_log"
  echo "(tests/construct against the newest aws-cdk-lib tested: exit $newest_rc)"
  cat "$newest_log"
  rm -rf "$dir"
  [ "$floor_rc" -eq 0 ] || echo "test:construct failed against aws-cdk-lib $floor (the peer floor)"
  [ "$newest_rc" -eq 0 ] || echo "test:construct failed against the newest aws-cdk-lib tested (scripts/newest.json)"
  [ "$floor_rc" -eq 0 ] && [ "$newest_rc" -eq 0 ]
}

step setup bash scripts/setup.sh --tests
step "cargo fmt" cargo fmt --check
step "cargo clippy" cargo clippy --all-targets -- -D warnings
# src/wasm.rs exists only for wasm32: lint that target too.
step "cargo clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
step "cargo test" cargo test
step cfn-lint cfn_lint_cases
step build node scripts/build.mjs
# The JS boundary is tested through both shipped builds by the node suites (tests/core/, boundary.test.mjs among
# them), not by a third compile of the core for wasm-bindgen-test.
step test:core npm run --silent test:core
step test:deploy bash scripts/test-deploy.sh
floor=$(node -p 'require("aws-cdk-lib/package.json").version')
step "test:construct (aws-cdk-lib $floor, the peer floor, beside the newest tested)" construct_suites
step test:cli npm run --silent test:cli
step test:docs npm run --silent test:docs
# jsii's packages: npm, the Python wheel, Java/.NET/Go sources (dist/); skipped when the assembly did not change.
step package npm run --silent package
step test:package npm run --silent test:package
step python bash scripts/test-python.sh
step test:playground npm run --silent test:playground

echo
echo "test: all ${#passed[@]} steps passed (${passed[*]}) in ${SECONDS} s"
