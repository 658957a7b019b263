#!/usr/bin/env bash
# Installs the npm dependencies from the committed lockfile when they are missing or stale.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
installed="node_modules/.package-lock.json"
if [[ ! -f "$installed" || package-lock.json -nt "$installed" ]]; then
  printf '[ensure-deps] Installing npm dependencies (npm ci)\n' >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
