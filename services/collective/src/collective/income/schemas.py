"""Requests and views of the homestead income — 宅基地收益 (Z11)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money

Source = Literal["paid_use", "development", "reserve_lease", "other"]


class IncomeIn(BaseModel):
    collective_id: str = Field(min_length=1, max_length=64)
    source: Source
    reference: str = Field(min_length=1, max_length=100, description="Receipt or contract.")
    received_on: date
    amount: Money = Field(description="The income in yuan, exact to the fen.")
    farmer_percent: Decimal = Field(
        ge=0,
        le=100,
        decimal_places=2,
        description="The farmer part, more than 50 (主要收益归农民).",
    )
    resolution_id: str | None = Field(
        None, max_length=32, description="X5 decision retaining the collective part."
    )


class DividendOut(BaseModel):
    party_id: str
    shares: int
    amount: Money


class IncomeOut(BaseModel):
    id: str
    collective_id: str
    source: str
    reference: str
    received_on: date
    amount: Money
    farmer_percent: Decimal
    farmer_part: Money
    collective_part: Money
    disposition: Literal["dividend", "retained"]
    resolution_id: str | None
    year_income: Money
    dividends: list[DividendOut]
    recorded_at: datetime
