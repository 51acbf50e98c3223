"""Alembic environment of the guarantee service (schema "guarantee" on PostgreSQL)."""

from common.migrations import run_env

run_env()
