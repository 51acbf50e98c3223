"""贷款测算 — what can a right borrow? (R6, R7): a public estimate, nothing stored.

The registry's own valuation rule (R6: family-contract land = area × annual transfer
price × remaining years, at most the county's cap per mu; transferred land = area ×
remaining paid years × annual fee) and its loan-to-value limits (R7: normal, maximum,
with credit enhancement), with the county's parameters. Attachments are left out: an
estimate for a farmer, not an appraisal.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from fastapi import Depends
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from common.money import Money, apply_rate, from_fen, to_fen
from common.routes import get_session, router
from registry.liens.service import ltv_limits
from registry.params import PARAMS
from registry.valuation.rules import family_land_value, transferred_land_value

r = router(tags=["valuation — 价值评估"])


class EstimateIn(BaseModel):
    county: str = Field("620821", pattern=r"^[1-9][0-9]{5}$", description="County code")
    origin: Literal["family_contract", "transfer"] = Field(
        description="family_contract: 家庭承包; transfer: 流转取得"
    )
    area_mu: Decimal = Field(gt=0, le=100_000, max_digits=12, decimal_places=4)
    annual_price_per_mu: Money = Field(
        description="family_contract: annual transfer price of similar land per mu; "
        "transfer: the annual fee actually paid per mu (元/亩/年)"
    )
    years: Decimal = Field(
        gt=0, le=70, max_digits=6, decimal_places=2, description="Remaining (paid) years"
    )


class Figure(BaseModel):
    amount: Money
    rule: str
    basis: str


class EstimateOut(BaseModel):
    value: Figure
    capped: bool = Field(description="The family-contract cap per mu lowered the value (R6)")
    normal_loan: Figure
    max_loan: Figure
    enhanced_loan: Figure


@r.post("/valuation/estimate", response_model=EstimateOut)
async def estimate(body: EstimateIn, session: AsyncSession = Depends(get_session)) -> EstimateOut:
    """The right's value (R6) and the loans it may secure (R7); no token, nothing stored."""
    price = to_fen(body.annual_price_per_mu)
    cap = to_fen(await PARAMS.get(session, body.county, "family_land_cap_per_mu"))
    if body.origin == "transfer":
        value = transferred_land_value(body.area_mu, body.years, price)
        capped, basis = False, "面积 × 剩余已付年限 × 每亩年流转费"
    else:
        value = family_land_value(body.area_mu, price, body.years, cap)
        capped = price * body.years > cap  # the cap is per mu over all the years
        basis = f"面积 × 同类土地年均流转价格 × 剩余承包年限，每亩不超过 {from_fen(cap)} 元"
    limits = await ltv_limits(session, body.county)

    def loan(rate: Decimal, what: str) -> Figure:
        return Figure(amount=from_fen(apply_rate(value, rate)), rule="R7", basis=what)

    return EstimateOut(
        value=Figure(amount=from_fen(value), rule="R6", basis=basis),
        capped=capped,
        normal_loan=loan(limits.normal, f"一般不超过评估价值的 {limits.normal:%}"),
        max_loan=loan(limits.maximum, f"说明理由后最高为评估价值的 {limits.maximum:%}"),
        enhanced_loan=loan(
            limits.enhanced_cap, f"有增信措施时最高为评估价值的 {limits.enhanced_cap:%}"
        ),
    )
