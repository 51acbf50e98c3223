"""Collective test fixtures; the helpers live in collective_helpers.py (importable by the
tests: pytest runs with --import-mode=importlib, which puts no test folder on sys.path)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from collective_helpers import backend, client, lite, pgclient

__all__ = ["backend", "client", "lite", "pgclient"]
