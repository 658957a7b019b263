#!/usr/bin/env bash
# `npm run test:faults`: every fault scenario under test/faults/, the long ones included, against the
# real stack built from dist/; writes .test-output/faults/report.json and report.md (docs/reliability.md).
# Extra arguments go to jest (e.g. `npm run test:faults -- -t "Temporal"`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/prepare.sh
mkdir -p .test-output/faults
# One scenario at a time: each runs a whole stack, and they measure recovery times.
# Extra arguments first: jest's list options (--roots, --reporters) would take a path after them as theirs.
exec npx jest "$@" --roots="$root/test/faults" --testPathIgnorePatterns='/node_modules/' --runInBand \
  --reporters=default --reporters="$root/test/faults/support/faults-reporter.js" \
  --json --outputFile=.test-output/faults/jest-results.json
