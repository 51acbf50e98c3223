"""R24: the pilot statistics as typed rows."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money


class PilotRow(BaseModel):
    """One county × lender × right class (land / housing) for the period."""

    county: str
    lender_org_id: str = Field(
        description="The bank, or `enterprise` / `person` for non-bank mortgagees (R23)."
    )
    right_class: Literal["land", "housing"]
    registered: int = Field(0, description="Liens registered in the period.")
    registered_amount: Money = Field(description="Their secured amount.")
    outstanding: int = Field(0, description="Liens active at the period's end.")
    outstanding_amount: Money
    discharged_repaid: int = 0
    discharged_waived: int = 0
    discharged_enforced: int = Field(0, description="Ended by a disposal's settled trade.")
    disposals: int = Field(0, description="Disposals recorded or requested in the period.")
    disposals_settled: int = 0
    disposal_proceeds: Money
    disposal_to_lender: Money
    compensation_to_lender: Money = Field(description="R12 payouts to the lender's liens.")
    overdue_visits: int = Field(0, description="Visits due in the period that ran overdue.")


class PilotStatistics(BaseModel):
    """两权抵押试点专项统计 for one county and period, with its filing deadline."""

    county: str
    period: str
    kind: Literal["monthly", "quarterly", "annual"]
    start: date
    end: date = Field(description="The period's last day.")
    due: date = Field(description="The filing is due by this day (R24).")
    rows: list[PilotRow]
