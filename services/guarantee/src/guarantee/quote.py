"""劝耕贷测算 — the public quote for the loan calculator (G3, G4): for a wished loan, the
amount range a guarantee covers, the loan rate cap and the guarantee fee at the highest
rate. No token, nothing stored; one borrower's other guarantees are not known here, so
the range is the per-borrower one (an application checks the balance, G3).
"""

from __future__ import annotations

from fastapi import Depends
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from common.money import Money, Rate, from_fen, to_fen
from common.routes import get_session, router
from guarantee.parameters import PARAMS
from guarantee.rules import guarantee_fee, max_loan_rate

r = router(tags=["quote — 劝耕贷测算"])


class QuoteIn(BaseModel):
    county: str = Field("620821", pattern=r"^[1-9][0-9]{5}$", description="County code")
    amount: Money = Field(description="The loan the farmer hopes for (元)")


class QuoteOut(BaseModel):
    eligible: bool = Field(description="The amount lies in the G3 range")
    minimum: Money = Field(description="G3: the least guaranteed amount")
    maximum: Money = Field(description="G3: one borrower's cap (not a leading enterprise)")
    guaranteed_amount: Money = Field(description="The amount within the range (0 if below)")
    loan_rate_cap: Rate = Field(description="G4: base rate × (1 + markup)")
    fee_rate_cap: Rate = Field(description="G4: the highest guarantee fee rate")
    fee_at_cap: Money = Field(description="G4: the guarantee fee at that rate")


@r.post("/quote", response_model=QuoteOut)
async def quote(body: QuoteIn, session: AsyncSession = Depends(get_session)) -> QuoteOut:
    """What a Quangengdai guarantee would cover and cost (G3, G4); no token."""
    amount = to_fen(body.amount)
    minimum = to_fen(await PARAMS.get(session, body.county, "balance_min"))
    maximum = to_fen(await PARAMS.get(session, body.county, "balance_max"))
    eligible = amount >= minimum
    covered = min(amount, maximum) if eligible else 0
    fee_rate = await PARAMS.get(session, body.county, "fee_rate_max")
    rate_cap = max_loan_rate(
        await PARAMS.get(session, body.county, "base_loan_rate"),
        await PARAMS.get(session, body.county, "loan_rate_max_markup"),
    )
    return QuoteOut(
        eligible=eligible,
        minimum=from_fen(minimum),
        maximum=from_fen(maximum),
        guaranteed_amount=from_fen(covered),
        loan_rate_cap=rate_cap,
        fee_rate_cap=fee_rate,
        fee_at_cap=from_fen(guarantee_fee(covered, fee_rate)),
    )
