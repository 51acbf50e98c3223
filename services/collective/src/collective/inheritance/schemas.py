"""Requests and views of an inheritance — 农房继承 (Z8)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.ids import PartyId
from common.money import Money


class Heir(BaseModel):
    party_id: PartyId
    name: str = Field(min_length=1, max_length=100)


class InheritanceIn(BaseModel):
    parcel_id: str = Field(min_length=1, max_length=32)
    deceased_party_id: PartyId
    death_ref: str = Field(min_length=1, max_length=100, description="The recorded death.")
    heirs: list[Heir] = Field(min_length=1, max_length=20)
    outcome: Literal["waive", "member", "non_member"]
    waivers: list[PartyId] = Field(
        default_factory=list, max_length=20, description="Heirs who waived (waive: all of them)."
    )
    compensation: Money | None = Field(None, description="Paid for the waivers (waive).")
    agreement_ref: str | None = Field(None, max_length=100)
    heir_household_id: str | None = Field(None, max_length=32, description="member: its household.")
    heir_party_id: PartyId | None = Field(None, description="non_member: the heir.")
    paid_use_contract_id: str | None = Field(None, max_length=32, description="non_member (Z9).")


class InheritanceOut(BaseModel):
    id: str
    parcel_id: str
    collective_id: str
    from_household_id: str
    deceased_party_id: str
    outcome: str
    heirs: list[Heir]
    waivers: list[str]
    heir_household_id: str | None
    heir_party_id: str | None
    paid_use_contract_id: str | None
    compensation: Money | None
    agreement_ref: str | None
    recorded_at: datetime
