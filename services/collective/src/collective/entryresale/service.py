"""The secondary market of entered land — 入市土地二级市场 (DOMAIN E15; E8, E12).

When an 入市 contract is signed, ``collective.entry_contracted`` (published by
``entrydeals``) carries its terms to listing — use, the term's start and end, the
transfer and mortgage flags, ``no_sale`` for rental housing — and listing registers a
re-listing only on them. The re-transfer's adjustment fund is quoted here, from the
county's rate table at its re-transfer row.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from collective.entry.service import get_plan
from collective.entrydeals.service import read_deal
from collective.entryresale import rules
from collective.params import PARAMS
from common.auth import Principal
from common.money import to_fen
from common.problems import FieldProblem, Refusal

_refused = Refusal("entry-resale-refused", "The re-transfer is refused", "入市土地再转让不予办理")


async def resale_fund(
    session: AsyncSession, who: Principal, deal_id: str, price: Decimal, costs: Decimal
) -> rules.ResaleQuote:
    """E12 on a re-transfer (E15): the county's re-transfer rate for the contract's use and
    way on the increment; a contract not signed, not transferable or ``no_sale`` land has
    no re-transfer to quote."""
    deal = await read_deal(session, who, deal_id)
    plan = await get_plan(session, deal.plan_id)
    problems: list[FieldProblem] = []
    if deal.signed_at is None:
        problems.append(
            FieldProblem("deal_id", "E15", "the contract is not signed yet", "入市合同尚未签订")
        )
    elif not deal.transfer_allowed:
        problems.append(
            FieldProblem(
                "deal_id", "E15", "the contract does not allow a transfer", "入市合同约定不得转让"
            )
        )
    if plan.land_use in rules.NO_SALE_USES:
        problems.append(
            FieldProblem(
                "deal_id",
                "E8",
                "rental-housing land is never sold (no_sale)",
                "保障性租赁住房用地不得出售",
            )
        )
    table = await PARAMS.get(session, deal.county, "adjustment_fund_rates")
    row = rules.fund_rate(table, plan.land_use, plan.way, first_entry=False)
    if row is None and not problems:
        problems.append(
            FieldProblem(
                "deal_id",
                "E12",
                f"the county has no re-transfer fund rate for {plan.land_use}",
                "县级调节金比例表无该用途的再转让比例",
            )
        )
    if problems:
        raise _refused(problems)
    assert row is not None
    fund = rules.resale_fund(to_fen(price), deal.price_fen, to_fen(costs), row.rate)
    return rules.ResaleQuote(deal.id, plan.land_use, plan.way, deal.price_fen, to_fen(costs), fund)
