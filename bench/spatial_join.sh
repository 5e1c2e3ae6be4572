#!/usr/bin/env bash
# Times spatial joins of the carto_dw demo warehouse's cities (points) and
# countries (polygons) through pgway and on PostgreSQL 15 with PostGIS, which
# gets the same rows and GiST indexes. Each query runs once on each
# target, PostgreSQL first, and the script compares the two results.
#
# The rows reach PostgreSQL with COPY out of pgway, so both sides have the
# same geometries (EWKB with SRID 4326).
#
# Environment:
#   SPATIAL_QUERIES  names of the queries to run (default: all but
#                    join_dwithin_geography, which PostgreSQL itself takes
#                    more than 10 minutes for, since its GiST indexes are
#                    on geometry, and join_dwithin_points_world, which
#                    counts 1.7 million pairs of cities)
#   SPATIAL_TIMEOUT  seconds after which psql gives up on one query through
#                    pgway (default 900); a query that times out is shown
#                    as "timeout"
#   SPATIAL_PG_PORT, SPATIAL_PGWAY_PORT  ports to listen on (default: free
#                    ports)
# and those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/carto_lib.sh"

queries="${SPATIAL_QUERIES:-exists_bbox_intersects join_intersects join_bbox join_bbox_intersects_outer join_contains join_dwithin_points}"
timeout_seconds="${SPATIAL_TIMEOUT:-900}"

# query_text NAME prints the SQL of one benchmark query.
query_text() {
  case $1 in
    exists_bbox_intersects)
      echo "select count(*) from cities c where exists (select 1 from countries k where k.geom && c.geom and st_intersects(k.geom, c.geom))" ;;
    join_intersects)
      echo "select k.name, count(*) from countries k join cities c on st_intersects(k.geom, c.geom) group by k.name order by k.name" ;;
    join_bbox)
      echo "select k.name, count(*) from countries k join cities c on k.geom && c.geom group by k.name order by k.name" ;;
    join_bbox_intersects_outer)
      echo "select k.name, count(c.name) from countries k left join cities c on k.geom && c.geom and st_intersects(c.geom, k.geom) group by k.name order by k.name" ;;
    join_contains)
      echo "select k.name, count(*) from countries k join cities c on st_contains(k.geom, c.geom) group by k.name order by k.name" ;;
    join_dwithin_points)
      echo "select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, 0.1) where a.country = 'CH' and b.country = 'CH'" ;;
    join_dwithin_points_world)
      echo "select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, 0.1)" ;;
    join_dwithin_geography)
      echo "select k.name, count(*) from countries k join cities c on st_dwithin(c.geom::geography, k.geom::geography, 10000) group by k.name order by k.name" ;;
    *) die "unknown query $1" ;;
  esac
}

# run_timed DSN OUTPUT SQL runs SQL with psql and prints the wall time in
# seconds, "timeout" or "error". The rows, or the error, go to OUTPUT.
run_timed() {
  local dsn=$1 output=$2 sql=$3 start end status=0
  start="$(date +%s.%N)"
  timeout "$timeout_seconds" psql -X -At -v ON_ERROR_STOP=1 "$dsn" -c "$sql" >"$output" 2>&1 || status=$?
  end="$(date +%s.%N)"
  case $status in
    0) awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }' ;;
    124) echo timeout ;;
    *) echo error ;;
  esac
}

bench_init
build_pgway
command -v psql >/dev/null || die "psql not found: apt-get install -y postgresql-client-15"

pg_port="${SPATIAL_PG_PORT:-$(free_port)}"
pgway_port="${SPATIAL_PGWAY_PORT:-$(free_port)}"

log "starting PostgreSQL on 127.0.0.1:$pg_port"
start_postgres pg "$pg_port" 20 trust
psql_admin pg -d postgres -c "create database spatial"
psql_admin pg -d spatial -c "create extension postgis" ||
  die "create extension postgis failed: apt-get install -y postgresql-15-postgis-3"
pg_dsn="host=127.0.0.1 port=$pg_port dbname=spatial user=postgres sslmode=disable"

log "starting pgway on 127.0.0.1:$pgway_port"
write_carto_config "$BENCH_DIR/pgway.yaml" "$pgway_port" disable 20
start_pgway "$BENCH_DIR/pgway.yaml" "$pgway_port"
export PGPASSWORD=demo
pgway_dsn="host=127.0.0.1 port=$pgway_port dbname=carto_dw user=demo sslmode=disable"

log "copying cities and countries from carto_dw to PostgreSQL"
psql_admin pg -d spatial \
  -c "create table cities (name text, country text, admin1 text, admin2 text, lat float8, lng float8, geom geometry(Geometry, 4326))" \
  -c "create table countries (id text, name text, geom geometry(Geometry, 4326))"
for table in cities countries; do
  psql -X -v ON_ERROR_STOP=1 "$pgway_dsn" -c "copy (select * from $table) to stdout" |
    psql_admin pg -d spatial -c "copy $table from stdin"
done
psql_admin pg -d spatial \
  -c "create index on cities using gist (geom)" \
  -c "create index on countries using gist (geom)" \
  -c "vacuum analyze"
for table in cities countries; do
  a="$(psql -X -At "$pgway_dsn" -c "select count(*) from $table")"
  b="$(psql -X -At "$pg_dsn" -c "select count(*) from $table")"
  [ "$a" = "$b" ] || die "$table has $a rows in carto_dw but $b in PostgreSQL"
  echo "# $table: $a rows"
done
echo "# load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

results="$BENCH_DIR/results.tsv"
: >"$results"
for name in $queries; do
  sql="$(query_text "$name")"
  echo "### $name"
  echo "$sql"
  pg_time="$(run_timed "$pg_dsn" "$BENCH_DIR/$name.pg" "$sql")"
  pgway_time="$(run_timed "$pgway_dsn" "$BENCH_DIR/$name.pgway" "$sql")"
  if [ "$pgway_time" = error ]; then
    same="pgway: $(head -1 "$BENCH_DIR/$name.pgway")"
  elif [ "$pg_time" = error ] || [ "$pgway_time" = timeout ]; then
    same="-"
  elif cmp -s "$BENCH_DIR/$name.pg" "$BENCH_DIR/$name.pgway"; then
    same="yes ($(wc -l <"$BENCH_DIR/$name.pg") rows)"
  else
    same="NO"
    diff "$BENCH_DIR/$name.pg" "$BENCH_DIR/$name.pgway" | head -20 || true
  fi
  echo "PostgreSQL: $pg_time, pgway: $pgway_time (seconds), same rows: $same"
  printf '%s\t%s\t%s\t%s\n' "$name" "$pg_time" "$pgway_time" "$same" >>"$results"
done
echo "# load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| query | PostgreSQL s | pgway s | same rows |"
echo "|---|---:|---:|---|"
awk -F'\t' '{ printf "| `%s` | %s | %s | %s |\n", $1, $2, $3, $4 }' "$results"
