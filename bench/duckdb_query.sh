#!/usr/bin/env bash
# Runs a single-row query with pgbench through pgway on the carto_dw demo
# warehouse (DuckDB inside pgway) and, for scale, on a PostgreSQL that contains
# the same cities table with a primary key. The two run one after another
# for each client count and protocol mode.
#
# The query selects one city name by key. DuckDB's cities table has no key
# column, so pgway's query uses DuckDB's rowid (0 to rows - 1). The
# PostgreSQL table, copied out of pgway with COPY, gets the same numbers as
# its primary key id. Two pgway variants run:
#   pgway        a random key per query, like the direct run
#   pgway_fixed  always rowid 42, so the simple protocol sends one query
#                string over and over, which hits pgway's SQL translation
#                cache; with a random literal every query string is new
# In extended and prepared modes the key is a parameter and the query string
# is the same for every query in both variants.
#
# Authentication: pgbench logs in to pgway as demo with SCRAM-SHA-256 and to
# PostgreSQL with trust. Only the first connection pays for it, and pgbench
# reports TPS without the connection time.
#
# Environment:
#   BENCH_SECONDS  duration of each run (default 20)
#   BENCH_CLIENTS  client counts (default "1 16")
#   BENCH_MODES    pgbench protocol modes (default "simple extended prepared")
#   BENCH_TARGETS  targets (default "direct pgway pgway_fixed")
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/carto_lib.sh"

seconds="${BENCH_SECONDS:-20}"
clients_list="${BENCH_CLIENTS:-1 16}"
modes="${BENCH_MODES:-simple extended prepared}"
targets="${BENCH_TARGETS:-direct pgway pgway_fixed}"
BENCH_PASSWORD="bench-$RANDOM$RANDOM"

bench_init
build_pgway

pg_port="$(free_port)"
pgway_port="$(free_port)"

log "starting PostgreSQL on 127.0.0.1:$pg_port"
start_postgres pg "$pg_port" 50 trust
create_bench_role pg

log "starting pgway on 127.0.0.1:$pgway_port"
write_carto_config "$BENCH_DIR/pgway.yaml" "$pgway_port" disable 100
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"
export PGPASSWORD=demo
pgway_dsn="host=127.0.0.1 port=$pgway_port dbname=carto_dw user=demo sslmode=disable"

log "copying cities from carto_dw to PostgreSQL"
psql_admin pg -d bench -c "create table cities (id bigint primary key, name text, country text,
  admin1 text, admin2 text, lat float8, lng float8)" -c "alter table cities owner to bench"
psql -X -v ON_ERROR_STOP=1 "$pgway_dsn" \
  -c "copy (select rowid, name, country, admin1, admin2, lat, lng from cities) to stdout" |
  psql_admin pg -d bench -c "copy cities from stdin"
psql_admin pg -d bench -c "vacuum analyze cities"
rows="$(psql -X -At -v ON_ERROR_STOP=1 "$pgway_dsn" -c "select count(*) from cities")"
direct_rows="$(psql_admin pg -d bench -At -c "select count(*) from cities")"
[ "$rows" = "$direct_rows" ] || die "cities has $rows rows in carto_dw but $direct_rows in PostgreSQL"
for key in 0 42 $((rows - 1)); do
  a="$(psql -X -At "$pgway_dsn" -c "select name from cities where rowid = $key")"
  b="$(psql_admin pg -d bench -At -c "select name from cities where id = $key")"
  [ "$a" = "$b" ] || die "key $key: carto_dw has name '$a', PostgreSQL '$b'"
done

# The scripts pgbench runs, one transaction each.
printf '\\set k random(0, :max_key)\nselect name from cities where id = :k;\n' \
  >"$BENCH_DIR/direct.sql"
printf '\\set k random(0, :max_key)\nselect name from cities where rowid = :k;\n' \
  >"$BENCH_DIR/pgway.sql"
printf 'select name from cities where rowid = 42;\n' >"$BENCH_DIR/pgway_fixed.sql"
chmod 644 "$BENCH_DIR"/*.sql

echo "# cities: $rows rows"
echo "# DuckDB's plan and timing for one lookup:"
psql -X -v ON_ERROR_STOP=1 "$pgway_dsn" -c "explain analyze select name from cities where rowid = 42"
echo "# the scripts:"
for target in $targets; do
  echo "## $target.sql"
  cat "$BENCH_DIR/$target.sql"
done
echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
results="$BENCH_DIR/results.tsv"
: >"$results"
for clients in $clients_list; do
  threads=$((clients < 2 ? clients : 2))
  for mode in $modes; do
    for target in $targets; do
      case $target in
        direct) target_args=(-h 127.0.0.1 -p "$pg_port" -U bench bench) ;;
        pgway | pgway_fixed) target_args=(-h 127.0.0.1 -p "$pgway_port" -U demo carto_dw) ;;
        *) die "unknown target $target" ;;
      esac
      cmd=(pgbench -n -f "$BENCH_DIR/$target.sql" -D "max_key=$((rows - 1))" -M "$mode"
        -c "$clients" -j "$threads" -T "$seconds" "${target_args[@]}")
      echo "### $target clients=$clients mode=$mode"
      echo "\$ pgbench -n -f $target.sql -D max_key=$((rows - 1)) -M $mode -c $clients -j $threads -T $seconds ${target_args[*]}"
      out="$("${cmd[@]}" 2>&1)" || die "pgbench failed against $target: $out"
      echo "$out"
      tps="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")"
      latency="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
      printf '%s\t%s\t%s\t%s\t%s\n' "$clients" "$mode" "$target" "$tps" "$latency" >>"$results"
    done
  done
done
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# pgway RSS after the runs: $(rss_kb "$PGWAY_PID") KiB"

echo
echo "| clients | mode | direct TPS | pgway TPS | pgway fixed-key TPS | direct ms | pgway ms | pgway fixed-key ms | pgway/direct |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '
  { key = $1 "\t" $2; tps[key, $3] = $4; lat[key, $3] = $5
    if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
  function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.3f", a / b) : "-" }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, f, "\t")
      printf "| %s | %s | %.0f | %.0f | %.0f | %.3f | %.3f | %.3f | %s |\n", f[1], f[2],
        tps[k, "direct"], tps[k, "pgway"], tps[k, "pgway_fixed"],
        lat[k, "direct"], lat[k, "pgway"], lat[k, "pgway_fixed"],
        ratio(tps[k, "pgway"], tps[k, "direct"])
    }
  }' "$results"
