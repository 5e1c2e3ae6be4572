#!/usr/bin/env bash
# Streams 1M and 10M rows of five columns (int8, int8, text, timestamptz,
# float8) from PostgreSQL, directly and through pgway (postgres provider),
# with pgx (bench/stream, extended protocol, binary results) and with
# psql COPY (query) TO STDOUT. Prints rows per second and pgway's peak RSS
# (VmHWM, reset before each run through pgway).
#
# Clients log in to pgway with auth.trust_loopback: true and to PostgreSQL
# with trust; pgway logs in to PostgreSQL with SCRAM.
#
# Environment:
#   STREAM_ROWS  row counts (default "1000000 10000000")
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

row_counts="${STREAM_ROWS:-1000000 10000000}"
BENCH_PASSWORD="bench-$RANDOM$RANDOM"
query="select i, i * 2, md5(i::text), now(), i::float8 / 3 from generate_series(1, ROWS) as i"

bench_init
build_pgway
build_tool stream

pg_port="$(free_port)"
pgway_port="$(free_port)"
start_postgres pg "$pg_port" 50 trust
create_bench_role pg
PGWAY_TRUST_LOOPBACK=true write_pgway_config "$BENCH_DIR/pgway.yaml" "$pgway_port" "$pg_port"
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"

dsn() {
  echo "host=127.0.0.1 port=$1 dbname=bench user=bench sslmode=disable"
}

# run_copy PORT ROWS runs psql COPY and prints the same fields as bench/stream.
run_copy() {
  local port=$1 rows=$2 start end bytes
  start="$(date +%s.%N)"
  bytes="$(psql -X -v ON_ERROR_STOP=1 "$(dsn "$port")" \
    -c "copy (${query//ROWS/$rows}) to stdout" | wc -c)"
  end="$(date +%s.%N)"
  awk -v r="$rows" -v s="$start" -v e="$end" -v b="$bytes" \
    'BEGIN { printf "rows=%d seconds=%.2f rows_per_second=%.0f copy_bytes=%d\n", r, e - s, r / (e - s), b }'
}

echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# pgway RSS after start: $(rss_kb "$PGWAY_PID") KiB"
for rows in $row_counts; do
  for tool in pgx copy; do
    for target in direct pgway; do
      port="$pg_port"
      if [ "$target" = pgway ]; then
        port="$pgway_port"
        reset_peak_rss "$PGWAY_PID"
      fi
      echo "### $target $tool rows=$rows"
      if [ "$tool" = pgx ]; then
        echo "\$ bench/stream -rows $rows -dsn '$(dsn "$port")'"
        "$BENCH_DIR/stream" -rows "$rows" -dsn "$(dsn "$port")" || die "bench/stream failed against $target"
      else
        echo "\$ psql '$(dsn "$port")' -c \"copy (${query//ROWS/$rows}) to stdout\" | wc -c"
        run_copy "$port" "$rows"
      fi
      if [ "$target" = pgway ]; then
        echo "pgway_peak_rss_kib=$(peak_rss_kb "$PGWAY_PID") pgway_rss_after_kib=$(rss_kb "$PGWAY_PID")"
      fi
    done
  done
done
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
