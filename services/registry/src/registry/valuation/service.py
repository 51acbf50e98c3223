"""Valuation use cases: the county's loan-to-value limits (R7) and the public loan
estimate (贷款测算, R6/R7) — reads of county parameters, nothing stored."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.money import from_fen, to_fen
from registry.params import PARAMS
from registry.valuation.rules import (
    Estimate,
    LtvLimits,
    family_land_value,
    transferred_land_value,
)
from registry.valuation.schemas import EstimateIn


async def ltv_limits(session: AsyncSession, county: str) -> LtvLimits:
    return LtvLimits(
        normal=await PARAMS.get(session, county, "ltv_normal"),
        maximum=await PARAMS.get(session, county, "ltv_max"),
        enhanced_cap=await PARAMS.get(session, county, "ltv_enhanced_cap"),
    )


async def estimate(session: AsyncSession, who: Principal | None, body: EstimateIn) -> Estimate:
    """The right's value (R6) with the county's cap, and its loan-to-value limits (R7)."""
    price = to_fen(body.annual_price_per_mu)
    cap = to_fen(await PARAMS.get(session, body.county, "family_land_cap_per_mu"))
    if body.origin == "transfer":
        value = transferred_land_value(body.area_mu, body.years, price)
        capped, basis = False, "面积 × 剩余已付年限 × 每亩年流转费"
    else:
        value = family_land_value(body.area_mu, price, body.years, cap)
        capped = price * body.years > cap  # the cap is per mu over all the years
        basis = f"面积 × 同类土地年均流转价格 × 剩余承包年限，每亩不超过 {from_fen(cap)} 元"
    return Estimate(value, capped, basis, await ltv_limits(session, body.county))
