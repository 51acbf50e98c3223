#!/usr/bin/env bash
# deploy/kafka/start.sh — a single-node KRaft Kafka (broker+controller) on 127.0.0.1.
#   - fetches the jars once (install.sh)
#   - writes $REX_STATE_DIR/kafka/server.properties from server.properties.in
#   - formats the storage once (cluster id kept in $REX_STATE_DIR/kafka/cluster.id)
#   - starts the broker in the background (pid file), waits for "Kafka Server started"
# Safe to run again: a running broker is left alone.
# REX_KAFKA_START_TIMEOUT (default 90) bounds the wait, in seconds.
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/common.sh"

timeout_s="${REX_KAFKA_START_TIMEOUT:-90}"

"$REX_DEPLOY_DIR/kafka/install.sh"
mkdir -p "$REX_KAFKA_DATA" "$REX_KAFKA_LOGDIR"
serverlog="$REX_KAFKA_LOGDIR/server.log"

# Wait until the broker logs that it started (only lines written after byte $2 count)
# and its port answers. $1 = pid.
wait_started() {
  local pid=$1 from=$2 deadline=$((SECONDS + timeout_s)) size
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      kafka_log_tail
      rm -f "$REX_KAFKA_PIDFILE"
      rex_die "broker process $pid exited during startup"
    fi
    size=$(stat -c %s "$serverlog" 2>/dev/null || echo 0)
    ((size < from)) && from=0   # the log rolled over: search it all
    if tail -c "+$((from + 1))" "$serverlog" 2>/dev/null | grep -q 'Kafka Server started' &&
      port_open "$REX_KAFKA_PORT"; then
      return 0
    fi
    sleep 0.5
  done
  kafka_log_tail
  rex_log "no 'Kafka Server started' within ${timeout_s}s: killing pid $pid"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$REX_KAFKA_PIDFILE"
  rex_die "broker did not start (logs: $REX_KAFKA_LOGDIR)"
}

pid="$(kafka_pid)"
if [[ -n "$pid" ]]; then
  if port_open "$REX_KAFKA_PORT"; then
    rex_log "already running (pid $pid, 127.0.0.1:$REX_KAFKA_PORT)"
    exit 0
  fi
  rex_log "pid $pid is alive but port $REX_KAFKA_PORT is not answering yet: waiting"
  wait_started "$pid" 0
  rex_log "running (pid $pid, 127.0.0.1:$REX_KAFKA_PORT)"
  exit 0
fi

for p in "$REX_KAFKA_PORT" "$REX_KAFKA_CONTROLLER_PORT"; do
  if port_open "$p"; then
    rex_die "port $p is already in use by another process (not our broker): free it or set REX_KAFKA_PORT / REX_KAFKA_CONTROLLER_PORT"
  fi
done

# --- config (rewritten every start, so env changes apply) ---------------------------
sed -e "s|@KAFKA_PORT@|$REX_KAFKA_PORT|g" \
  -e "s|@CONTROLLER_PORT@|$REX_KAFKA_CONTROLLER_PORT|g" \
  -e "s|@LOG_DIRS@|$REX_KAFKA_DATA|g" \
  "$REX_DEPLOY_DIR/kafka/server.properties.in" >"$REX_KAFKA_PROPS.tmp"
mv "$REX_KAFKA_PROPS.tmp" "$REX_KAFKA_PROPS"

java_opts=(-Xms256m -Xmx512m -XX:+UseSerialGC -Djava.awt.headless=true
  "-Dkafka.logs.dir=$REX_KAFKA_LOGDIR"
  "-Dlog4j.configuration=file:$REX_DEPLOY_DIR/kafka/log4j.properties")

# --- storage format (once) -----------------------------------------------------------
idfile="$REX_KAFKA_STATE/cluster.id"
if [[ ! -s "$idfile" && -f "$REX_KAFKA_DATA/meta.properties" ]]; then
  # Formatted earlier but the id file was lost: take it from the formatted storage.
  sed -n 's/^cluster\.id=//p' "$REX_KAFKA_DATA/meta.properties" >"$idfile"
fi
if [[ ! -s "$idfile" ]]; then
  java -Xmx128m -cp "$REX_KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null |
    tail -n 1 >"$idfile.tmp"
  mv "$idfile.tmp" "$idfile"
fi
cluster_id="$(tr -d '[:space:]' <"$idfile")"
[[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || rex_die "bad cluster id '$cluster_id' in $idfile"

if [[ ! -f "$REX_KAFKA_DATA/meta.properties" ]]; then
  rex_log "formatting storage $REX_KAFKA_DATA (cluster id $cluster_id)"
  java -Xmx256m -Dkafka.logs.dir="$REX_KAFKA_LOGDIR" -cp "$REX_KAFKA_LIB/*" kafka.tools.StorageTool \
    format -t "$cluster_id" -c "$REX_KAFKA_PROPS" --ignore-formatted >"$REX_KAFKA_LOGDIR/format.log" 2>&1 ||
    { cat "$REX_KAFKA_LOGDIR/format.log" >&2; rex_die "storage format failed"; }
fi

# --- start -----------------------------------------------------------------------------
from=$(stat -c %s "$serverlog" 2>/dev/null || echo 0)
rex_log "starting broker on 127.0.0.1:$REX_KAFKA_PORT (controller :$REX_KAFKA_CONTROLLER_PORT); log $serverlog"
# setsid: the broker gets its own session, so it outlives the shell (or agent) that
# started it, like pg_ctl's postmaster does.
setsid nohup java "${java_opts[@]}" -cp "$REX_KAFKA_LIB/*" kafka.Kafka "$REX_KAFKA_PROPS" \
  >>"$REX_KAFKA_LOGDIR/kafka.out" 2>&1 </dev/null &
pid=$!
printf '%s\n' "$pid" >"$REX_KAFKA_PIDFILE"
t0=$SECONDS
wait_started "$pid" "$from"
rex_log "started (pid $pid) in $((SECONDS - t0)) s; bootstrap: $REX_KAFKA_BOOTSTRAP"
