"""Pure rules of the homestead inventory — 一户一宅 (DOMAIN Z2): a household's status is
derived from its parcels, never entered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# 通过正常审批、依法继承等形成的“一户多宅” is lawful; an unlawful occupation is not
LAWFUL_ORIGINS = ("approved", "inherited", "historical")


@dataclass(frozen=True)
class ParcelFacts:
    origin: str
    area_m2: Decimal


def household_status(parcels: Sequence[ParcelFacts], area_limit_m2: Decimal | None) -> str:
    """none / one / multiple_lawful / multiple_unlawful / over_area.

    Precedence (the most serious first): several parcels one of which is unlawful →
    ``multiple_unlawful``; a parcel above the county's area limit (unset: never) →
    ``over_area``; several lawful parcels → ``multiple_lawful``.
    """
    if not parcels:
        return "none"
    if len(parcels) > 1 and any(p.origin not in LAWFUL_ORIGINS for p in parcels):
        return "multiple_unlawful"
    if area_limit_m2 is not None and any(p.area_m2 > area_limit_m2 for p in parcels):
        return "over_area"
    return "multiple_lawful" if len(parcels) > 1 else "one"


def has_homestead(status: str) -> bool:
    """One household, one homestead: any parcel at all counts (一户一宅)."""
    return status != "none"


def lease_end(term_start: date | None, term_end: date | None, max_years: int) -> date | None:
    """The last day the parcel's use follows a lease (Z6): the traded term, cut to
    ``max_years`` from its start (民法典 705: a lease beyond 20 years is void beyond them).
    No end known: none (the lease runs until the village officer records otherwise)."""
    if term_end is None:
        return None
    if term_start is None:
        return term_end
    try:
        cap = term_start.replace(year=term_start.year + max_years)
    except ValueError:  # 29 February, as listing's L24 counts it
        cap = term_start.replace(year=term_start.year + max_years, day=28)
    return min(term_end, cap - timedelta(days=1))
