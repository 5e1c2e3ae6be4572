#!/usr/bin/env bash
# Counts the user-space instructions that pgway and PgBouncer execute per
# pgbench -S transaction, with valgrind --tool=callgrind. The count does not
# move with machine noise, unlike TPS. Kernel time (the socket system calls)
# is not counted.
#
# Each proxy runs twice under callgrind, once for SHORT and once for LONG
# transactions per client. The difference of the two totals, divided by the
# difference in transactions, leaves out the cost of start, connection setup
# and shutdown. perf stat -e instructions is not used because the hardware
# counter is not available on this machine ("<not supported>").
#
# Environment:
#   INSN_CLIENTS  pgbench clients (default 4)
#   INSN_SHORT    transactions per client in the short run (default 1000)
#   INSN_LONG     transactions per client in the long run (default 3000)
#   INSN_MODES    pgbench protocol modes (default "simple prepared")
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

clients="${INSN_CLIENTS:-4}"
short="${INSN_SHORT:-1000}"
long="${INSN_LONG:-3000}"
modes="${INSN_MODES:-simple prepared}"
BENCH_PASSWORD="bench-$RANDOM$RANDOM"

command -v valgrind >/dev/null || die "valgrind not found: apt-get install -y valgrind"
bench_init
build_pgway

pg_port="$(free_port)"
start_postgres pg "$pg_port" 100 trust
create_bench_role pg
pgbench -i -q -s 10 -h 127.0.0.1 -p "$pg_port" -U bench bench >"$BENCH_DIR/init.log" 2>&1 ||
  die "pgbench -i failed: $(tail -5 "$BENCH_DIR/init.log")"

# callgrind_total FILE prints the instruction total of a callgrind output file.
callgrind_total() {
  awk '/^(summary|totals):/ {print $2; exit}' "$1"
}

# run_under_callgrind TARGET MODE TRANSACTIONS starts TARGET under callgrind,
# runs pgbench through it, stops it and sets INSTRUCTIONS to the total. It
# runs in this shell, not in a $(...) subshell, so that the EXIT trap still
# stops TARGET when something fails.
run_under_callgrind() {
  local target=$1 mode=$2 transactions=$3
  local port out pid
  port="$(free_port)"
  out="$BENCH_DIR/callgrind.$target.$mode.$transactions"
  case $target in
    pgway)
      PGWAY_TRUST_LOOPBACK=true write_pgway_config "$BENCH_DIR/pgway.yaml" "$port" "$pg_port"
      # Callgrind (valgrind 3.19) aborts with an assertion in
      # vgCallgrind_post_signal on the signals of Go's asynchronous
      # preemption, so pgway runs without it.
      GODEBUG=asyncpreemptoff=1 PGWAY_PREFIX="valgrind --tool=callgrind --callgrind-out-file=$out" \
        start_pgway "$BENCH_DIR/pgway.yaml" "$port"
      pid="$PGWAY_PID"
      ;;
    pgbouncer)
      start_pgbouncer_under_callgrind "$port" "$out"
      pid="$PGBOUNCER_PID"
      ;;
  esac
  pgbench -n -S -M "$mode" -c "$clients" -j 1 -t "$transactions" \
    -h 127.0.0.1 -p "$port" -U bench bench >"$out.pgbench" 2>&1 ||
    die "pgbench through $target failed: $(tail -3 "$out.pgbench")"
  grep -q "^number of failed transactions: 0 " "$out.pgbench" ||
    die "pgbench through $target had failed transactions, see $out.pgbench"
  if [ "$target" = pgway ]; then
    # Callgrind also aborts on SIGTERM, which shuts pgway down, so
    # the counts are dumped to $out.1 first and pgway is killed.
    callgrind_control -d "$pid" >/dev/null 2>&1 || die "callgrind_control -d $pid failed"
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    out="$out.1"
  else
    stop_pid "$pid"
  fi
  INSTRUCTIONS="$(callgrind_total "$out")"
  [ -n "$INSTRUCTIONS" ] || die "no instruction total in $out"
}

# start_pgbouncer_under_callgrind PORT OUT is start_pgbouncer without -d:
# valgrind cannot follow pgbouncer's fork into the background.
start_pgbouncer_under_callgrind() {
  local port=$1 out=$2
  local dir="$BENCH_DIR/pgbouncer"
  rm -rf "$dir"
  install -d -o postgres "$dir"
  echo '"bench" ""' >"$dir/userlist.txt"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
bench = host=127.0.0.1 port=$pg_port dbname=bench

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = session
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  chown postgres: "$dir"/*
  touch "$out"
  chown postgres: "$out"
  runuser -u postgres -- valgrind --tool=callgrind --callgrind-out-file="$out" \
    pgbouncer "$dir/pgbouncer.ini" >>"$dir/stderr.log" 2>&1 &
  wait_ready "$port"
  PGBOUNCER_PID="$(cat "$dir/pgbouncer.pid")"
  PIDS_TO_STOP+=("$PGBOUNCER_PID")
}

echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| mode | proxy | instructions (short run) | instructions (long run) | instructions per transaction |"
echo "|---|---|---:|---:|---:|"
for mode in $modes; do
  for target in pgbouncer pgway; do
    run_under_callgrind "$target" "$mode" "$short"
    first=$INSTRUCTIONS
    run_under_callgrind "$target" "$mode" "$long"
    second=$INSTRUCTIONS
    per_tx=$(((second - first) / ((long - short) * clients)))
    echo "| $mode | $target | $first | $second | $per_tx |"
  done
done
echo "# each run: pgbench -n -S -M MODE -c $clients -j 1 -t SHORT|LONG (SHORT=$short, LONG=$long)"
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
