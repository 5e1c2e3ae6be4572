#!/usr/bin/env bash
# Measures pgway's memory per idle authenticated session with the postgres
# provider (the relay): RSS with N sessions open minus RSS before, divided
# by N. Each relayed session also keeps an upstream PostgreSQL backend,
# whose memory is not counted. Clients log in with SCRAM-SHA-256, without
# TLS.
#
# Environment:
#   IDLE_SESSIONS  session counts (default "1000")
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

session_counts="${IDLE_SESSIONS:-1000}"
BENCH_PASSWORD="bench-$RANDOM$RANDOM"

bench_init
build_pgway
build_tool idle

max_sessions=0
for n in $session_counts; do
  [ "$n" -gt "$max_sessions" ] && max_sessions=$n
done
pg_port="$(free_port)"
pgway_port="$(free_port)"
start_postgres pg "$pg_port" $((max_sessions + 20)) trust
create_bench_role pg
write_pgway_config "$BENCH_DIR/pgway.yaml" "$pgway_port" "$pg_port"
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"
dsn="host=127.0.0.1 port=$pgway_port dbname=bench user=bench sslmode=disable"

for n in $session_counts; do
  # Warm up pgway (TLS-less SCRAM, upstream connect) with one session.
  PGPASSWORD="$BENCH_PASSWORD" psql -X -q "$dsn" -c "select 1" >/dev/null
  before="$(rss_kb "$PGWAY_PID")"
  fifo="$BENCH_DIR/idle.out"
  PGPASSWORD="$BENCH_PASSWORD" "$BENCH_DIR/idle" -dsn "$dsn" -sessions "$n" -hold 5s >"$fifo" 2>&1 &
  idle_pid=$!
  PIDS_TO_STOP+=("$idle_pid")
  for _ in $(seq 600); do
    grep -q '^open' "$fifo" && break
    kill -0 "$idle_pid" 2>/dev/null || die "bench/idle failed: $(cat "$fifo")"
    sleep 0.1
  done
  grep -q '^open' "$fifo" || die "bench/idle did not open $n sessions in 60 s"
  sleep 1
  during="$(rss_kb "$PGWAY_PID")"
  wait "$idle_pid" || die "bench/idle failed: $(cat "$fifo")"
  echo "sessions=$n rss_before_kib=$before rss_with_sessions_kib=$during per_session_kib=$(((during - before) / n))"
done
