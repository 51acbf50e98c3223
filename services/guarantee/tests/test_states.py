"""The guarantee's state machine drawn in README.md is exactly the one the code enforces."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.problems import Problem
from guarantee.guarantees.models import Guarantee
from guarantee.guarantees.states import GUARANTEE
from testkit.diagrams import drawn_machines

README = Path(__file__).resolve().parents[1] / "README.md"


def test_G5_readme_mermaid_matches_the_code() -> None:
    assert drawn_machines(README)[0] == set(GUARANTEE.edges)


def test_G5_moves_off_the_drawing_are_refused() -> None:
    g = Guarantee(state="recommended")
    with pytest.raises(Problem) as refused:
        GUARANTEE.move(g, "issued", "issue")
    assert refused.value.status == 409 and refused.value.rule == "G5"
    assert refused.value.code == "wrong-state" and g.state == "recommended"
    GUARANTEE.move(g, "diligence_reported", "report_diligence")
    assert g.state == "diligence_reported"
