#!/usr/bin/env bash
# deploy/postgres/start.sh — a private PostgreSQL cluster in $REX_STATE_DIR/postgres.
#   - installs Debian's server binaries if missing (install.sh)
#   - initdb once (as OS user 'postgres' when run as root)
#     auth: unix socket (in the state dir, mode 0700) = trust for the superuser 'postgres';
#           TCP 127.0.0.1 = scram-sha-256 password
#   - starts on $REX_PG_HOST:$REX_PG_PORT, max_connections=300
#     (REX_PG_FAST=1: fsync/synchronous_commit/full_page_writes/autovacuum off — tests only;
#      an autovacuum worker in a test database made DROP DATABASE … WITH (FORCE) fail:
#      a non-superuser may not terminate it)
#   - creates role $REX_PG_USER (LOGIN CREATEDB, password $REX_PG_PASSWORD) and the
#     databases $REX_PG_DB and ${REX_PG_DB}_test owned by it
# Safe to run again: an initialised cluster is kept, a running one is left alone.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../env.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/env.sh"
export REX_LOG_TAG=postgres

bindir="$("$REX_DEPLOY_DIR/postgres/install.sh" --print-bindir)"

# Run a command as the cluster owner: 'postgres' when we are root, else ourselves.
if [[ "$(id -u)" -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || rex_die "OS user 'postgres' is missing (it comes with the postgresql package)"
  as_pg() { runuser -u postgres -- "$@"; }
  owner=(-o postgres -g postgres)
else
  as_pg() { "$@"; }
  owner=()
fi

mkdir -p "$REX_PG_STATE"
install -d -m 0700 "${owner[@]}" "$REX_PG_DATA" "$REX_PG_SOCKET_DIR"
install -d -m 0750 "${owner[@]}" "$REX_PG_LOGDIR"
as_pg test -w "$REX_PG_DATA" ||
  rex_die "user 'postgres' cannot reach $REX_PG_DATA (a parent folder is not traversable?); set REX_STATE_DIR elsewhere"

# --- initdb (once) -----------------------------------------------------------------
if [[ ! -s "$REX_PG_DATA/PG_VERSION" ]]; then
  if [[ -n "$(ls -A "$REX_PG_DATA")" ]]; then
    rex_log "removing a half-initialised data dir (no PG_VERSION): $REX_PG_DATA"
    find "$REX_PG_DATA" -mindepth 1 -delete
  fi
  rex_log "initdb $REX_PG_DATA ($("$bindir/postgres" --version))"
  as_pg "$bindir/initdb" -D "$REX_PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$REX_PG_LOGDIR/initdb.log" 2>&1 ||
    { tail -n 20 "$REX_PG_LOGDIR/initdb.log" >&2; rex_die "initdb failed (log: $REX_PG_LOGDIR/initdb.log)"; }
else
  rex_log "data dir already initialised: $REX_PG_DATA"
fi

psql_super() {
  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$REX_PG_SOCKET_DIR" -p "$REX_PG_PORT" -U postgres -d postgres "$@"
}

# --- start ---------------------------------------------------------------------------
if as_pg "$bindir/pg_ctl" -D "$REX_PG_DATA" status >/dev/null 2>&1; then
  rex_log "already running (data $REX_PG_DATA, port $REX_PG_PORT)"
  fsync_now="$(psql_super -At -c 'show fsync')"
  if [[ "$REX_PG_FAST" == 1 && "$fsync_now" == on ]] || [[ "$REX_PG_FAST" != 1 && "$fsync_now" == off ]]; then
    rex_log "WARNING: running with fsync=$fsync_now but REX_PG_FAST=$REX_PG_FAST; run deploy/postgres/stop.sh first to switch"
  fi
else
  opts="-c listen_addresses=$REX_PG_HOST -p $REX_PG_PORT -c unix_socket_directories='$REX_PG_SOCKET_DIR'"
  opts+=" -c max_connections=300"
  if [[ "$REX_PG_FAST" == 1 ]]; then
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off"
    mode="FAST (fsync off: tests only)"
  else
    mode="durable"
  fi
  rex_log "starting on $REX_PG_HOST:$REX_PG_PORT, $mode; log $REX_PG_LOG"
  if ! as_pg "$bindir/pg_ctl" -D "$REX_PG_DATA" -l "$REX_PG_LOG" -w -t 60 -o "$opts" start >/dev/null; then
    tail -n 20 "$REX_PG_LOG" >&2 || true
    rex_die "pg_ctl start failed (log: $REX_PG_LOG)"
  fi
  rex_log "started (pid $(head -n 1 "$REX_PG_DATA/postmaster.pid"))"
fi

# --- role and databases (idempotent) -------------------------------------------------
psql_super -v user="$REX_PG_USER" -v pw="$REX_PG_PASSWORD" \
  -v db="$REX_PG_DB" -v testdb="${REX_PG_DB}_test" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', d, :'user')
  FROM unnest(ARRAY[:'db', :'testdb']) AS d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', d, :'user')
  FROM unnest(ARRAY[:'db', :'testdb']) AS d \gexec
SQL
rex_log "role '$REX_PG_USER' and databases '$REX_PG_DB', '${REX_PG_DB}_test' ready"

# Prove the password login over TCP works, as the services will use it.
PGPASSWORD="$REX_PG_PASSWORD" PGCONNECT_TIMEOUT=10 "$bindir/psql" -X -q -At \
  "postgresql://$REX_PG_USER@$REX_PG_HOST:$REX_PG_PORT/$REX_PG_DB" -c 'select 1' >/dev/null ||
  rex_die "TCP password login as $REX_PG_USER failed"
rex_log "DSN: $REX_PG_DSN"
