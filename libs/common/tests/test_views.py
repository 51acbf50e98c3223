"""common.views: a response schema filled from a row by name, computed fields given."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from pydantic import BaseModel

from common.money import Money
from common.views import view_of, yuan


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
    with pytest.raises(AttributeError):
        view_of(_Out, _Row(id="a1", status="open", amount_fen=1, fee_fen=None))


def test_yuan_keeps_none_and_converts_fen() -> None:
    assert yuan(None) is None
    assert yuan(5) == Decimal("0.05")
