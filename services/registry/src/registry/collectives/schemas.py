"""Bodies of the membership projection (L10, L11, R4, Z1)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

#: Division codes (GB/T 2260 county, township with its village digits).
COUNTY = r"^[0-9]{6}$"
TOWNSHIP = r"^[0-9]{6,16}$"


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    collective_id: str
    party_id: str
    name: str
    member: bool
    homestead_qualified: bool
    version: int
    changed_at: datetime
