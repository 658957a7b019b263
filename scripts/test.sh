#!/usr/bin/env bash
# `npm test`: installs what is missing, builds, and runs every test suite with jest.
# Extra arguments go to jest (e.g. `npm test -- test/unit`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-deps.sh
bash scripts/setup-tools.sh
npx tsc -p tsconfig.build.json
# The prebuilt workflow bundle a production worker runs (the production-roles test starts some).
node dist/scripts/build-workflow-bundle.js
mkdir -p .test-output
exec npx jest --json --outputFile=.test-output/jest-results.json "$@"
