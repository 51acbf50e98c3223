"""Requests and views of the pilot scope — 试点范围 (Z13)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class PilotIn(BaseModel):
    enabled: bool
    reference: str = Field(min_length=1, max_length=100, description="The county's decision.")


class PilotOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    county: str
    township: str
    enabled: bool
    reference: str
    changed_at: datetime
