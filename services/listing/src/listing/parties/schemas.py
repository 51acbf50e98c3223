"""Request bodies of the party endpoints — 交易主体."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class BarIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
