#!/usr/bin/env bash
# `npm run dev`: installs what is missing, builds, and starts the whole local stack.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-deps.sh
bash scripts/setup-tools.sh temporal ferretdb  # no Chromium: only the browser tests need it
npx tsc -p tsconfig.build.json
exec node dist/src/dev/dev-stack.js "$@"
