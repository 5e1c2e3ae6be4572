# Shared functions for the bench/ scripts. Source it; do not run it.
#
# Every server started here listens on 127.0.0.1 on a free port, lives in one
# temporary directory, and is stopped by the EXIT trap that bench_init sets.
# PostgreSQL and PgBouncer refuse to run as root, so they run as the postgres
# OS user, and the temporary directory belongs to that user.
#
# Environment:
#   PGWAY_BIN   use this pgway binary instead of building ./cmd/pgway
#   BENCH_KEEP  set to 1 to keep the temporary directory (logs, configs)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

BENCH_DIR=""
PIDS_TO_STOP=()
PG_DATA_DIRS=()

# bench_init creates the temporary directory and installs the cleanup trap.
bench_init() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    die "initdb not found in $PG_BIN: install postgresql-15 or set PG_BIN"
  fi
  command -v ss >/dev/null || die "ss not found: apt-get install -y iproute2"
  command -v pg_isready >/dev/null || die "pg_isready not found: apt-get install -y postgresql-client-15"
  if ! id postgres >/dev/null 2>&1; then
    die "the postgres OS user is missing: PostgreSQL and PgBouncer run as that user"
  fi
  BENCH_DIR="$(mktemp -d /tmp/pgway-bench.XXXXXX)"
  chown postgres: "$BENCH_DIR"
  chmod 755 "$BENCH_DIR"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local status=$?
  local pid dir
  for pid in "${PIDS_TO_STOP[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS_TO_STOP[@]}"; do
    wait_gone "$pid" 50
  done
  for dir in "${PG_DATA_DIRS[@]}"; do
    as_postgres "$PG_BIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "kept $BENCH_DIR" >&2
  elif [ -n "$BENCH_DIR" ]; then
    rm -rf "$BENCH_DIR"
  fi
  return "$status"
}

die() {
  echo "FAIL: $*" >&2
  exit 1
}

log() {
  echo "== $*" >&2
}

as_postgres() {
  runuser -u postgres -- "$@"
}

# wait_gone waits up to TRIES tenths of a second for process PID to exit.
wait_gone() {
  local pid=$1 tries=$2
  while [ "$tries" -gt 0 ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1
    tries=$((tries - 1))
  done
}

# free_port prints a TCP port that no socket on this machine uses. It picks
# from below the kernel's ephemeral range, where outgoing connections cannot
# take the port between this check and the server's bind.
free_port() {
  local low port tries=200
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)"
  [ "$low" -gt 11000 ] || die "the ephemeral port range starts at $low: no room for servers below it"
  while [ "$tries" -gt 0 ]; do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! ss -Htan "sport = :$port" | grep -q .; then
      echo "$port"
      return 0
    fi
    tries=$((tries - 1))
  done
  die "no free TCP port found after 200 tries"
}

# wait_ready PORT [PID] waits up to 60 seconds for a PostgreSQL-protocol
# server on PORT, and stops waiting if process PID exits. A first start of a
# freshly built pgway (about 100 MB with DuckDB linked in) once took more
# than 15 s on a loaded 2-core machine.
wait_ready() {
  local port=$1 pid=${2:-} tries=600
  while [ "$tries" -gt 0 ]; do
    if pg_isready -q -h 127.0.0.1 -p "$port" -t 1; then
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      die "the server for 127.0.0.1:$port exited before it accepted connections"
    fi
    sleep 0.1
    tries=$((tries - 1))
  done
  die "no server responds on 127.0.0.1:$port after 60 s"
}

