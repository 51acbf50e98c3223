"""The test kit (libs/testkit) stays out of production: no service and not rex-common
depends on it or imports it (``rex demo`` imports it lazily), nothing in production code
imports pytest, and the image leaves it out."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from testkit.testing import REPO

PRODUCTION = [REPO / "libs" / "common" / "src", *sorted((REPO / "services").glob("*/src"))]
# the one allowed, lazy import: the demo command explains itself when the kit is absent
LAZY = {("common/cli.py", "testkit.demo")}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_production_code_imports_neither_the_test_kit_nor_pytest() -> None:
    wrong = []
    for root in PRODUCTION:
        for path in root.rglob("*.py"):
            where = path.relative_to(root).as_posix()
            for name in _imports(path):
                top = name.split(".")[0]
                if top in {"testkit", "pytest"} and (where, name) not in LAZY:
                    wrong.append(f"{path.relative_to(REPO)} imports {name}")
    assert wrong == []


def test_rex_testkit_is_only_in_the_dev_group() -> None:
    root = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert not any("rex-testkit" in d for d in root["project"]["dependencies"])
    assert "rex-testkit" in root["dependency-groups"]["dev"]
    for member in [REPO / "libs" / "common", *sorted((REPO / "services").iterdir())]:
        project = member / "pyproject.toml"
        if project.exists():
            deps = tomllib.loads(project.read_text(encoding="utf-8"))["project"]
            assert not any("testkit" in d for d in deps.get("dependencies", [])), member


def test_the_image_leaves_the_test_kit_out() -> None:
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "libs/testkit" in ignored


class _Item:
    """Enough of a pytest item for the marking hook."""

    def __init__(self, *fixtures: str) -> None:
        self.fixturenames = list(fixtures)
        self.markers: list[str] = []

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.markers else None

    def add_marker(self, marker: object) -> None:
        self.markers.append(getattr(marker, "name", marker))  # type: ignore[arg-type]


def test_a_test_using_the_servers_fixtures_is_marked_for_them() -> None:
    from testkit.testing import pytest_collection_modifyitems

    via_pg, via_kafka, lite = _Item("api", "pg"), _Item("pg_api", "kafka"), _Item("lite")
    pytest_collection_modifyitems([via_pg, via_kafka, lite])  # type: ignore[list-item]
    assert via_pg.markers == ["postgres"]
    assert via_kafka.markers == ["kafka"]
    assert lite.markers == []
