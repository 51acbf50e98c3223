"""贷款测算 — what can a right borrow? (R6, R7): a public estimate, nothing stored.

The registry's own valuation rule (R6: family-contract land = area × annual transfer
price × remaining years, at most the county's cap per mu; transferred land = area ×
remaining paid years × annual fee) and its loan-to-value limits (R7: normal, maximum,
with credit enhancement), with the county's parameters. Attachments are left out: an
estimate for a farmer, not an appraisal.
"""

from __future__ import annotations

from common.routes import SessionDep
from common.routes import router as make_router
from registry.valuation import service, views
from registry.valuation.schemas import EstimateIn, EstimateOut

router = make_router(tags=["valuation — 价值评估"])


@router.post("/valuation/estimate", response_model=EstimateOut)
async def estimate(body: EstimateIn, session: SessionDep) -> EstimateOut:
    """The right's value (R6) and the loans it may secure (R7); no token, nothing stored."""
    return views.estimate_out(await service.estimate(session, None, body))
