#!/usr/bin/env bash
# Streams 1M and 10M rows of five columns (int8, int8, text, timestamptz,
# float8) from the embedded DuckDB warehouse through pgway's own protocol
# engine (connection carto_dw). For comparison it streams the same rows
# from PostgreSQL directly. The client is bench/duckdb_stream, which uses
# pgx's extended protocol with binary results. Through pgway the script
# also runs psql COPY (query) TO STDOUT. It prints rows per second and
# pgway's peak RSS (VmHWM, reset before each run).
#
# Environment:
#   STREAM_ROWS  row counts (default "1000000 10000000")
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

row_counts="${STREAM_ROWS:-1000000 10000000}"
BENCH_PASSWORD="bench-$RANDOM$RANDOM"
copy_query="select i, i * 2, md5(i::text), now(), i::float8 / 3 from generate_series(1, ROWS::int8) as i"

bench_init
build_pgway
build_tool duckdb_stream

pg_port="$(free_port)"
pgway_port="$(free_port)"
start_postgres pg "$pg_port" 50 trust
create_bench_role pg
PGWAY_TRUST_LOOPBACK=true PGWAY_EXTRA_CONNECTIONS="  - name: carto_dw
    provider_id: carto_dw
    owner: bench
    privacy: organization
    config:
      type: embedded" write_pgway_config "$BENCH_DIR/pgway.yaml" "$pgway_port" "$pg_port"
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"

direct_dsn="host=127.0.0.1 port=$pg_port dbname=bench user=bench sslmode=disable"
pgway_dsn="host=127.0.0.1 port=$pgway_port dbname=carto_dw user=bench sslmode=disable"

echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# pgway RSS after start: $(rss_kb "$PGWAY_PID") KiB"
for rows in $row_counts; do
  echo "### postgres direct pgx rows=$rows"
  echo "\$ bench/duckdb_stream -dialect postgres -rows $rows -dsn '$direct_dsn'"
  "$BENCH_DIR/duckdb_stream" -dialect postgres -rows "$rows" -dsn "$direct_dsn" ||
    die "duckdb_stream failed against PostgreSQL"

  echo "### pgway carto_dw pgx rows=$rows"
  echo "\$ bench/duckdb_stream -dialect duckdb -rows $rows -dsn '$pgway_dsn'"
  reset_peak_rss "$PGWAY_PID"
  "$BENCH_DIR/duckdb_stream" -dialect duckdb -rows "$rows" -dsn "$pgway_dsn" ||
    die "duckdb_stream failed against pgway"
  echo "pgway_peak_rss_kib=$(peak_rss_kb "$PGWAY_PID") pgway_rss_after_kib=$(rss_kb "$PGWAY_PID")"

  echo "### pgway carto_dw psql copy rows=$rows"
  echo "\$ psql '$pgway_dsn' -c \"copy (${copy_query//ROWS/$rows}) to stdout\" | wc -c"
  reset_peak_rss "$PGWAY_PID"
  start="$(date +%s.%N)"
  bytes="$(psql -X -v ON_ERROR_STOP=1 "$pgway_dsn" -c "copy (${copy_query//ROWS/$rows}) to stdout" | wc -c)"
  end="$(date +%s.%N)"
  awk -v r="$rows" -v s="$start" -v e="$end" -v b="$bytes" \
    'BEGIN { printf "rows=%d seconds=%.2f rows_per_second=%.0f copy_bytes=%d\n", r, e - s, r / (e - s), b }'
  echo "pgway_peak_rss_kib=$(peak_rss_kb "$PGWAY_PID") pgway_rss_after_kib=$(rss_kb "$PGWAY_PID")"
done
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
