"""Alembic environment of the collective service (schema "collective" on PostgreSQL)."""

from common.migrations import run_env

run_env()
