"""Requests and views of the share register — 股权 (Z11)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class SharesIn(BaseModel):
    shares: int = Field(ge=0, le=1_000_000, description="0 removes the member's shares.")


class ShareholdingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    collective_id: str
    party_id: str
    shares: int
    updated_at: datetime
