"""Valuation use cases: the county's loan-to-value limits (R7) and the public loan
estimate (贷款测算, R6/R7) — reads of county parameters — and the register of appraisers
a third-party valuation comes from (L20 for R6), followed from listing."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.contracts.listing import IntermediaryChanged
from common.intermediaries import follow, licence_problems, register_of
from common.money import from_fen, to_fen
from common.problems import FieldProblem
from registry.params import PARAMS
from registry.valuation.models import RegisteredAppraiser
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


async def follow_appraiser(
    session: AsyncSession, who: Principal | None, e: IntermediaryChanged
) -> None:
    """listing's register changed an appraiser (L20): the projection R6 reads."""
    await follow(session, RegisteredAppraiser, e)


async def appraiser_problems(
    session: AsyncSession, county: str, licence_no: str | None, on: date
) -> list[FieldProblem]:
    """R6 with L20: once the county has filed any appraiser in listing's register, a
    third-party valuation names one active and valid on the valuation date. A county
    with no appraiser filed yet is not held to the register (as E5)."""
    register = await register_of(session, RegisteredAppraiser, county)
    if not register:
        return []
    return licence_problems(
        register,
        licence_no,
        on,
        field="appraiser_licence_no",
        kind_en="appraiser",
        kind_zh="评估机构",
    )
