"""Bodies of post-loan visits (R14)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class VisitIn(BaseModel):
    """An on-site revisit: collateral condition, use of funds, operation (001 6.1)."""

    model_config = ConfigDict(extra="forbid")

    visited_on: date
    collateral_condition: Literal["normal", "degraded", "damaged", "lost"]
    use_of_funds: Literal["as_agreed", "diverted", "unknown"]
    operation: Literal["normal", "difficult", "stopped"]
    notes: str = Field("", max_length=2000)


class VisitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    lien_id: str
    lender_org_id: str
    due_on: date
    status: str
    visited_on: date | None
    findings: dict | None
    warning: bool
    recorded_by: str | None
    recorded_at: datetime | None
