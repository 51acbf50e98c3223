"""The import contracts (pyproject.toml ``[tool.importlinter]``; docs/foundation.md,
"Import contracts"): services never import each other, and libs/common is layered
processes > HTTP > runtime > persistence > foundation."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import common

REPO = Path(__file__).resolve().parents[3]
#: Test tools, not part of the platform (the testkit moves them to a dev-only package).
TEST_TOOLS = {
    "testing",
    "testing_processes",
    "platform_client",
    "refusal_check",
    "sample_files",
    "demo",
}


def _contracts() -> list[dict]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def test_every_module_of_libs_common_has_a_layer() -> None:
    (layers,) = [c for c in _contracts() if c["name"].startswith("libs/common layers")]
    placed = {
        name.strip().removeprefix("common.")
        for layer in layers["layers"]
        for name in layer.replace("|", ":").split(":")
    }
    modules = {m.name for m in pkgutil.iter_modules(common.__path__)} - TEST_TOOLS
    assert sorted(modules - placed) == []  # a new module: give it its layer in pyproject.toml
    assert sorted(placed - modules) == []  # a layer names a module that is gone
