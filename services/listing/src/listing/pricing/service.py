"""A listing's reference price — 参考价 (L16): the county's tables applied to a listing.

Construction land by the base land price table (004), farmland by 001 Appendix E; the
figures are ``rules``; this reads the county parameters and the clock.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.money import to_fen
from common.problems import invalid_field
from listing.access import require_readable
from listing.listings.models import Listing
from listing.params import PARAMS, BaseLandPriceTable
from listing.pricing import rules


def today(session: AsyncSession) -> date:
    return local_date(now(session))


async def reference(
    session: AsyncSession, who: Principal, listing: Listing
) -> rules.ListingReference:
    """L16: construction land by the base land price table, farmland by Appendix E; the
    centre reads its county's listings, the window its township's (require_readable)."""
    require_readable(who, listing)
    return await compute_reference(session, listing)


async def compute_reference(session: AsyncSession, listing: Listing) -> rules.ListingReference:
    """L16's reference, no access check (the caller checked: the reference page, or L25's
    monthly report for the county)."""
    reserve = listing.reserve_price_fen
    if listing.price_class and (listing.land_grade is None or listing.area_m2):
        return await _construction_land(session, listing, reserve)
    if listing.annual_transfer_price_fen is not None:
        # L23: grassland has its own cap, the farmland figure until the county sets it
        key = (
            "grassland_value_cap_per_mu"
            if listing.product == "grassland"
            else "farmland_value_cap_per_mu"
        )
        cap = to_fen(await PARAMS.get(session, listing.county, key))
        years = rules.remaining_years(listing, today(session))
        ref = rules.farmland_reference(
            listing.area_mu, listing.annual_transfer_price_fen, years, cap, reserve
        )
        return rules.ListingReference(ref, reserve, None)
    raise invalid_field(
        "price_class",
        "L16",
        "the listing has no data for a reference price",
        "缺少计算参考价所需的数据",
    )


async def _construction_land(
    session: AsyncSession, listing: Listing, reserve: int
) -> rules.ListingReference:
    """L16 with L22: the table version in force on the registration day (today before it),
    its staleness, and no reference outside the graded zones."""
    recorded = listing.price_table or {}
    on = date.fromisoformat(recorded["on"]) if recorded else today(session)
    table: BaseLandPriceTable = await PARAMS.get(session, listing.county, "base_land_prices", on=on)
    years = await PARAMS.get(session, listing.county, "price_table_stale_years")
    meta = {
        "valuation_date": table.valuation_date,
        "document_no": table.document_no or None,
        "table_version": recorded.get("version"),
        "stale": rules.stale(table.valuation_date, today(session), years),
    }
    if listing.land_grade is None:  # outside the graded zones (定级范围外)
        return rules.ListingReference(rules.NO_REFERENCE, reserve, **meta)
    graded, row = table.zone_price(listing.price_class or "", listing.land_grade)
    if not graded:
        raise invalid_field(
            "price_class",
            "L16",
            "no base land price for this use and grade",
            "基准地价表中无此用途和级别",
        )
    if row is None:  # the zone's column has no price (控制区 "/"): none, not 0 (L22)
        return rules.ListingReference(rules.NO_REFERENCE, reserve, **meta)
    ref = rules.construction_land_reference(row, listing.area_m2, reserve)
    return rules.ListingReference(ref, reserve, **meta)
