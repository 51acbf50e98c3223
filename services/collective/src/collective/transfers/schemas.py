"""Requests and views of transfers inside the collective — 宅基地流转 (Z5)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from collective.contracts.schemas import ContractCitation
from common.ids import PartyId
from common.money import Money


class SideIn(BaseModel):
    """One household giving one parcel to another household of the same collective."""

    parcel_id: str = Field(min_length=1, max_length=32)
    to_household_id: str = Field(min_length=1, max_length=32)
    declaration_ref: str = Field(
        min_length=1, max_length=100, description="The holder's signed voluntary declaration."
    )
    residence_proof: str | None = Field(
        None, max_length=200, description="Another long-term residence (only homestead)."
    )
    consents: list[PartyId] = Field(
        default_factory=list, max_length=30, description="Adult members who consented."
    )


class TransferIn(SideIn):
    kind: Literal["transfer", "gift"]
    price: Money = Field(description="0 for a gift.")
    resolution_id: str = Field(min_length=1, max_length=32, description="The collective's X5.")
    contract: ContractCitation


class SwapIn(BaseModel):
    """Two linked transfers: the first side's parcel to the second household and back."""

    first: SideIn
    second: SideIn
    resolution_id: str = Field(min_length=1, max_length=32)
    contract: ContractCitation


class TransferOut(BaseModel):
    id: str
    kind: str
    swap_id: str | None
    collective_id: str
    parcel_id: str
    from_household_id: str
    to_household_id: str
    price: Money
    surplus: bool
    declaration_ref: str
    resolution_id: str
    residence_proof: str | None
    consents: list[str]
    template_id: str
    contract_fields: dict[str, str]
    recorded_at: datetime
