#!/usr/bin/env bash
# deploy/postgres/stop.sh — stop the private cluster (pg_ctl stop -m fast). Fine when not running.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../env.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/env.sh"
export REX_LOG_TAG=postgres

if [[ ! -s "$REX_PG_DATA/PG_VERSION" ]]; then
  rex_log "not initialised ($REX_PG_DATA): nothing to stop"
  exit 0
fi
bindir="$("$REX_DEPLOY_DIR/postgres/install.sh" --print-bindir)"
if [[ "$(id -u)" -eq 0 ]]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

if as_pg "$bindir/pg_ctl" -D "$REX_PG_DATA" status >/dev/null 2>&1; then
  rex_log "stopping (fast)"
  as_pg "$bindir/pg_ctl" -D "$REX_PG_DATA" -m fast -w -t 60 stop >/dev/null
  rex_log "stopped"
else
  rex_log "not running"
fi
