"""Deposit callback and views (DOMAIN B5)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from common.ids import PartyId
from common.money import Money


class DepositIn(BaseModel):
    """A bank's report that a buyer's deposit arrived — 保证金到账回调."""

    listing_id: str = Field(min_length=1, max_length=64)
    party_id: PartyId
    registration_id: str | None = Field(None, max_length=64)
    amount: Money
    bank_reference: str = Field(min_length=1, max_length=100)


class DepositOut(BaseModel):
    id: int
    listing_id: str
    party_id: str
    registration_id: str | None
    amount: Money
    bank_org_id: str
    bank_reference: str
    state: str
    paid_at: datetime
    refund_due_by: datetime | None
    settled_at: datetime | None
