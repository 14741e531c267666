#!/usr/bin/env bash
# Fuzzes the core (fuzz/fuzz_targets/spec.rs) with libFuzzer through cargo fuzz, on the nightly toolchain.
# Not part of `npm test` or CI: a run is open-ended. Usage:
#   scripts/fuzz.sh [seconds]        fuzz for that long (default 600), then print the figures
# Seeds: the golden specs (tests/cases/*/spec.json) and the hostile corpus (tests/hostile/specs/*.json); a
# dictionary of the spec's keys from src/schema.json. New inputs go to fuzz/corpus/spec, crashes to
# fuzz/artifacts/spec (both ignored by git); reproduce one with
#   cargo +nightly fuzz run spec fuzz/artifacts/spec/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-${HOME:-~}/.cargo}/bin:$PATH"
seconds=${1:-600}

rustup run nightly rustc --version >/dev/null 2>&1 ||
  { echo "fuzz: the nightly toolchain is missing: rustup toolchain install nightly" >&2; exit 1; }
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz (crates.io, once)"
  cargo install --quiet cargo-fuzz
fi

corpus=fuzz/corpus/spec
mkdir -p "$corpus" fuzz/artifacts/spec
for f in tests/cases/*/spec.json; do cp "$f" "$corpus/golden-$(basename "$(dirname "$f")").json"; done
for f in tests/hostile/specs/*.json; do [ -f "$f" ] && cp "$f" "$corpus/hostile-$(basename "$f")"; done

# Every key and enumerated value of the schema, as libFuzzer dictionary entries ("services", "cpu", ...).
node -e '
  const schema = require("./src/schema.json");
  const words = new Set();
  (function walk(v) {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "properties" && x && typeof x === "object") Object.keys(x).forEach((p) => words.add(p));
        if (k === "enum" && Array.isArray(x)) x.filter((e) => typeof e === "string").forEach((e) => words.add(e));
        walk(x);
      }
    }
  })(schema);
  for (const w of words) console.log(JSON.stringify(JSON.stringify(w)));
  for (const t of ["{", "}", "[", "]", ":", ",", "true", "false", "null", "${Token[TOKEN.1]}", "arn:aws:", "subnet-0123456789abcdef0"]) console.log(JSON.stringify(t));
' >fuzz/spec.dict

log=fuzz/last-run.log
echo "fuzz: ${seconds} s on $(nproc) cores; log in $log"
set +e
cargo +nightly fuzz run spec "$corpus" -- -max_total_time="$seconds" -dict=fuzz/spec.dict \
  -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tee "$log" |
  grep -E '^#[0-9]+[[:space:]]+(pulse|DONE)|^==[0-9]+==|^SUMMARY|panicked|^stat::'
rc=${PIPESTATUS[0]}
set -e
echo "fuzz: exit $rc; corpus: $(ls "$corpus" | wc -l) inputs; crashes: $(ls fuzz/artifacts/spec | wc -l)"
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
exit "$rc"
