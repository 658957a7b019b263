#!/usr/bin/env bash
# `npm test`: installs what is missing, builds, and runs every test suite with jest.
# Extra arguments go to jest (e.g. `npm test -- test/unit`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The production-roles test starts production workers, which run the prebuilt workflow bundle.
bash scripts/prepare.sh
mkdir -p .test-output
exec npx jest --json --outputFile=.test-output/jest-results.json "$@"
