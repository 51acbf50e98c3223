"""The monthly market report's body — 市场监测月报 (L25)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from common.money import Money


class StopOut(BaseModel):
    listing_id: str
    action: str = Field(description="suspended | terminated (L12)")
    reason_code: str | None
    reason: str | None
    at: datetime


class ReserveOut(BaseModel):
    listing_id: str
    reserve_price: Money
    reference_value: Money | None = Field(description="None: no reference (L22).")
    below_range: bool = Field(description="L16: the reserve is below the reference's bound.")


class TownshipOut(BaseModel):
    township: str | None = Field(description="None on the county's total row.")
    by_state: dict[str, int]
    closed: int = Field(description="Announcements closed in the month (L7).")
    failed: int = Field(description="Of those, failed for want of a buyer (流标).")
    failure_rate: Decimal | None
    stops: list[StopOut]
    reserves: list[ReserveOut]
    restriction_hits: int = Field(description="Registrations refused in the month (L13, G11).")
    forfeited_deposits: int = Field(0, description="Deposits forfeited in the month (B5).")
    forfeited_amount: Money = Field(Decimal(0), description="Their sum, exact to the fen.")


class FlagOut(BaseModel):
    flag_id: int
    collective_id: str
    asset: str
    value: Money
    recorded_on: date
    age_days: int
    warning: bool = Field(description="Older than the county's warning age (L25).")


class MonitoringOut(BaseModel):
    """L25: one county's month for the supervisor, per township and in total."""

    county: str
    month: date
    as_of: date
    townships: list[TownshipOut]
    county_total: TownshipOut
    off_exchange_flags: list[FlagOut]
    active_bars: int
    active_blacklist: int
    forfeited_deposit_count: int = Field(description="Deposits forfeited in the month (B5).")
    forfeited_deposits: Money = Field(
        description="Their sum, exact to the fen (followed from bidding.deposit_forfeited)."
    )
