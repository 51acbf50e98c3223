#!/usr/bin/env bash
# deploy/up.sh — start PostgreSQL and Kafka (each idempotent), then create the topics.
#   REX_SKIP_TOPICS=1   do not create topics
#   REX_TOPICS_CMD      the topic command (default: uv run --frozen rex topics create)
#   REX_PG_FAST=1       PostgreSQL without fsync (tests only)
set -euo pipefail
# shellcheck source=SCRIPTDIR/env.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/env.sh"
export REX_LOG_TAG=up

t0=$SECONDS
"$REX_DEPLOY_DIR/postgres/start.sh"
"$REX_DEPLOY_DIR/kafka/start.sh"

if [[ "${REX_SKIP_TOPICS:-0}" != 1 ]]; then
  topics_cmd="${REX_TOPICS_CMD:-uv run --frozen rex topics create}"
  # a new shell may not have uv on PATH (bootstrap installs it into ~/.local/bin)
  # shellcheck source=../scripts/env.sh
  [[ -n "${REX_TOPICS_CMD:-}" ]] || . "$REX_REPO_DIR/scripts/env.sh"
  rex_log "creating topics: $topics_cmd"
  # the project's topic tool: creates what deploy/topics.toml defines and is missing
  (cd "$REX_REPO_DIR" && bash -c "$topics_cmd")
else
  rex_log "REX_SKIP_TOPICS=1: not creating topics"
fi

rex_log "up in $((SECONDS - t0)) s"
rex_log "  REX_PG_DSN=$REX_PG_DSN"
rex_log "  REX_KAFKA_BOOTSTRAP=$REX_KAFKA_BOOTSTRAP"
