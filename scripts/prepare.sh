#!/usr/bin/env bash
# What `npm test`, `npm run test:faults` and `npm run bench` need before they run: the npm
# dependencies, the local tools (all of them, or only those named: temporal, ferretdb, chromium),
# the TypeScript build in dist/, and the prebuilt workflow bundle a production worker runs.
# Idempotent: each step skips what is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-deps.sh
bash scripts/setup-tools.sh "$@"
npx tsc -p tsconfig.build.json
node dist/scripts/build-workflow-bundle.js
