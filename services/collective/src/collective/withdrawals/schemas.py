"""Requests and views of a voluntary paid withdrawal — 自愿有偿退出 (Z7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from collective.contracts.schemas import ContractCitation
from common.ids import PartyId
from common.money import Money


class WithdrawalIn(BaseModel):
    parcel_id: str = Field(min_length=1, max_length=32)
    reason: Literal["study", "work", "business"] = Field(description="因学、因工、因商.")
    urban_residence_proof: str | None = Field(
        None, max_length=200, description="A fixed residence in a town or city."
    )
    consents: list[PartyId] = Field(
        default_factory=list, max_length=30, description="Adult members and co-owners consenting."
    )
    lienholder_consent: str | None = Field(
        None, max_length=200, description="The lienholder's consent, the lien discharged at payout."
    )
    certificate_no: str | None = Field(
        None, max_length=64, description="The 房地一体 certificate when the inventory lacks it."
    )
    retain: bool | None = Field(None, description="Keep the qualification (default: county).")


class CompensationIn(BaseModel):
    resolution_id: str = Field(min_length=1, max_length=32, description="X5 on compensation.")
    land_rate_per_m2: Money
    building_area_m2: Decimal = Field(ge=0, le=Decimal("10000"), decimal_places=2)
    building_rate_per_m2: Money = Field(
        description="By the building's structure (R6 as reference)."
    )


class AgreementIn(BaseModel):
    agreement_no: str = Field(min_length=1, max_length=100)
    contract: ContractCitation


class PaymentIn(BaseModel):
    payer: Literal["collective", "reserve_fund"]
    payment_ref: str = Field(min_length=1, max_length=100)


class WithdrawalOut(BaseModel):
    id: str
    household_id: str
    collective_id: str
    parcel_id: str
    certificate_no: str
    status: str
    reason: str
    urban_residence_proof: str
    consents: list[str]
    lienholder_consent: str | None
    resolution_id: str | None
    land_area_m2: Decimal | None
    building_area_m2: Decimal | None
    compensation: Money | None
    agreement_no: str | None
    template_id: str | None
    payer: str | None
    payment_ref: str | None
    retain: bool
    applied_at: datetime
    paid_at: datetime | None
    payout_blocks: list[dict[str, str]] = Field(
        default_factory=list,
        description="On read, before the payout: every reason it is refused now (Z7, X6, "
        "Z12), each with field, rule, message and message_zh.",
    )
