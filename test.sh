#!/usr/bin/env bash
# Runs every CommHub test: unit, integration (real SQLite files and a throwaway PostgreSQL), component (bUnit) and end-to-end
# (Playwright in Debian's Chromium). First installs what a fresh machine lacks, only when missing.
# Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Playwright drives Debian's chromium; it never downloads a browser of its own.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The Azure blob store tests run against Azurite, the Blob Storage emulator from npm.
if [ -z "${AZURITE_BLOB_PATH:-}" ] && ! command -v azurite-blob >/dev/null 2>&1; then
  echo "test.sh: installing Azurite from npm for the Azure blob store tests"
  as_root npm install -g --silent --no-fund --no-audit azurite >/dev/null
fi

# The PostgreSQL tests start a throwaway cluster with Debian's server binaries (initdb, pg_ctl) as the postgres user.
if [ -z "${POSTGRES_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "test.sh: installing Debian's postgresql for the PostgreSQL tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

dotnet tool restore >/dev/null

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
set +e
dotnet test CommHub.sln --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
set -e

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "test.sh: no test results (the build failed?)" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
total=$(count total); passed=$(count passed); failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
skipped=$(( total - passed - failed ))
# The failed tests by name, with the first lines of their messages, so a CI log cut short still says what failed.
if [ "$failed" -ne 0 ]; then
  echo "Failed tests:"
  awk '/<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; print "  - " name; next }
       want && /<Message>/ { sub(/.*<Message>/, ""); lines = 0; inmsg = 1 }
       inmsg { text = $0; done = sub(/<\/Message>.*/, "", text); if (lines < 4) print "      " text; lines++; if (done) { inmsg = 0; want = 0 } }' "$trx"
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$total" -eq 0 ]; then exit 1; fi
