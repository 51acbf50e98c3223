#!/usr/bin/env bash
# deploy/kafka/common.sh — helpers shared by kafka/start.sh and kafka/stop.sh (sourced).
# shellcheck source=SCRIPTDIR/../env.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/env.sh"
export REX_LOG_TAG=kafka

REX_KAFKA_PROPS="$REX_KAFKA_STATE/server.properties"

# Pid of OUR broker (from the pid file, checked against /proc so a reused pid is not
# mistaken for it); empty when not running. Removes a stale pid file.
kafka_pid() {
  local pid
  [[ -f "$REX_KAFKA_PIDFILE" ]] || return 0
  pid="$(tr -dc '0-9' <"$REX_KAFKA_PIDFILE")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $REX_KAFKA_PROPS"; then
    printf '%s\n' "$pid"
  else
    rm -f "$REX_KAFKA_PIDFILE"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

kafka_log_tail() {
  local f
  for f in "$REX_KAFKA_LOGDIR/server.log" "$REX_KAFKA_LOGDIR/kafka.out"; do
    [[ -s "$f" ]] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
}
