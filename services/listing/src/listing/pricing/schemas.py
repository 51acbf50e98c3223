"""The reference price's response body — 参考价 (L16)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from common.money import Money


class ReferenceOut(BaseModel):
    """L16: the reference value beside the reserve price."""

    basis: str
    valuation_date: date | None
    reserve_price: Money
    reference_value: Money
    range_low: Money | None
    range_high: Money | None
    warning: bool
    warning_text: str | None
