"""Bodies of disposals (R13)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.money import Money

DisposalMethod = Literal["restructuring", "agreement", "auction", "court", "custody"]


class DisposalIn(BaseModel):
    """On default the lender chooses how to dispose of the collateral (001 6.4)."""

    model_config = ConfigDict(extra="forbid")

    method: DisposalMethod
    through_exchange: bool = Field(
        False, description="Agreement, auction or custody/re-transfer through the exchange."
    )
    default_on: date
    outstanding_debt: Money
    reserve_price: Money | None = None
    residence_arrangement: str | None = Field(
        None, max_length=2000, description="Farmer housing (R4): where the household will live."
    )
    details: dict[str, Any] = Field(
        default_factory=dict, description="Restructured terms, court case number, custodian."
    )
    note: str = Field(min_length=1, max_length=2000)


class DisposalOut(BaseModel):
    id: str
    lien_id: str
    certificate_no: str
    lender_org_id: str
    method: str
    through_exchange: bool
    default_on: date
    outstanding_debt: Money
    reserve_price: Money | None
    residence_arrangement: str | None
    details: dict[str, Any]
    status: str
    requested_at: datetime
    settled_at: datetime | None
    proceeds: Money | None
    to_lender: Money | None
    to_holder: Money | None
