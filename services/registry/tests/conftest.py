"""The registry's fixtures come from registry_testkit (importable by the tests too)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from registry_testkit import backend, client, reg  # noqa: F401
