"""Alembic environment of the registry service (schema "registry" on PostgreSQL)."""

from common.migrations import run_env

run_env()
