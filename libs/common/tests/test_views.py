"""``common.views.view_of``: a response schema from a row, naming only what it computes
(issue 18: one copy instead of a field-by-field constructor in each area's views)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from common.money import Money, from_fen
from common.views import view_of, yuan


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


@dataclass
class _Row:
    id: str
    status: str
    amount_fen: int
    fee_fen: int | None


class _Out(BaseModel):
    id: str
    status: str
    amount: Money
    fee: Money | None


def test_view_of_reads_fields_by_name_and_takes_computed_ones() -> None:
    row = _Row(id="a1", status="open", amount_fen=12345, fee_fen=None)
    out = view_of(_Out, row, amount=yuan(row.amount_fen), fee=yuan(row.fee_fen))
    assert out == _Out(id="a1", status="open", amount=Decimal("123.45"), fee=None)


def test_view_of_a_computed_field_wins_over_the_rows_attribute() -> None:
    row = _Row(id="a1", status="open", amount_fen=1, fee_fen=2)
    out = view_of(_Out, row, status="shown", amount=Decimal("0.01"), fee=yuan(2))
    assert (out.status, out.fee) == ("shown", Decimal("0.02"))


def test_view_of_a_field_neither_on_the_row_nor_given_is_an_error() -> None:
    with pytest.raises(ValidationError):
        view_of(_Out, _Row(id="a1", status="open", amount_fen=1, fee_fen=None))


def test_yuan_keeps_none_and_converts_fen() -> None:
    assert yuan(None) is None
    assert yuan(5) == Decimal("0.05")
