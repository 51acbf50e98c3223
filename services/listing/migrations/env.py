"""Alembic environment of the listing service (schema "listing" on PostgreSQL)."""

from common.migrations import run_env

run_env()
