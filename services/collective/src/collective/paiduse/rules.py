"""Pure rules of paid use — 有偿使用 (DOMAIN Z9): the yearly bill, exact to the fen, and the
contract years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from common.money import apply_rate


def yearly_fen(fee_per_m2_fen: int, area_m2: Decimal) -> int:
    """fee per m² × area, rounded half up to the fen."""
    return apply_rate(fee_per_m2_fen, area_m2)


def period_start(start: date, year_no: int) -> date:
    """The first day of contract year ``year_no`` (a 29 February start falls on the 28th)."""
    year = start.year + year_no - 1
    try:
        return start.replace(year=year)
    except ValueError:
        return start.replace(year=year, day=28)
