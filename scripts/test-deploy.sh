#!/usr/bin/env bash
# The deploy tests (tests/deploy/): the custom resources' functions run as Lambda runs them against moto on
# 127.0.0.1, their requests checked by botocore's models, the IAM policies of the golden templates by the
# Service Authorization Reference. Needs the venv scripts/setup.sh --tests makes (.tools/deploy-venv/).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${DEPLOY_VENV:-.tools/deploy-venv}
if ! "$venv/bin/python" -c 'import moto.server, botocore, policy_sentry' 2>/dev/null; then
  echo "test-deploy: $venv lacks moto, botocore or policy_sentry: run bash scripts/setup.sh --tests" >&2
  exit 1
fi
for pkg in @aws-sdk/client-wafv2 @aws-sdk/client-elastic-load-balancing-v2; do
  [ -d "node_modules/$pkg" ] || { echo "test-deploy: node_modules lacks $pkg: run npm install" >&2; exit 1; }
done

# Each file starts its own moto server and judge; files run one at a time (2 cores), each test bounded.
exec node --test --test-concurrency=1 --test-timeout=120000 tests/deploy/
