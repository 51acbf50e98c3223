"""Blacklist requests and views (G11)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from common.ids import PartyId


class BlacklistIn(BaseModel):
    party_id: PartyId
    party_name: str = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=2000, description="The fraud or evasion found.")


class ClearIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class BlacklistOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    party_id: str
    party_name: str
    reason: str
    county: str | None = None
    listed_by_org: str | None = None
    decided_by: str
    decided_at: datetime
    cleared_by: str | None
    cleared_at: datetime | None
    cleared_reason: str | None
    active: bool = False
