"""What the public board shows of 入市 (E16): no personal data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from common.money import Money


class SupplyUse(BaseModel):
    use: str
    quota_m2: Decimal
    used_m2: Decimal
    left_m2: Decimal


class PublicSupplyPlan(BaseModel):
    """A county's annual supply plan (年度供应计划) with the area left per use."""

    county: str
    year: int
    reference: str
    uses: list[SupplyUse]


class PublicResult(BaseModel):
    """A deal's result (成交结果公示): the parcel, the terms, the price and the buyer —
    a natural person's name and ID masked (common.ids)."""

    deal_id: str
    county: str
    township: str
    parcel_number: str
    location: str
    area_m2: Decimal
    land_use: str
    way: str
    term_years: int
    trading_method: str
    price: Money
    buyer_name: str
    buyer_code: str
    status: str
    concluded_at: datetime
    publicity_ends_at: datetime
    contract_no: str | None
    filed: bool


class PublicDisclosure(BaseModel):
    """E11's disclosure of a settled deal: the price, the adjustment fund, the taxes and
    fees, and the spending — the collective's retention and the members' distribution
    (totals only: no member is named)."""

    deal_id: str
    county: str
    township: str
    parcel_number: str
    price: Money
    adjustment_fund: Money
    taxes_fees: Money
    retention: Money
    member_distributions: Money
    members_paid: int
    settled_at: datetime


class PolicyIn(BaseModel):
    """A county 入市 policy document to publish (E16): a PDF (document id) or a link."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    document_no: str = Field(min_length=1, max_length=100, description="文号.")
    issued_on: date
    document_id: str | None = Field(None, min_length=1, max_length=64)
    url: str | None = Field(None, max_length=500, pattern=r"^https?://\S+$")


class PublicPolicy(BaseModel):
    """A published 入市 policy document (政策文件)."""

    id: str
    county: str
    title: str
    document_no: str
    issued_on: date
    document_id: str | None
    url: str | None
    published_at: datetime
