"""Requests and views of collectives and households — 集体经济组织与农户."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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


#: Why a member leaves the collective (成员身份丧失): death; membership acquired in another
#: collective; a written renunciation; or another cause the collective decided (X5).
LeaveCause = Literal["deceased", "joined_other_collective", "renounced_in_writing", "decided"]


class MemberLeaveIn(BaseModel):
    """A member leaves the collective — 成员身份丧失 (Z1): the cause and its document (a death
    certificate, the other collective's confirmation, the written renunciation, the X5
    decision). A household head who leaves names the member who heads it now."""

    cause: LeaveCause
    reference: str = Field(min_length=1, max_length=100)
    new_head_party_id: PartyId | None = None


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    party_id: str
    name: str
    adult: bool
    confirmed: bool
    membership_ref: str | None
    left_at: datetime | None = None
    left_cause: str | None = None
    left_ref: str | None = None


class HouseholdOut(BaseModel):
    id: str
    collective_id: str
    county: str
    township: str
    head_party_id: str
    address: str
    members: list[MemberOut]
    created_at: datetime
