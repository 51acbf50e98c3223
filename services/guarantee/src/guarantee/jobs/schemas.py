"""Job bodies — 后台任务 (issue 19)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from common.county_config import COUNTY_CODE


class G9JobIn(BaseModel):
    county: str = Field(pattern=COUNTY_CODE, description="The county's 6-digit code")
    period: str = Field(pattern=r"^(20[0-9]{2}|2100)(-Q[1-4])?$", description='"2026-Q1" or "2026"')
    format: Literal["xlsx", "pdf"] = "xlsx"
