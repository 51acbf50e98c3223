"""The reference price's response body — 参考价 (L16)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from common.money import Money


class ReferenceOut(BaseModel):
    """L16: the reference value beside the reserve price."""

    basis: str = Field(description="The method; 'none' outside the graded zones (L22).")
    valuation_date: date | None
    document_no: str | None = Field(None, description="L22: the notice of the table used.")
    table_version: int | None = Field(
        None, description="L22: the table version recorded at registration (0: the seeded one)."
    )
    stale: bool = Field(False, description="L22: the table's valuation date is too old.")
    stale_text: str | None = None
    reserve_price: Money
    reference_value: Money | None = Field(description="None when there is no reference (L22).")
    range_low: Money | None
    range_high: Money | None
    warning: bool
    warning_text: str | None