# start_postgres NAME PORT MAX_CONNECTIONS AUTH [SSL]
# initializes and starts a cluster in $BENCH_DIR/NAME. AUTH is trust or
# scram-sha-256 for TCP clients from 127.0.0.1; the postgres superuser always
# gets in with trust over the Unix socket in $BENCH_DIR/NAME. SSL=on turns on
# TLS with the certificate made by make_certificate.
start_postgres() {
  local name=$1 port=$2 max_conn=$3 auth=$4 ssl=${5:-off}
  local dir="$BENCH_DIR/$name"
  install -d -o postgres -m 700 "$dir"
  as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
    >"$dir/initdb.log" 2>&1 || die "initdb failed, see $dir/initdb.log"
  {
    echo "local all all trust"
    echo "host all all 127.0.0.1/32 $auth"
  } >"$dir/data/pg_hba.conf"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = $max_conn"
    echo "shared_buffers = 256MB"
    echo "password_encryption = 'scram-sha-256'"
    echo "logging_collector = off"
    if [ "$ssl" = on ]; then
      install -o postgres -m 600 "$BENCH_DIR/server.crt" "$BENCH_DIR/server.key" "$dir/data/"
      echo "ssl = on"
      echo "ssl_cert_file = 'server.crt'"
      echo "ssl_key_file = 'server.key'"
    fi
  } >>"$dir/data/postgresql.conf"
  chown postgres: "$dir/data/pg_hba.conf"
  PG_DATA_DIRS+=("$dir/data")
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null ||
    die "PostgreSQL did not start, see $dir/server.log"
}

# psql_admin NAME ARGS... runs psql as the postgres superuser over the Unix
# socket of cluster NAME.
psql_admin() {
  local name=$1
  shift
  local port
  port="$(grep -E '^port = ' "$BENCH_DIR/$name/data/postgresql.conf" | tail -1 | cut -d' ' -f3)"
  psql -X -q -v ON_ERROR_STOP=1 -h "$BENCH_DIR/$name" -p "$port" -U postgres "$@"
}

# make_certificate writes a self-signed certificate for 127.0.0.1 to
# $BENCH_DIR/server.crt and server.key.
make_certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$BENCH_DIR/server.key" -out "$BENCH_DIR/server.crt" >/dev/null 2>&1 ||
    die "openssl could not make a test certificate"
  chmod 644 "$BENCH_DIR/server.crt" "$BENCH_DIR/server.key"
}

