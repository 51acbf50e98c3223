"""Public reads — 公开信息 (DOMAIN G3, G4, G5, X3): what anyone may read without a token."""

from __future__ import annotations

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from common.money import to_fen
from guarantee.borrowers.models import Borrower
from guarantee.guarantees import notices
from guarantee.guarantees.models import Guarantee
from guarantee.guarantees.rules import max_loan_rate
from guarantee.params import PARAMS
from guarantee.public.rules import Quote
from guarantee.public.rules import quote as quote_rule


async def quote(session: AsyncSession, who: None, county: str, *, amount_fen: int) -> Quote:
    """What a Quangengdai guarantee would cover and cost in ``county`` (G3, G4)."""
    return quote_rule(
        amount_fen,
        minimum=to_fen(await PARAMS.get(session, county, "balance_min")),
        maximum=to_fen(await PARAMS.get(session, county, "balance_max")),
        loan_rate_cap=max_loan_rate(
            await PARAMS.get(session, county, "base_loan_rate"),
            await PARAMS.get(session, county, "loan_rate_max_markup"),
        ),
        fee_rate_cap=await PARAMS.get(session, county, "fee_rate_max"),
    )


async def on_notice(
    session: AsyncSession, who: None, county: str
) -> list[Row[tuple[Guarantee, Borrower]]]:
    """The county's guarantees on public notice, with their borrowers (G5)."""
    return await notices.on_notice(session, who, county)
