"""Requests and views of the homestead reserve — 宅基地收储 (Z10)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Disposition = Literal["reallocate", "reclaim_farmland", "forest", "build", "held"]


class ReserveIn(BaseModel):
    parcel_id: str = Field(min_length=1, max_length=32)
    source: Literal["idle", "recovered"] = "idle"
    reference: str = Field(min_length=1, max_length=100)
    disposition: Disposition = "held"


class DispositionIn(BaseModel):
    disposition: Disposition


class ReallocationIn(BaseModel):
    household_id: str = Field(min_length=1, max_length=32)
    resolution_id: str = Field(min_length=1, max_length=32, description="The collective's X5.")
    approval_ref: str = Field(min_length=1, max_length=100, description="宅基地批准书 number.")


class UseIn(BaseModel):
    disposition: Literal["reclaim_farmland", "forest", "build"]
    reference: str = Field(min_length=1, max_length=100)


class ReserveOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    parcel_id: str
    collective_id: str
    source: str
    reference: str
    disposition: str
    status: str
    household_id: str | None
    resolution_id: str | None
    entered_at: datetime
    closed_at: datetime | None