# start_pgbouncer PORT PG_PORT DATABASE USER starts PgBouncer in session
# pooling mode with trust authentication, which matches the other targets of
# the pgbench runs.
start_pgbouncer() {
  local port=$1 pg_port=$2 database=$3 user=$4
  local dir="$BENCH_DIR/pgbouncer"
  command -v pgbouncer >/dev/null || die "pgbouncer not found: apt-get install -y pgbouncer"
  install -d -o postgres "$dir"
  echo "\"$user\" \"\"" >"$dir/userlist.txt"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
$database = host=127.0.0.1 port=$pg_port dbname=$database

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = session
max_client_conn = 300
default_pool_size = 120
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  chown postgres: "$dir"/*
  # -d detaches, so the pidfile contains the id of pgbouncer itself.
  as_postgres pgbouncer -d "$dir/pgbouncer.ini" >>"$dir/stderr.log" 2>&1 ||
    die "pgbouncer did not start: $(tail -3 "$dir/pgbouncer.log" 2>/dev/null)"
  local tries=50
  while [ ! -s "$dir/pgbouncer.pid" ] && [ "$tries" -gt 0 ]; do
    sleep 0.1
    tries=$((tries - 1))
  done
  PGBOUNCER_PID="$(cat "$dir/pgbouncer.pid")" || die "pgbouncer wrote no pidfile"
  PIDS_TO_STOP+=("$PGBOUNCER_PID")
  wait_ready "$port"
}

# build_pgway sets PGWAY to a pgway binary: $PGWAY_BIN when set, else one
# built from this repository.
build_pgway() {
  if [ -n "${PGWAY_BIN:-}" ]; then
    PGWAY="$PGWAY_BIN"
    return
  fi
  PGWAY="$BENCH_DIR/pgway"
  log "building pgway"
  (cd "$REPO_ROOT" && go build -o "$PGWAY" ./cmd/pgway) || die "go build ./cmd/pgway failed"
}

# build_tool NAME builds the Go program bench/NAME into $BENCH_DIR/NAME.
build_tool() {
  local name=$1
  (cd "$REPO_ROOT" && go build -o "$BENCH_DIR/$name" "./bench/$name") ||
    die "go build ./bench/$name failed"
}

# hash_password PASSWORD prints its SCRAM-SHA-256 verifier.
hash_password() {
  printf '%s' "$1" | "$PGWAY" hash-password
}

# start_pgway CONFIG PORT starts pgway with the configuration file CONFIG,
# logging to $BENCH_DIR/pgway.log, and sets PGWAY_PID. PGWAY_PREFIX, when
# set, is a command line put in front of pgway (valgrind, for one).
start_pgway() {
  local config=$1 port=$2
  "$PGWAY" check-config --config "$config" >"$BENCH_DIR/check-config.log" 2>&1 ||
    die "pgway check-config rejected $config: $(cat "$BENCH_DIR/check-config.log")"
  ${PGWAY_PREFIX:-} "$PGWAY" serve --config "$config" >>"$BENCH_DIR/pgway.log" 2>&1 &
  PGWAY_PID=$!
  PIDS_TO_STOP+=("$PGWAY_PID")
  if ! (wait_ready "$port" "$PGWAY_PID"); then
    die "pgway did not start; the end of its log: $(tail -5 "$BENCH_DIR/pgway.log")"
  fi
}

# stop_pid PID stops one process that this script started and waits for it.
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  wait_gone "$pid" 300
  wait "$pid" 2>/dev/null || true
}

# peak_rss_kb PID prints the process's peak resident set size (VmHWM) in KiB.
peak_rss_kb() {
  awk '/^VmHWM:/ {print $2}' "/proc/$1/status"
}

# rss_kb PID prints the process's resident set size (VmRSS) in KiB.
rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

# reset_peak_rss PID sets the process's VmHWM back to its current RSS.
reset_peak_rss() {
  echo 5 >"/proc/$1/clear_refs"
}

fd_count() {
  find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l
}

# write_pgway_config FILE PORT PG_PORT writes a pgway configuration that
# listens on PORT and serves one connection, "bench", relayed to database
# bench as role bench on the PostgreSQL at PG_PORT. User bench logs in with
# the password in $BENCH_PASSWORD (SCRAM-SHA-256). Optional settings come
# from the environment:
#   PGWAY_TRUST_LOOPBACK  true: loopback clients log in without a password
#   PGWAY_TLS_MODE        disable (default) or require, with make_certificate's files
#   PGWAY_CONNECT_TIMEOUT limits.connect_timeout (default 10s)
#   PGWAY_EXTRA_CONNECTIONS  YAML lines appended to the connections list
#   PGWAY_HTTP_PORT       serve /metrics on this port of 127.0.0.1
write_pgway_config() {
  local file=$1 port=$2 pg_port=$3
  local verifier tls_files="" http_listen=""
  verifier="$(hash_password "$BENCH_PASSWORD")"
  if [ "${PGWAY_TLS_MODE:-disable}" != disable ]; then
    tls_files="  cert_file: $BENCH_DIR/server.crt
  key_file: $BENCH_DIR/server.key"
  fi
  if [ -n "${PGWAY_HTTP_PORT:-}" ]; then
    http_listen="http:
  listen: 127.0.0.1:$PGWAY_HTTP_PORT"
  fi
  cat >"$file" <<YAML
listen: 127.0.0.1:$port
$http_listen
tls:
  mode: ${PGWAY_TLS_MODE:-disable}
$tls_files
limits:
  max_connections: 2000
  connect_timeout: ${PGWAY_CONNECT_TIMEOUT:-10s}
auth:
  trust_loopback: ${PGWAY_TRUST_LOOPBACK:-false}
log:
  level: warn
organization: bench
users:
  - name: bench
    scram_sha_256: '$verifier'
connections:
  - name: bench
    provider_id: postgres
    owner: bench
    config:
      type: password
      credentials:
        host: 127.0.0.1
        port: $pg_port
        database: bench
        username: bench
        password: '$BENCH_PASSWORD'
        sslmode: disable
${PGWAY_EXTRA_CONNECTIONS:-}
YAML
}

# goroutines PORT prints the go_goroutines gauge of the pgway whose HTTP
# listener is on PORT of 127.0.0.1.
goroutines() {
  local response
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  response="$(cat <&3)"
  exec 3<&-
  awk '/^go_goroutines / { print $2 }' <<<"$response"
}

# create_bench_role NAME creates role and database bench, with password
# $BENCH_PASSWORD, in cluster NAME.
create_bench_role() {
  psql_admin "$1" -d postgres \
    -c "create role bench login password '$BENCH_PASSWORD'" \
    -c "create database bench owner bench"
}
