"""``rex demo`` lives in the dev-only test kit: without it the command explains itself."""

from __future__ import annotations

import sys

import pytest

from common.cli import main


def test_rex_demo_without_the_test_kit_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # None in sys.modules: the import fails as it does in the production image
    monkeypatch.setitem(sys.modules, "testkit.demo", None)
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--url", "http://127.0.0.1:1"])
    assert "test kit" in str(exited.value.code)
    assert "uv sync" in str(exited.value.code)
