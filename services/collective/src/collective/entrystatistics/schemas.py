"""The E statistics as the endpoint gives them — 入市统计 (E4, E11–E13, X7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel


class SupplyRow(BaseModel):
    """One use of the year's supply plan (E4): quota, area listed, what is left."""

    use: str
    quota_m2: Decimal
    used_m2: Decimal
    left_m2: Decimal


class DealsByUse(BaseModel):
    use: str
    count: int
    area_m2: Decimal
    price: Decimal


class NetIncomeByUse(BaseModel):
    """E13's net income per mu (亩均净收益) of the deals settled in the period."""

    use: str
    deals: int
    area_m2: Decimal
    area_mu: Decimal
    net_income: Decimal
    net_income_per_mu: Decimal | None


class EntryStatistics(BaseModel):
    """A county's 入市 figures for one period: plans by state (as they stand), the
    supply plan of the period's year, deals concluded in the period, and the
    settlements of the period (fund withheld, retention, member distributions)."""

    county: str
    period: str
    at: datetime
    plans_by_status: dict[str, int]
    supply_year: int
    supply_reference: str | None
    supply: list[SupplyRow]
    deals: int
    deals_area_m2: Decimal
    deals_price: Decimal
    deals_by_use: list[DealsByUse]
    settled: int
    adjustment_fund: Decimal
    taxes_fees: Decimal
    retention: Decimal
    member_distributions: Decimal
    net_income_by_use: list[NetIncomeByUse]
