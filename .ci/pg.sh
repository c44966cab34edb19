#!/usr/bin/env bash
# PostgreSQL 15 for the tests and server mode, in the project's own ignored folder .pg/:
#   bash .ci/pg.sh start   installs postgresql-15 and libpq-dev when missing (apt, as root or
#                          through sudo), creates the cluster on first use, starts it on a free
#                          local port, creates the database, prints its URL; idempotent
#   bash .ci/pg.sh url     prints the URL of the running cluster
#   bash .ci/pg.sh stop    stops it (the data stays for the next start)
# The port is picked free at each start and recorded in .pg/port, so two clones of the project
# can run side by side on one machine; the socket lives in .pg/ too. PostgreSQL refuses to run
# as root (CI runs as root): then initdb and pg_ctl run as the postgres user, which owns .pg/.
# Local connections are trusted (a machine's own tests and a server behind it); do not open the
# port to a network. AIGUILLAGE_PG_FAST=1 trades durability for speed (fsync off): tests only.
# AIGUILLAGE_PG_DIR moves the folder (default: .pg in the project); AIGUILLAGE_PG_PORT fixes the port.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${AIGUILLAGE_PG_DIR:-$root/.pg}"
bin=/usr/lib/postgresql/15/bin
user=aiguillage
database=aiguillage

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing() {
  [ -x "$bin/pg_ctl" ] && command -v pg_config >/dev/null 2>&1 && return
  echo "pg: installing postgresql-15 and libpq-dev" >&2
  local sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-15 libpq-dev >/dev/null
}

running() {
  [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

url() {
  echo "postgres://$user@127.0.0.1:$(cat "$dir/port")/$database"
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  install_if_missing
  mkdir -p "$dir"
  [ "$(id -u)" = "0" ] && chown postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    # C.UTF-8: byte-order collation, as SQLite compares text, and UTF-8 for every name.
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U "$user" -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  fi
  if ! running; then
    if [ -n "${AIGUILLAGE_PG_PORT:-}" ]; then echo "$AIGUILLAGE_PG_PORT" > "$dir/port"; else free_port > "$dir/port"; fi
    local fast=""
    [ "${AIGUILLAGE_PG_FAST:-}" = "1" ] && fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/pg.log" -w -t 60 \
      -o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 $fast" start >/dev/null
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$(cat "$dir/port")" -U "$user" -d postgres -v ON_ERROR_STOP=1 -tAq)
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    "${psql[@]}" -c "CREATE DATABASE $database"
  fi
  url
}

stop() {
  if running; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) running || { echo "pg: not running (bash .ci/pg.sh start)" >&2; exit 1; }; url ;;
  *) echo "usage: bash .ci/pg.sh start|stop|url" >&2; exit 2 ;;
esac
