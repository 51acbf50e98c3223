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

# Byte-code caches on: a shell that sets PYTHONDONTWRITEBYTECODE makes every Python
# process of the run (pytest workers, the end-to-end platform's eight processes, each
# embedded server) compile every module again, and pytest re-rewrite its plugins' asserts
# (about 2 s of CPU a process start, 10 s a pytest process, measured on a 2-core box).
unset PYTHONDONTWRITEBYTECODE

# Tests only: PostgreSQL without fsync (never for benchmarks or production).
REX_PG_FAST=1 deploy/up.sh

echo "== ruff" >&2
uv run --frozen ruff check .
uv run --frozen ruff format --check .
echo "== event catalogue" >&2
uv run --frozen rex events catalogue --check
echo "== import contracts (pyproject.toml [tool.importlinter]; docs/foundation.md)" >&2
uv run --frozen lint-imports
# Two workers side by side (pytest-xdist; REX_TEST_WORKERS, default 2 for a 2-core box):
# libs/testkit/src/testkit/parallel.py and docs/foundation.md say what runs where.
echo "== pytest (parallel, ${REX_TEST_WORKERS:-2} workers)" >&2
set +e
# --durations: the slowest tests in every log, where the suite's time goes (issue 18)
# pytest's cache (.pytest_cache, testkit/durations) keeps each test's seconds: the next
# run hands out the longest units first by them (testkit.parallel); keep the cache on
uv run --frozen pytest -n "${REX_TEST_WORKERS:-2}" --dist loadgroup --durations=25 "$@"
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
  echo "pytest collected no tests: that is a failure, not a pass" >&2
  exit 1
fi
exit $rc
