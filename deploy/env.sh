#!/usr/bin/env bash
# deploy/env.sh — shared settings for the deploy scripts. Source it; do not run it.
# Every variable is a default only: a value already in the environment wins.
#
# shellcheck disable=SC2034  # variables are used by the scripts that source this file

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "deploy/env.sh is meant to be sourced: . deploy/env.sh" >&2
  exit 2
fi

REX_DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REX_REPO_DIR="$(dirname "$REX_DEPLOY_DIR")"

# Where runtime data, logs and pid files go (git-ignored: .state/).
export REX_STATE_DIR="${REX_STATE_DIR:-$REX_REPO_DIR/.state}"
# Where downloaded things go (the Kafka jars, ~100 MB), shared by every clone.
export REX_CACHE_DIR="${REX_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rural-exchange}"

# PostgreSQL
export REX_PG_HOST="${REX_PG_HOST:-127.0.0.1}"
export REX_PG_PORT="${REX_PG_PORT:-55432}"
export REX_PG_USER="${REX_PG_USER:-rex}"
export REX_PG_PASSWORD="${REX_PG_PASSWORD:-rex}"
export REX_PG_DB="${REX_PG_DB:-rex}"
# 1 = fsync/synchronous_commit/full_page_writes off. Tests only; never benchmarks/production.
export REX_PG_FAST="${REX_PG_FAST:-0}"

# Kafka
export REX_KAFKA_PORT="${REX_KAFKA_PORT:-9092}"
export REX_KAFKA_CONTROLLER_PORT="${REX_KAFKA_CONTROLLER_PORT:-9093}"
export REX_KAFKA_VERSION="${REX_KAFKA_VERSION:-3.9.1}"

# Derived paths (not meant to be overridden).
REX_PG_STATE="$REX_STATE_DIR/postgres"
# As root the cluster runs as OS user 'postgres', which must traverse every folder above
# its data. A clone under a private folder (`mktemp -d`, a 0700 home) is not traversable:
# the cluster then lives in a folder of this state dir's own under /var/tmp instead.
if [[ "$(id -u)" -eq 0 ]] && id postgres >/dev/null 2>&1 &&
  ! runuser -u postgres -- test -x "$(dirname "$REX_STATE_DIR")" 2>/dev/null; then
  REX_PG_STATE="/var/tmp/rex-postgres-$(printf %s "$REX_STATE_DIR" | sha1sum | cut -c1-12)"
fi
REX_PG_DATA="$REX_PG_STATE/data"
REX_PG_LOGDIR="$REX_PG_STATE/log"
REX_PG_LOG="$REX_PG_LOGDIR/postgres.log"
REX_PG_SOCKET_DIR="$REX_PG_STATE/run"
REX_KAFKA_STATE="$REX_STATE_DIR/kafka"
REX_KAFKA_DATA="$REX_KAFKA_STATE/data"
REX_KAFKA_LOGDIR="$REX_KAFKA_STATE/log"
REX_KAFKA_PIDFILE="$REX_KAFKA_STATE/kafka.pid"
REX_KAFKA_LIB="$REX_CACHE_DIR/kafka-$REX_KAFKA_VERSION/lib"

export REX_PG_DSN="postgresql://$REX_PG_USER:$REX_PG_PASSWORD@$REX_PG_HOST:$REX_PG_PORT/$REX_PG_DB"
export REX_KAFKA_BOOTSTRAP="127.0.0.1:$REX_KAFKA_PORT"

# Small helpers shared by the scripts.
rex_log() { printf '[%s] %s\n' "${REX_LOG_TAG:-deploy}" "$*"; }
rex_die() { printf '[%s] ERROR: %s\n' "${REX_LOG_TAG:-deploy}" "$*" >&2; exit 1; }
