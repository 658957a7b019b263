#!/usr/bin/env bash
# `npm run bench` (bench/run-all.ts) and `npm run bench:<name>`: installs what is missing, builds
# (the benchmarks start the real stack from dist/), and runs bench/<name>.ts. Results go to
# bench/results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
name="${1:?usage: bench.sh <name>}"
bash scripts/prepare.sh temporal ferretdb  # no Chromium: only the browser tests need it
exec npx tsx "bench/${name}.ts"
