"""Reference prices — 参考价 (L16): the pricing area's pure rules, no I/O.

Construction land: the base land price (基准地价) of the use class and grade × area,
with the allowed range (变幅) × area; a warning when the reserve price is below the
range's lower bound. Farmland: 001 Appendix E (R6) — area × average annual transfer
price × remaining years, the value per mu at most the cap (10,000 元/亩).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from common.money import apply_rate, to_fen
from listing.listings.models import Listing
from listing.params import BaseLandPrice


@dataclass(frozen=True)
class Reference:
    basis: str
    reference_fen: int | None  # None: no reference (outside the graded zones, L22)
    low_fen: int | None
    high_fen: int | None
    warning: bool


def remaining_whole_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (a part year does not count; never negative)."""
    if end <= start:
        return 0
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def farmland_reference_fen(
    area_mu: Decimal, annual_price_per_mu_fen: int, remaining_years: int, cap_per_mu_fen: int
) -> int:
    """001 Appendix E: 承包面积 × 同类地块平均年流转价格 × 剩余年限, ≤ cap per mu."""
    if area_mu < 0 or annual_price_per_mu_fen < 0 or remaining_years < 0:
        raise ValueError("area, price and years must not be negative")
    per_mu = min(annual_price_per_mu_fen * remaining_years, cap_per_mu_fen)
    return apply_rate(per_mu, area_mu)


def construction_land_reference(
    row: BaseLandPrice, area_m2: Decimal, reserve_fen: int
) -> Reference:
    """Base land price × area, with the 变幅 range; warn below the lower bound."""
    price = apply_rate(to_fen(row.price_per_m2), area_m2)
    low = apply_rate(to_fen(row.range_low), area_m2)
    high = apply_rate(to_fen(row.range_high), area_m2)
    return Reference(
        basis=f"base_land_price:{row.use}:grade{row.grade}",
        reference_fen=price,
        low_fen=low,
        high_fen=high,
        warning=reserve_fen < low,
    )


def farmland_reference(
    area_mu: Decimal,
    annual_price_per_mu_fen: int,
    remaining_years: int,
    cap_per_mu_fen: int,
    reserve_fen: int,
) -> Reference:
    """001 Appendix E as a reference: warn when the reserve is below it."""
    value = farmland_reference_fen(
        area_mu, annual_price_per_mu_fen, remaining_years, cap_per_mu_fen
    )
    return Reference(
        basis=f"appendix_e:{remaining_years}y",
        reference_fen=value,
        low_fen=None,
        high_fen=None,
        warning=reserve_fen < value,
    )


#: L22: outside the graded zones there is no reference — "none", never 0, and no warning.
NO_REFERENCE = Reference("none", None, None, None, False)


@dataclass(frozen=True)
class ListingReference:
    """A listing's L16 reference beside its reserve price, with the table it came from
    (L22: notice, version, and whether its valuation date is stale)."""

    reference: Reference
    reserve_fen: int
    valuation_date: date | None
    document_no: str | None = None
    table_version: int | None = None
    stale: bool = False


def stale(valuation_date: date, today: date, years: int) -> bool:
    """L22 (基准地价每隔2-3年更新): a table older than ``years`` from its valuation date
    warns; 2018-01-01 tables are stale from 2021-01-01 with 3 years."""
    try:
        due = valuation_date.replace(year=valuation_date.year + years)
    except ValueError:  # 29 February
        due = valuation_date.replace(year=valuation_date.year + years, day=28)
    return today >= due


def remaining_years(listing: Listing, today: date) -> int:
    """The whole years of the listing's term left from ``today`` (or its start, if later)."""
    if listing.term_end is None:
        return 0
    start = max(today, listing.term_start) if listing.term_start else today
    # the term's end day is included: 2026-05-01 … 2036-04-30 is ten years
    return remaining_whole_years(start, listing.term_end + timedelta(days=1))
