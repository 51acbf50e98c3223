"""The homestead statistics — 宅基地改革统计 (Z13, X7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel

from common.money import Money


class Statistics(BaseModel):
    county: str
    township: str | None
    at: datetime
    pilot_collectives: int
    pilot_townships: int
    qualified_households: int
    parcels_by_use: dict[str, int]
    parcels_by_inventory_status: dict[str, int]
    approvals: int
    approval_days_mean: Decimal | None
    filings_late: int
    withdrawals: int
    withdrawn_m2: Decimal
    withdrawal_compensation: Money
    reserve_parcels: int
    reserve_mu: Decimal
    transfers_by_kind: dict[str, int]
    leased_parcels: int
    active_liens: int
    registered_parcels: int
    registration_progress_percent: Decimal | None
    registration_target_percent: Decimal
    registration_target_met: bool
