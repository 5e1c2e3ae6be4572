#!/usr/bin/env bash
# Installs the bigquery-emulator binary that the BigQuery provider's tests
# start, unless it is already installed, and prints its path.
#
# The binary is built outside this project's go.mod, from the module's own
# go.mod, so the emulator's dependencies stay out of pgway's. Only the exact
# version is fetched: `go install MODULE@VERSION` fails for this module when
# the module proxy refuses the module's version list, which go install reads
# to check for deprecation. The first build takes several minutes and about
# 1.6 GB of build cache; later runs reuse the binary.
set -euo pipefail

version=v0.8.1
module=github.com/goccy/bigquery-emulator
bin="$(go env GOPATH)/bin/bigquery-emulator"
ldflags="-X main.version=$version"
# A binary built here reports its version; one from go install records it
# in its build information.
if [ -x "$bin" ] && { "$bin" --version 2>/dev/null | grep -qF "$version" ||
  go version -m "$bin" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]]+$module[[:space:]]+$version"; }; then
  echo "$bin"
  exit 0
fi
mkdir -p "$(dirname "$bin")"

# Outside any module, so that pgway's go.mod is neither read nor changed.
cd "$(mktemp -d)"
if ! go install -ldflags="$ldflags" "$module/cmd/bigquery-emulator@$version" >&2; then
  echo "go install failed; building $module@$version from its downloaded module" >&2
  dir="$(go mod download -json "$module@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [ -z "$dir" ]; then
    echo "cannot download $module@$version" >&2
    exit 1
  fi
  (cd "$dir" && go build -ldflags="$ldflags" -o "$bin" ./cmd/bigquery-emulator) >&2
fi
echo "$bin"
