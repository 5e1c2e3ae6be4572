#!/usr/bin/env bash
# Measures pgway's memory per idle authenticated session on the carto_dw
# demo warehouse (DuckDB inside pgway), with and without TLS: RSS (VmRSS)
# with N sessions open minus RSS before, divided by N. The DuckDB engine
# runs inside pgway, so its memory is part of the figure. Each measurement
# starts a fresh pgway with tls.mode allow and a self-signed certificate
# and opens one session to warm it up. It then reads RSS, opens N sessions
# from one bench/idle process (SCRAM-SHA-256 as user demo, sslmode disable
# or require), waits 2 s and reads RSS again.
#
# With IDLE_PROFILE=1 the script also runs each TLS setting once with
# bench/idle_server, which serves the same configuration in-process and
# writes a Go heap profile while the sessions are open, and prints the top
# of that profile. C allocations, such as DuckDB's, are not in it.
#
# Environment:
#   IDLE_SESSIONS          session counts (default "1000 5000")
#   IDLE_SSLMODES          client sslmode values (default "disable require")
#   IDLE_PROFILE           1: also profile the Go heap (default 0)
#   IDLE_PROFILE_SESSIONS  session count of the profiled runs (default 1000)
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/carto_lib.sh"

session_counts="${IDLE_SESSIONS:-1000 5000}"
ssl_modes="${IDLE_SSLMODES:-disable require}"
profile="${IDLE_PROFILE:-0}"
profile_sessions="${IDLE_PROFILE_SESSIONS:-1000}"

bench_init
build_pgway
build_tool idle
make_certificate
if [ "$profile" = 1 ]; then
  build_tool idle_server
  command -v go >/dev/null || die "go not found: go tool pprof reads the profiles"
fi

# Each session takes one descriptor in bench/idle and one in pgway, which
# inherits the limit from this shell.
max_sessions=$profile_sessions
for n in $session_counts; do
  [ "$n" -gt "$max_sessions" ] && max_sessions=$n
done
fd_limit=$((max_sessions + 1024))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$fd_limit" ]; then
  die "the hard limit on open files is $(ulimit -Hn), below the $fd_limit needed for $max_sessions sessions"
fi
ulimit -n "$fd_limit"
export PGPASSWORD=demo

# measure SERVER SSLMODE N starts SERVER (pgway or idle_server) and prints
# its RSS per idle session for N sessions opened with SSLMODE.
measure() {
  local server=$1 sslmode=$2 n=$3
  local port dsn before during out idle_pid pid
  port="$(free_port)"
  write_carto_config "$BENCH_DIR/pgway.yaml" "$port" allow $((n + 100))
  if [ "$server" = pgway ]; then
    start_pgway "$BENCH_DIR/pgway.yaml" "$port"
    pid=$PGWAY_PID
  else
    "$BENCH_DIR/idle_server" -config "$BENCH_DIR/pgway.yaml" -profile "$BENCH_DIR/heap-$sslmode-$n" \
      >"$BENCH_DIR/idle_server.out" 2>>"$BENCH_DIR/pgway.log" &
    pid=$!
    PIDS_TO_STOP+=("$pid")
    wait_ready "$port" "$pid"
  fi

  dsn="host=127.0.0.1 port=$port dbname=carto_dw user=demo sslmode=$sslmode"
  psql -X -q -v ON_ERROR_STOP=1 "$dsn" -c "select name from cities limit 1" >/dev/null ||
    die "the warm-up query through $server failed"
  sleep 1

  before="$(rss_kb "$pid")"
  out="$BENCH_DIR/idle.out"
  "$BENCH_DIR/idle" -dsn "$dsn" -sessions "$n" -hold 8s >"$out" 2>&1 &
  idle_pid=$!
  PIDS_TO_STOP+=("$idle_pid")
  for _ in $(seq 1800); do
    grep -q '^open' "$out" && break
    kill -0 "$idle_pid" 2>/dev/null || die "bench/idle failed: $(cat "$out")"
    sleep 0.1
  done
  grep -q '^open' "$out" || die "bench/idle did not open $n sessions in 180 s"
  sleep 2

  during="$(rss_kb "$pid")"
  echo "server=$server sslmode=$sslmode sessions=$n rss_before_kib=$before rss_with_sessions_kib=$during" \
    "per_session_kib=$(awk -v a="$before" -v b="$during" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }')" \
    "threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status") fds=$(fd_count "$pid")"
  if [ "$server" = idle_server ]; then
    kill -USR1 "$pid"
    for _ in $(seq 100); do
      grep -q '^profile=' "$BENCH_DIR/idle_server.out" && break
      sleep 0.1
    done
    cat "$BENCH_DIR/idle_server.out"
  fi

  wait "$idle_pid" || die "bench/idle failed: $(cat "$out")"
  stop_pid "$pid"
  if [ "$server" = idle_server ]; then
    echo "\$ go tool pprof -top -sample_index=inuse_space heap-$sslmode-$n-1.pprof | head -25"
    (cd "$REPO_ROOT" && go tool pprof -top -sample_index=inuse_space \
      "$BENCH_DIR/idle_server" "$BENCH_DIR/heap-$sslmode-$n-1.pprof" 2>/dev/null | head -25)
  fi
}

echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# open files limit: $(ulimit -n)"
for sslmode in $ssl_modes; do
  for n in $session_counts; do
    echo "### pgway sslmode=$sslmode sessions=$n"
    measure pgway "$sslmode" "$n"
  done
done
if [ "$profile" = 1 ]; then
  for sslmode in $ssl_modes; do
    echo "### idle_server (heap profile) sslmode=$sslmode sessions=$profile_sessions"
    measure idle_server "$sslmode" "$profile_sessions"
  done
fi
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
