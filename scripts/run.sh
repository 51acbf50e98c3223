#!/usr/bin/env bash
# scripts/run.sh — install and run the platform on its embedded default: all four
# services in one process, each on its own SQLite file (.data/), events in-process.
# Sourced bootstrap: installs uv and the locked dependencies first.
#   scripts/run.sh [--host 127.0.0.1] [--port 8000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source=scripts/bootstrap.sh
. "$ROOT/scripts/bootstrap.sh"
exec uv run --frozen rex embedded "$@"
