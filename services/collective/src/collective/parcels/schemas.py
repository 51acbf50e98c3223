"""Requests and views of the homestead inventory — 宅基地台账 (Z2)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Origin = Literal["approved", "inherited", "historical", "unlawful"]
Use = Literal["self", "leased", "idle", "derelict"]


class ParcelIn(BaseModel):
    number: str = Field(min_length=1, max_length=40, description="宗地代码.")
    collective_id: str = Field(min_length=1, max_length=64)
    household_id: str | None = Field(
        None, max_length=32, description="None: held by the collective."
    )
    location: str = Field(min_length=1, max_length=200)
    area_m2: Decimal = Field(gt=0, le=Decimal("100000"), decimal_places=2)
    origin: Origin
    approval_ref: str | None = Field(None, max_length=100, description="宅基地批准书 number.")
    house_type: str | None = Field(None, max_length=40)
    use: Use = "self"
    certificate_no: str | None = Field(None, max_length=64, description="房地一体 certificate.")
    violation_note: str | None = Field(None, max_length=2000, description="违法用地及处罚情况.")


class FinaliseIn(BaseModel):
    resolution_id: str = Field(
        min_length=1, max_length=32, description="The inventory's X5 resolution."
    )


class ParcelOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    number: str
    collective_id: str
    county: str
    township: str
    household_id: str | None
    location: str
    area_m2: Decimal
    origin: str
    approval_ref: str | None
    house_type: str | None
    use: str
    certificate_no: str | None
    violation: bool
    violation_note: str | None
    status: str
    resolution_id: str | None
    recorded_at: datetime
    finalised_at: datetime | None


class HomesteadStatusOut(BaseModel):
    household_id: str
    status: Literal["none", "one", "multiple_lawful", "multiple_unlawful", "over_area"]
    area_limit_m2: Decimal | None
    total_area_m2: Decimal
    parcels: list[ParcelOut]
