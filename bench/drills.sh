#!/usr/bin/env bash
# Load and fault drills against pgway with the postgres provider, on
# loopback only, bounded in time (about 90 seconds in all):
#   1. pgbench -c 100 -T 20 (TPC-B-like, scale 10) through pgway finishes
#      with zero failed transactions;
#   2. the upstream backend of a session is terminated mid-query: that client
#      gets 57P01 or 08006, and other sessions and new ones keep working;
#   3. the upstream is unreachable at connect (refused, and accepting but
#      silent): 08001 with a hint, within limits.connect_timeout plus 1 s,
#      from a second pgway with connect_timeout 2s;
#   4. 1,000 clients connect, run select 1 and disconnect in a loop for 20 s
#      with no error. Afterwards pgway has no more file descriptors open than
#      before, and no upstream backends are left.
# Leaks are checked through file descriptors, goroutines (go_goroutines on
# pgway's /metrics) and upstream backends; RSS is printed, not checked.
#
# Clients log in to pgway with auth.trust_loopback: true; PostgreSQL trusts
# loopback. Exits non-zero with a FAIL line naming the drill that failed.
#
# Environment:
#   DRILL_SECONDS  duration of the pgbench and churn drills (default 20)
#   DRILL_CLIENTS  clients in the churn drill (default 1000)
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds="${DRILL_SECONDS:-20}"
churn_clients="${DRILL_CLIENTS:-1000}"
connect_timeout=2s
BENCH_PASSWORD="drill-$RANDOM$RANDOM"

bench_init
build_pgway
build_tool drill

pg_port="$(free_port)"
pgway_port="$(free_port)"
refused_port="$(free_port)"
silent_port="$(free_port)"

log "starting PostgreSQL on 127.0.0.1:$pg_port"
# Every connected churn client keeps an upstream backend while it is connected.
start_postgres pg "$pg_port" $((churn_clients + 100)) trust
psql_admin pg -d postgres -c "alter system set fsync = off" -c "select pg_reload_conf()" >/dev/null
create_bench_role pg
pgbench -i -q -s 10 -h 127.0.0.1 -p "$pg_port" -U bench bench >"$BENCH_DIR/init.log" 2>&1 ||
  die "pgbench -i failed: $(tail -5 "$BENCH_DIR/init.log")"

log "starting pgway on 127.0.0.1:$pgway_port"
http_port="$(free_port)"
PGWAY_TRUST_LOOPBACK=true PGWAY_HTTP_PORT="$http_port" \
  write_pgway_config "$BENCH_DIR/pgway.yaml" "$pgway_port" "$pg_port"
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"
main_pid=$PGWAY_PID

pgway_dsn="host=127.0.0.1 port=$pgway_port user=bench sslmode=disable"
admin_dsn="host=$BENCH_DIR/pg port=$pg_port user=postgres dbname=postgres"

# check_alive fails the drill if pgway has exited.
check_alive() {
  kill -0 "$PGWAY_PID" 2>/dev/null || die "$1: pgway exited, see its log: $(tail -5 "$BENCH_DIR/pgway.log")"
}

log "drill 1: pgbench -c 100 -T $seconds through pgway"
out="$(pgbench -n -c 100 -j 2 -T "$seconds" -h 127.0.0.1 -p "$pgway_port" -U bench bench 2>&1)" ||
  die "drill 1: pgbench exited with an error: $(tail -5 <<<"$out")"
echo "$out" | grep -E '^(number of|latency average|tps)'
grep -q '^number of failed transactions: 0 ' <<<"$out" ||
  die "drill 1: pgbench reported failed transactions: $(grep 'failed' <<<"$out")"
check_alive "drill 1"

log "drill 2: upstream backend terminated mid-query"
"$BENCH_DIR/drill" terminate -dsn "$pgway_dsn dbname=bench" -admin "$admin_dsn" ||
  die "drill 2: a terminated upstream backend was not handled"
check_alive "drill 2"

log "drill 3: upstream unreachable at connect (connect_timeout $connect_timeout)"
# A second pgway has the short connect_timeout. With 2s on the main pgway
# the churn drill failed, because upstream connects waited more than 2 s
# behind 1,000 backend starts.
unreachable_connection() {
  cat <<YAML
  - name: $1
    provider_id: postgres
    owner: bench
    config:
      type: password
      credentials: {host: 127.0.0.1, port: $2, database: bench, username: bench, password: x, sslmode: disable}
YAML
}
second_port="$(free_port)"
PGWAY_TRUST_LOOPBACK=true PGWAY_CONNECT_TIMEOUT=$connect_timeout \
  PGWAY_EXTRA_CONNECTIONS="$(unreachable_connection refused "$refused_port"; unreachable_connection silent "$silent_port")" \
  write_pgway_config "$BENCH_DIR/pgway-unreachable.yaml" "$second_port" "$pg_port"
start_pgway "$BENCH_DIR/pgway-unreachable.yaml" "$second_port"
"$BENCH_DIR/drill" unreachable -dsn "host=127.0.0.1 port=$second_port user=bench sslmode=disable" \
  -refused refused -silent silent \
  -silent-listen "127.0.0.1:$silent_port" -connect-timeout "$connect_timeout" ||
  die "drill 3: an unreachable upstream was not reported as 08001 in time"
check_alive "drill 3"
stop_pid "$PGWAY_PID"
PGWAY_PID=$main_pid

log "drill 4: $churn_clients clients connect and disconnect for $seconds s"
# One session first, so that lazily opened descriptors exist in the baseline.
psql -X -q "$pgway_dsn dbname=bench" -c "select 1" >/dev/null || die "drill 4: warm-up session failed"
fds_before="$(fd_count "$PGWAY_PID")"
goroutines_before="$(goroutines "$http_port")"
rss_before="$(rss_kb "$PGWAY_PID")"
"$BENCH_DIR/drill" churn -dsn "$pgway_dsn dbname=bench" -clients "$churn_clients" -duration "${seconds}s" ||
  die "drill 4: clients failed during the connect/disconnect loop"
check_alive "drill 4"

# Sessions end asynchronously after the client hangs up; allow 10 s.
for _ in $(seq 100); do
  fds_after="$(fd_count "$PGWAY_PID")"
  goroutines_after="$(goroutines "$http_port")"
  backends="$(psql_admin pg -d postgres -tAc "select count(*) from pg_stat_activity where usename = 'bench'")"
  if [ "$fds_after" -le "$fds_before" ] && [ "$goroutines_after" -le "$goroutines_before" ] &&
    [ "$backends" -eq 0 ]; then
    break
  fi
  sleep 0.1
done
echo "pgway file descriptors: before $fds_before, after $fds_after; upstream backends left: $backends"
echo "pgway goroutines: before $goroutines_before, after $goroutines_after"
# Every client here ends with Terminate, so pgway should log no lost
# upstream connection; the count is printed for the record.
echo "pgway log lines \"upstream connection lost\": $(grep -c 'upstream connection lost' "$BENCH_DIR/pgway.log" || true)"
echo "pgway RSS: before $rss_before KiB, after $(rss_kb "$PGWAY_PID") KiB, peak $(peak_rss_kb "$PGWAY_PID") KiB"
[ "$fds_after" -le "$fds_before" ] ||
  die "drill 4: pgway has $fds_after file descriptors open, $fds_before before the churn"
[ "$backends" -eq 0 ] || die "drill 4: $backends upstream backends still open 10 s after the churn"
[ "$goroutines_after" -le "$goroutines_before" ] ||
  die "drill 4: pgway has $goroutines_after goroutines, $goroutines_before before the churn"

log "all drills passed"
