"""The state machine drawn in README.md is exactly the one the code enforces."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.problems import Problem
from listing.listings.models import Listing
from listing.listings.states import EDGES, LISTING
from listing.registrations.models import Registration
from listing.registrations.states import REGISTRATION
from testkit.diagrams import drawn_machines

README = Path(__file__).resolve().parents[1] / "README.md"


def test_L4_L5_L7_L12_readme_mermaid_matches_the_code() -> None:
    assert drawn_machines(README)[0] == set(EDGES)


def test_L12_moves_off_the_drawing_are_refused() -> None:
    listing = Listing(status="terminated")
    with pytest.raises(Problem) as refused:
        LISTING.move(listing, "announced", "resume")
    assert refused.value.status == 409
    listing = Listing(status="suspended")
    LISTING.move(listing, "announced", "resume")
    assert listing.status == "announced"


def test_L6_readme_registration_diagram_matches_the_code() -> None:
    assert drawn_machines(README)[1] == set(REGISTRATION.edges)


def test_L6_a_qualified_registration_cannot_be_registered_again() -> None:
    reg = Registration(status="qualified")
    with pytest.raises(Problem) as refused:
        REGISTRATION.move(reg, "pending", "register_again")
    assert refused.value.status == 409 and refused.value.rule == "L6"
