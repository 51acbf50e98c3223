"""``common.views.view_of``: a response schema from a row, naming only what it computes
(issue 18: one copy instead of a field-by-field constructor in each area's views)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from pydantic import BaseModel

from common.money import from_fen
from common.views import view_of


@dataclass
class Deal:
    id: str
    buyer_name: str
    price_fen: int
    internal_note: str


class DealOut(BaseModel):
    id: str
    buyer_name: str
    price: Decimal
    contract_no: str | None = None


def test_a_view_copies_same_named_fields_and_takes_the_computed_ones() -> None:
    deal = Deal(id="d1", buyer_name="某公司", price_fen=123_456, internal_note="x")
    out = view_of(DealOut, deal, price=from_fen(deal.price_fen))
    assert out == DealOut(id="d1", buyer_name="某公司", price=Decimal("1234.56"))
    assert view_of(DealOut, deal, price=Decimal(0), buyer_name="另一家").buyer_name == "另一家"


def test_a_computed_field_the_schema_does_not_have_is_a_programming_error() -> None:
    deal = Deal(id="d1", buyer_name="b", price_fen=1, internal_note="x")
    with pytest.raises(TypeError, match="prise"):
        view_of(DealOut, deal, prise=Decimal(1))
