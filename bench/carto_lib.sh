# Shared function for the bench/ scripts that measure the carto_dw demo
# warehouse. Source it after lib.sh; do not run it.

# write_carto_config FILE PORT TLS_MODE MAX_CONNECTIONS writes a pgway
# configuration that listens on PORT and serves the demo warehouse as the
# connection carto_dw to the user demo, who logs in with the password demo
# (SCRAM-SHA-256), as `pgway serve` without --config does. TLS_MODE is
# disable, allow or require; the last two use make_certificate's files.
write_carto_config() {
  local file=$1 port=$2 tls_mode=$3 max_connections=$4
  local verifier tls_files=""
  verifier="$(hash_password demo)"
  if [ "$tls_mode" != disable ]; then
    tls_files="  cert_file: $BENCH_DIR/server.crt
  key_file: $BENCH_DIR/server.key"
  fi
  cat >"$file" <<YAML
listen: 127.0.0.1:$port
tls:
  mode: $tls_mode
$tls_files
limits:
  max_connections: $max_connections
log:
  level: warn
organization: demo
users:
  - name: demo
    scram_sha_256: '$verifier'
connections:
  - name: carto_dw
    provider_id: carto_dw
    owner: demo
    privacy: organization
    config:
      type: embedded
YAML
}
