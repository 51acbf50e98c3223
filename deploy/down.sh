#!/usr/bin/env bash
# deploy/down.sh — stop Kafka (graceful) and PostgreSQL (fast). Fine when not running.
# Data in $REX_STATE_DIR is kept; delete that folder for a clean slate.
set -euo pipefail
# shellcheck source=SCRIPTDIR/env.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/env.sh"

rc=0
"$REX_DEPLOY_DIR/kafka/stop.sh" || rc=$?
"$REX_DEPLOY_DIR/postgres/stop.sh" || rc=$?
exit "$rc"
