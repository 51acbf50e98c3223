"""Requests and views of paid use — 有偿使用 (Z9)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from collective.contracts.schemas import ContractCitation
from common.ids import PartyId
from common.money import Money

PaidUseClass = Literal["non_member_occupancy", "surplus_retained", "over_area"]


class FeeIn(BaseModel):
    klass: PaidUseClass
    fee_per_m2: Money = Field(description="元 per m² per year; 0 is off.")
    resolution_id: str = Field(min_length=1, max_length=32, description="The collective's X5.")


class FeeOut(BaseModel):
    id: str
    collective_id: str
    klass: str
    fee_per_m2: Money
    resolution_id: str
    set_at: datetime


class PaidUseIn(BaseModel):
    parcel_id: str = Field(min_length=1, max_length=32)
    klass: PaidUseClass
    occupant_party_id: PartyId
    occupant_name: str = Field(min_length=1, max_length=100)
    area_m2: Decimal = Field(gt=0, le=Decimal("10000"), decimal_places=2)
    start_date: date
    contract: ContractCitation


class BillOut(BaseModel):
    id: str
    contract_id: str
    year_no: int
    period_start: date
    amount: Money
    issued_at: datetime
    paid_at: datetime | None
    receipt_ref: str | None


class PaidUseOut(BaseModel):
    id: str
    collective_id: str
    parcel_id: str
    klass: str
    occupant_party_id: str
    occupant_name: str
    area_m2: Decimal
    fee_per_m2: Money
    start_date: date
    template_id: str
    bills: list[BillOut]
    created_at: datetime


class PaymentIn(BaseModel):
    receipt_ref: str = Field(min_length=1, max_length=100)
