#!/usr/bin/env bash
# `npm run package`: the jsii packages of the construct under dist/ (after `npm run build`):
#   dist/js/      the npm tarball              dist/python/  the wheel and sdist (built: pip is on every machine)
#   dist/java/    Maven sources (pom.xml)      dist/dotnet/  the .NET project       dist/go/  the Go module
#   dist/core/    the core package's npm tarball (pkg/, cdk-express-service-core: the WebAssembly core and the
#                 express-service command without CDK), packed every run: it is quick, and pkg/ is not stamped here
# Java, .NET and Go are generated as sources only (--code-only): building them needs Maven Central, NuGet or a
# Go toolchain, which the project's machines do not have; the sources show the API is expressible there.
# Skipped when the assembly (.jsii), package.json and README.md are the ones the last run packaged.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
[ -f .jsii ] || { echo "package: .jsii is missing: run npm run build first" >&2; exit 1; }

stamp=dist/.package-stamp
hash=$(cat .jsii package.json README.md scripts/package.sh | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -z "${PACKAGE_FORCE:-}" ]; then
  echo "package: dist/ is up to date"
else
  rm -rf dist
  ./node_modules/.bin/jsii-pacmak --targets js python
  ./node_modules/.bin/jsii-pacmak --targets java dotnet go --code-only
  echo "$hash" >"$stamp"
fi
[ -f pkg/cli/express-service.js ] || { echo "package: pkg/cli/ is missing: run npm run build first" >&2; exit 1; }
rm -rf dist/core && mkdir -p dist/core
(cd pkg && npm pack --silent --pack-destination ../dist/core >/dev/null)
for f in dist/js/*.tgz dist/python/*.whl dist/core/*.tgz; do
  printf 'package: %-60s %6s KB\n' "$f" "$(( $(stat -c %s "$f") / 1024 ))"
done
for d in dist/java dist/dotnet dist/go; do
  printf 'package: %-60s %6s files\n' "$d/ (sources)" "$(find "$d" -type f | wc -l)"
done
