#!/usr/bin/env bash
# scripts/run.sh — install and run the platform on its embedded default: all four
# services in one process, each on its own SQLite file (.data/), events in-process.
# Sourced bootstrap: installs uv and the locked dependencies first.
#   scripts/run.sh [--demo] [--host 127.0.0.1] [--port 8000]
# --demo: the server's clock follows .data/clock-offset (development only), and once it
# is ready `rex demo` fills a demo county through the public APIs; it keeps serving.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source=scripts/bootstrap.sh
. "$ROOT/scripts/bootstrap.sh"
# Printable documents (common.documents): pango and the CJK fonts, from Debian.
"$ROOT/scripts/documents-deps.sh"

demo=0
host=127.0.0.1
port=8000
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=1 ;;
    --host) host="$2"; args+=("$1" "$2"); shift ;;
    --port) port="$2"; args+=("$1" "$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [ "$demo" = 0 ]; then
  exec uv run --frozen rex embedded "${args[@]+"${args[@]}"}"
fi

mkdir -p .data
export REX_CLOCK_OFFSET_FILE="$ROOT/.data/clock-offset"
# the demo loads a whole county through a handful of accounts in a minute or two
export REX_RATE_LIMIT_WRITES="${REX_RATE_LIMIT_WRITES:-0}"
uv run --frozen rex embedded "${args[@]+"${args[@]}"}" &
server=$!
trap 'kill "$server" 2>/dev/null || true' INT TERM
base="http://$host:$port"
[ "$host" = "0.0.0.0" ] && base="http://127.0.0.1:$port"
# `rex demo` waits (bounded) until the server answers /readyz; it lives in the dev-only
# test kit (libs/testkit), which the bootstrap's `uv sync` installs (the dev group)
if uv run --frozen rex demo --url "$base" --clock-file "$REX_CLOCK_OFFSET_FILE"; then
  echo "run.sh: demo county loaded — open $base/ (Ctrl-C stops the server)" >&2
else
  echo "run.sh: the demo failed; the server keeps serving on $base/" >&2
fi
wait "$server"
