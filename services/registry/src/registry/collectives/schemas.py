"""Bodies of collective organizations and members (L10, L11, R4)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from common.ids import PartyId

#: Division codes (GB/T 2260 county, township with its village digits).
COUNTY = r"^[0-9]{6}$"
TOWNSHIP = r"^[0-9]{6,16}$"


class CollectiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[0-9A-Za-z\-]{3,64}$")
    name: str = Field(min_length=1, max_length=200)
    county: str = Field(pattern=COUNTY)
    township: str = Field(pattern=TOWNSHIP)


class CollectiveOut(CollectiveIn):
    model_config = ConfigDict(from_attributes=True)


class MemberIn(BaseModel):
    """A member joins, changes or leaves; homestead qualification — 宅基地资格权."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    member: bool = True
    homestead_qualified: bool = False
    reason: str = Field(min_length=1, max_length=1000)


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    collective_id: str
    party_id: str
    name: str
    member: bool
    homestead_qualified: bool
    version: int
    changed_at: datetime


PartyPath = PartyId
