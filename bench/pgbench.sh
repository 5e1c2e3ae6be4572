#!/usr/bin/env bash
# Runs pgbench -S (select-only, scale 10) against direct PostgreSQL, PgBouncer
# (session pooling) and pgway (postgres provider), interleaved. For each
# client count and protocol mode the three targets run one after another, so
# drift in the machine's speed hits all three alike.
#
# All three use trust authentication on loopback: PostgreSQL's pg_hba trust,
# PgBouncer's auth_type = trust, and pgway's auth.trust_loopback: true. pgway
# reaches PostgreSQL with SCRAM over plain TCP; PgBouncer with trust.
#
# Prints every pgbench output, then a Markdown table of TPS, average latency
# and the ratios pgway/PgBouncer and pgway/direct.
#
# Environment:
#   BENCH_SECONDS  duration of each run (default 20)
#   BENCH_CLIENTS  client counts (default "1 16 64")
#   BENCH_MODES    pgbench protocol modes (default "simple extended prepared")
#   BENCH_TARGETS  targets (default "direct pgbouncer pgway")
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds="${BENCH_SECONDS:-20}"
clients_list="${BENCH_CLIENTS:-1 16 64}"
modes="${BENCH_MODES:-simple extended prepared}"
targets="${BENCH_TARGETS:-direct pgbouncer pgway}"
BENCH_PASSWORD="bench-$RANDOM$RANDOM"

bench_init
build_pgway

pg_port="$(free_port)"
bouncer_port="$(free_port)"
pgway_port="$(free_port)"

log "starting PostgreSQL on 127.0.0.1:$pg_port"
# 64 clients through each of the three targets, plus PgBouncer's idle pool.
start_postgres pg "$pg_port" 250 trust
create_bench_role pg
log "pgbench -i -s 10"
pgbench -i -q -s 10 -h 127.0.0.1 -p "$pg_port" -U bench bench >"$BENCH_DIR/init.log" 2>&1 ||
  die "pgbench -i failed: $(tail -5 "$BENCH_DIR/init.log")"
psql_admin pg -d bench -c "vacuum analyze"

log "starting PgBouncer on 127.0.0.1:$bouncer_port"
start_pgbouncer "$bouncer_port" "$pg_port" bench bench

log "starting pgway on 127.0.0.1:$pgway_port"
PGWAY_TRUST_LOOPBACK=true write_pgway_config "$BENCH_DIR/pgway.yaml" "$pgway_port" "$pg_port"
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"

target_port() {
  case $1 in
    direct) echo "$pg_port" ;;
    pgbouncer) echo "$bouncer_port" ;;
    pgway) echo "$pgway_port" ;;
    *) die "unknown target $1" ;;
  esac
}

echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
results="$BENCH_DIR/results.tsv"
: >"$results"
for clients in $clients_list; do
  threads=$((clients < 2 ? clients : 2))
  for mode in $modes; do
    for target in $targets; do
      port="$(target_port "$target")"
      cmd=(pgbench -n -S -M "$mode" -c "$clients" -j "$threads" -T "$seconds"
        -h 127.0.0.1 -p "$port" -U bench bench)
      echo "### $target clients=$clients mode=$mode"
      echo "\$ ${cmd[*]}"
      out="$("${cmd[@]}" 2>&1)" || die "pgbench failed against $target: $out"
      echo "$out"
      tps="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")"
      latency="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
      failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$clients" "$mode" "$target" "$tps" "$latency" "${failed:-0}" >>"$results"
    done
  done
done
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| clients | mode | direct TPS | PgBouncer TPS | pgway TPS | direct ms | PgBouncer ms | pgway ms | pgway/PgBouncer | pgway/direct |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '
  { key = $1 "\t" $2; tps[key, $3] = $4; lat[key, $3] = $5
    if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
  function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "-" }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, f, "\t")
      printf "| %s | %s | %.0f | %.0f | %.0f | %.3f | %.3f | %.3f | %s | %s |\n", f[1], f[2],
        tps[k, "direct"], tps[k, "pgbouncer"], tps[k, "pgway"],
        lat[k, "direct"], lat[k, "pgbouncer"], lat[k, "pgway"],
        ratio(tps[k, "pgway"], tps[k, "pgbouncer"]), ratio(tps[k, "pgway"], tps[k, "direct"])
    }
  }' "$results"
