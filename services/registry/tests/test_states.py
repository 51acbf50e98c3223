"""The state machines drawn in README.md are exactly the ones the code enforces."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.problems import Problem
from registry.disposals.models import Disposal
from registry.disposals.states import DISPOSAL
from registry.liens.models import Lien, LienApplication
from registry.liens.states import APPLICATION, LIEN
from registry.visits.models import Visit
from registry.visits.states import VISIT
from testkit.diagrams import drawn_machines

README = Path(__file__).resolve().parents[1] / "README.md"


def test_R9_R11_R13_R14_readme_diagrams_are_the_state_machines() -> None:
    drawn = drawn_machines(README, section="## State machines")
    assert drawn == [set(m.edges) for m in (APPLICATION, LIEN, DISPOSAL, VISIT)]


def test_R9_R11_R14_moves_off_the_drawing_are_refused() -> None:
    for machine, row, to, action in (
        (APPLICATION, LienApplication(status="refused"), "registered", "register"),
        (LIEN, Lien(status="discharged"), "discharged", "discharge"),
        (DISPOSAL, Disposal(status="recorded"), "settled", "settle"),
        (VISIT, Visit(status="done"), "overdue", "overdue"),
    ):
        with pytest.raises(Problem) as refused:
            machine.move(row, to, action)
        assert refused.value.status == 409
