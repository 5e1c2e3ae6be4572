#!/usr/bin/env bash
# Runs each fuzz target of the proxy package for a bounded time, starting
# from its seed corpus in proxy/testdata/fuzz. A failing input is written
# to proxy/testdata/fuzz/<target>/ and the script exits non-zero.
#
# Environment:
#   FUZZTIME  how long each target runs, in Go's duration syntax (default 15s)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi

fuzztime="${FUZZTIME:-15s}"
targets=(FuzzStartup FuzzMessageLoop FuzzBindParameters)
for target in "${targets[@]}"; do
  echo "fuzzing $target for $fuzztime"
  go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" ./proxy/
done
