"""Request bodies of the reports area (G13)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from common.money import Money


class FiscalDepositsIn(BaseModel):
    """The fiscal deposits the finance bureau places with the banks — 财政性存款."""

    model_config = ConfigDict(extra="forbid")

    amount: Money


class RectificationIn(BaseModel):
    """A 通报 to a township (G14)."""

    model_config = ConfigDict(extra="forbid")

    township_id: str = Field(min_length=1, max_length=32)
    reason: str = Field(min_length=1, max_length=4000)
    period: str | None = Field(None, max_length=8, description='"YYYY" or "YYYY-Qn"')


class RectificationCloseIn(BaseModel):
    """The township's result — 整改结果 (G14: no closing without it)."""

    model_config = ConfigDict(extra="forbid")

    result: str = Field(max_length=4000)


class RectificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    county: str
    township_id: str
    period: str | None
    reason: str
    issued_at: datetime
    deadline: date
    late: bool
    result: str | None
    closed_at: datetime | None
