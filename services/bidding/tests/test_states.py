"""The state machines drawn in README.md are exactly the ones the code enforces (B1–B6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidding.deals.models import Deal
from bidding.deals.states import DEAL
from bidding.deposits.states import DEPOSIT
from bidding.sessions.models import TradeSession
from bidding.sessions.states import SESSION
from common.problems import Problem

README = Path(__file__).resolve().parents[1] / "README.md"


def test_B2_B5_B6_readme_mermaid_matches_the_code() -> None:
    text = README.read_text()
    drawn = [b.split("```", 1)[0].strip() for b in text.split("```mermaid")[1:]]
    assert drawn == [SESSION.mermaid(), DEAL.mermaid(), DEPOSIT.mermaid()]


def test_B2_B6_moves_off_the_drawing_are_refused() -> None:
    ts = TradeSession(status="failed")
    with pytest.raises(Problem) as refused:
        SESSION.move(ts, "bidding", "resume")
    assert refused.value.status == 409 and ts.status == "failed"
    deal = Deal(status="released")
    with pytest.raises(Problem):
        DEAL.move(deal, "defaulted", "default")
    deal = Deal(status="awaiting_contract")
    DEAL.move(deal, "contract_signed", "sign_contract")
    assert deal.status == "contract_signed"
