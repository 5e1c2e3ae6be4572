#!/usr/bin/env bash
# Installs the bigquery-emulator binary that the BigQuery provider's tests
# start, unless it is already installed, and prints its path.
#
# `go install MODULE@VERSION` fails for this module because it looks up the
# module's version list, which is refused, so the binary is built from a
# throwaway module that requires the exact version. The first build
# compiles ZetaSQL and takes about five minutes; later runs reuse the binary.
set -euo pipefail

version=v0.8.1
bin="$(go env GOPATH)/bin/bigquery-emulator"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "${version#v}"; then
  echo "$bin"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init bigquery-emulator-build >/dev/null 2>&1
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator"
GO
go get "github.com/goccy/bigquery-emulator@$version" >&2
go mod tidy >&2
go install github.com/goccy/bigquery-emulator/cmd/bigquery-emulator >&2
echo "$bin"
