#!/usr/bin/env bash
# deploy/kafka/stop.sh — stop the broker started by kafka/start.sh. Fine when not running.
#   stop.sh          graceful: SIGTERM, wait up to REX_KAFKA_STOP_TIMEOUT (30) s, then SIGKILL
#   stop.sh --kill   SIGKILL at once (crash simulation for fault tests)
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/common.sh"

mode=graceful
case "${1:-}" in
  "") ;;
  --kill) mode="kill" ;;
  *) rex_die "usage: $0 [--kill]" ;;
esac
timeout_s="${REX_KAFKA_STOP_TIMEOUT:-30}"

pid="$(kafka_pid)"
if [[ -z "$pid" ]]; then
  rex_log "not running"
  exit 0
fi

wait_gone() { # $1 = seconds
  local deadline=$((SECONDS + $1))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

if [[ "$mode" == kill ]]; then
  rex_log "kill -9 $pid"
  kill -9 "$pid" 2>/dev/null || true
  wait_gone 10 || rex_die "pid $pid still alive after SIGKILL"
  rex_log "killed (no clean shutdown: the next start recovers the logs)"
else
  rex_log "stopping pid $pid (SIGTERM, up to ${timeout_s}s)"
  t0=$SECONDS
  kill -TERM "$pid" 2>/dev/null || true
  if wait_gone "$timeout_s"; then
    rex_log "stopped in $((SECONDS - t0)) s"
  else
    rex_log "still alive after ${timeout_s}s: SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
    wait_gone 10 || rex_die "pid $pid still alive after SIGKILL"
    rex_log "killed"
  fi
fi
rm -f "$REX_KAFKA_PIDFILE"
