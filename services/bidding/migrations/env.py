"""Alembic environment of the bidding service (schema "bidding" on PostgreSQL)."""

from common.migrations import run_env

run_env()
