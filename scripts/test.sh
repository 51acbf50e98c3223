#!/usr/bin/env bash
# scripts/test.sh — install what the tests need, start the real PostgreSQL and Kafka
# with deploy/, and run every test (lint, the event catalogue check, the import
# contracts, pytest).
# Extra arguments go to pytest, e.g. scripts/test.sh -k scheduler -x
# The servers are left running for the next run; stop them with deploy/down.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source=scripts/bootstrap.sh
. "$ROOT/scripts/bootstrap.sh"

# The portal's browser tests: Debian's chromium + chromium-driver, axe-core (npm).
"$ROOT/scripts/browser-deps.sh"
# Printable documents: pango, the CJK fonts, poppler-utils to read PDFs back (Debian).
"$ROOT/scripts/documents-deps.sh"

# Tests only: PostgreSQL without fsync (never for benchmarks or production).
REX_PG_FAST=1 deploy/up.sh

echo "== ruff" >&2
uv run --frozen ruff check .
uv run --frozen ruff format --check .
echo "== event catalogue" >&2
uv run --frozen rex events catalogue --check
echo "== import contracts (pyproject.toml [tool.importlinter]; docs/foundation.md)" >&2
uv run --frozen lint-imports
echo "== pytest" >&2
set +e
uv run --frozen pytest "$@"
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
  echo "pytest collected no tests: that is a failure, not a pass" >&2
  exit 1
fi
exit $rc
