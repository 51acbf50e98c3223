"""The state machines drawn in README.md are exactly the ones the code enforces."""

from __future__ import annotations

from pathlib import Path

import pytest

from collective.applications.states import APPLICATION
from collective.cases.states import DISPUTE, VIOLATION
from collective.entry.states import ENTRY_PLAN
from collective.entrydeals.states import ENTRY_DEAL
from collective.entryresale.states import ENTRY_RESALE
from collective.entrysupervision.states import ENTRY_SUPERVISION
from collective.parcels.states import PARCEL
from collective.qualifications.models import Qualification
from collective.qualifications.states import QUALIFICATION
from collective.reserve.states import RESERVE
from collective.resolutions.states import OBJECTION, RESOLUTION
from collective.withdrawals.states import WITHDRAWAL
from common.problems import Problem
from testkit.diagrams import drawn_machines

README = Path(__file__).resolve().parents[1] / "README.md"


def test_X5_Z1_Z2_Z3_Z7_Z10_X6_Z12_E3_E9_E10_readme_mermaid_matches_the_code() -> None:
    drawn = drawn_machines(README)
    assert drawn == [
        set(RESOLUTION.edges),
        set(OBJECTION.edges),
        set(QUALIFICATION.edges),
        set(PARCEL.edges),
        set(APPLICATION.edges),
        set(WITHDRAWAL.edges),
        set(RESERVE.edges),
        set(DISPUTE.edges),
        set(VIOLATION.edges),
        set(ENTRY_PLAN.edges),
        set(ENTRY_DEAL.edges),
        set(ENTRY_SUPERVISION.edges),
        set(ENTRY_RESALE.edges),
    ]


def test_Z1_moves_off_the_drawing_are_refused() -> None:
    q = Qualification(status="proposed")
    with pytest.raises(Problem) as refused:
        QUALIFICATION.move(q, "realized", "realize")
    assert refused.value.status == 409 and refused.value.rule == "Z1"
    assert q.status == "proposed"
