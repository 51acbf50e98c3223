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


class PartyIn(BaseModel):
    """A party filed in the register (L20): its validated identity number and details."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    phone: str | None = Field(None, min_length=5, max_length=30)
    address: str | None = Field(None, max_length=300)


class PartyFileIn(PartyIn):
    party_id: PartyId = Field(description="Resident identity number or unified social credit code.")


class PartyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    party_id: str
    kind: str = Field(description="person | organization (from the identity number).")
    name: str
    phone: str | None
    address: str | None
    county: str
    version: int
    recorded_by: str
    changed_at: datetime


class PowerOfAttorneyIn(BaseModel):
    """委托代理 (L20): the power of attorney an agent files with — the document's SHA-256
    and the validity it states."""

    model_config = ConfigDict(extra="forbid")

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the signed document.")
    valid_from: date
    valid_until: date


class AgentIn(BaseModel):
    """Who submits for the party (委托代理人, L20), with the power of attorney."""

    model_config = ConfigDict(extra="forbid")

    party_id: PartyId
    name: str = Field(min_length=1, max_length=100)
    power_of_attorney: PowerOfAttorneyIn | None = Field(
        None, description="Required (L20): refused without one or outside its validity."
    )
