"""Request bodies of the party endpoints — 交易主体."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.ids import PartyId

IntermediaryKind = Literal["agent", "appraiser", "auctioneer", "bank", "insurer", "guarantor"]


class BarIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class IntermediaryIn(BaseModel):
    """An intermediary filed with the centre (L20): who, which licence, valid when."""

    model_config = ConfigDict(extra="forbid")

    kind: IntermediaryKind
    name: str = Field(min_length=1, max_length=200)
    party_id: PartyId = Field(description="Its unified social credit code (or ID number).")
    licence_no: str = Field(min_length=1, max_length=40)
    valid_from: date
    valid_until: date
    active: bool = True


class IntermediaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    county: str
    kind: str
    name: str
    party_id: str
    licence_no: str
    valid_from: date
    valid_until: date
    active: bool
    recorded_by: str
    changed_at: datetime
