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

# tests/wasm_api.rs under node. wasm-pack and the test runner exit 0 having run nothing (no test matched, or
# tests configured for a browser were skipped), so the runner's summary must count at least one passed test.
# --mode no-install: the wasm-bindgen-test-runner setup installed, never a download.
wasm_tests() {
  local log rc
  log=$(mktemp)
  wasm-pack --log-level warn test --node --mode no-install --test wasm_api 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 0 ] && ! grep -Eq '^test result: ok\. [1-9][0-9]* passed' "$log"; then
    echo "wasm-pack test exited 0 but no test passed (no 'test result: ok. N passed' with N > 0)"
    rc=1
  fi
  rm -f "$log"
  return "$rc"
}

step setup bash scripts/setup.sh --tests
step "cargo fmt" cargo fmt --check
step "cargo clippy" cargo clippy --all-targets -- -D warnings
# src/wasm.rs and tests/wasm_api.rs exist only for wasm32: lint that target too.
step "cargo clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
step "cargo test" cargo test
step cfn-lint cfn_lint_cases
step build node scripts/build.mjs
step "wasm tests" wasm_tests
step test:core npm run --silent test:core
step test:deploy bash scripts/test-deploy.sh
floor=$(node -p 'require("aws-cdk-lib/package.json").version')
step "test:construct (aws-cdk-lib $floor, the peer floor)" npm run --silent test:construct
# The same tests against the newest aws-cdk-lib on npm (the run above used the peer floor, the devDependency).
step "test:construct (newest aws-cdk-lib)" bash scripts/test-cdk-newest.sh
step test:cli npm run --silent test:cli
step test:docs npm run --silent test:docs
# jsii's packages: npm, the Python wheel, Java/.NET/Go sources (dist/); skipped when the assembly did not change.
step package npm run --silent package
step test:package npm run --silent test:package
step python bash scripts/test-python.sh
step test:playground npm run --silent test:playground

echo
echo "test: all ${#passed[@]} steps passed (${passed[*]}) in ${SECONDS} s"
