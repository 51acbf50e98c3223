"""Requests and views of collectives and households — 集体经济组织与农户."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from common.ids import PartyId


class CollectiveIn(BaseModel):
    id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[0-9A-Za-z-]+$",
        description="The organization id its officer's token names (e.g. the village code).",
    )
    name: str = Field(min_length=1, max_length=200)
    county: str = Field(pattern=r"^[0-9]{6}$")
    township: str = Field(pattern=r"^[0-9]{9}$")


class CollectiveOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    county: str
    township: str
    created_at: datetime


class MemberIn(BaseModel):
    party_id: PartyId
    name: str = Field(min_length=1, max_length=100)
    adult: bool = True
    confirmed: bool = Field(
        description="Membership confirmed by the collective (成员身份确认).",
    )
    membership_ref: str | None = Field(None, max_length=100)


class HouseholdIn(BaseModel):
    head_party_id: PartyId
    address: str = Field(min_length=1, max_length=200)
    members: list[MemberIn] = Field(min_length=1, max_length=30)


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    party_id: str
    name: str
    adult: bool
    confirmed: bool
    membership_ref: str | None


class HouseholdOut(BaseModel):
    id: str
    collective_id: str
    county: str
    township: str
    head_party_id: str
    address: str
    members: list[MemberOut]
    created_at: datetime
