#!/usr/bin/env bash
# Measures the connection setup rate with TLS and SCRAM-SHA-256: pgx clients
# (bench/connrate) open and close connections for a fixed time, directly to
# PostgreSQL (ssl = on, scram-sha-256 in pg_hba) and through pgway
# (tls.mode: require, a scram_sha_256 user). Each connection through pgway
# also opens an upstream session, which logs in to PostgreSQL with
# SCRAM-SHA-256 over plain TCP.
#
# Environment:
#   CONNRATE_SECONDS  how long each measurement runs (default 10)
#   CONNRATE_WORKERS  connections opened at once (default 4)
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds="${CONNRATE_SECONDS:-10}"
workers="${CONNRATE_WORKERS:-4}"
BENCH_PASSWORD="bench-$RANDOM$RANDOM"

bench_init
build_pgway
build_tool connrate
make_certificate

pg_port="$(free_port)"
pgway_port="$(free_port)"
start_postgres pg "$pg_port" 50 scram-sha-256 on
create_bench_role pg
PGWAY_TLS_MODE=require write_pgway_config "$BENCH_DIR/pgway.yaml" "$pgway_port" "$pg_port"
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"

echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
for target in direct pgway; do
  port="$pg_port"
  [ "$target" = pgway ] && port="$pgway_port"
  dsn="host=127.0.0.1 port=$port dbname=bench user=bench sslmode=require"
  echo "### $target, TLS and SCRAM-SHA-256"
  echo "\$ PGPASSWORD=... bench/connrate -workers $workers -duration ${seconds}s -dsn '$dsn'"
  PGPASSWORD="$BENCH_PASSWORD" "$BENCH_DIR/connrate" -workers "$workers" -duration "${seconds}s" -dsn "$dsn" ||
    die "bench/connrate failed against $target"
done
echo "# pgway RSS after the runs: $(rss_kb "$PGWAY_PID") KiB, fds: $(fd_count "$PGWAY_PID")"
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
