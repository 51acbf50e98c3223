"""The secondary market of entered land — 入市土地二级市场 (DOMAIN E15; E8, E12).

When an 入市 contract is signed, ``collective.entry_contracted`` (published by
``entrydeals``) carries its terms to listing — use, the term's start and end, the
transfer and mortgage flags, ``no_sale`` for rental housing — and listing registers a
re-listing only on them. The re-transfer's adjustment fund is quoted here, from the
county's rate table at its re-transfer row. bidding's trade of a re-listing becomes a
re-transfer (``entry_resales``); the natural resources bureau settles its fund — proven
paid by the seller's receipt, or withheld from the seller's proceeds at bidding's
release — and ``collective.entry_settled`` (with the trade) lets registry record the
transfer (E12).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import EntryReadable
from collective.entry.models import EntryPlan
from collective.entry.service import get_plan
from collective.entrydeals.models import EntryDeal
from collective.entrydeals.service import get_deal, publish_settled, read_deal
from collective.entryresale import rules
from collective.entryresale.models import EntryResale
from collective.entryresale.schemas import FundProofIn, ResaleSettlementIn
from collective.entryresale.states import ENTRY_RESALE
from collective.params import PARAMS, FundRate
from common.audit import record_decision, record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.contracts.bidding import TradeConcluded
from common.db import all_of
from common.keys import new_id
from common.money import from_fen, to_fen
from common.problems import FieldProblem, Problem, Refusal

_refused = Refusal("entry-resale-refused", "The re-transfer is refused", "入市土地再转让不予办理")


async def resale_fund(
    session: AsyncSession, who: Principal, deal_id: str, price: Decimal, costs: Decimal
) -> rules.ResaleQuote:
    """E12 on a re-transfer (E15): the county's re-transfer rate for the contract's use and
    way on the increment; a contract not signed, not transferable or ``no_sale`` land has
    no re-transfer to quote."""
    deal = await read_deal(session, who, deal_id)
    plan = await get_plan(session, deal.plan_id)
    row, problems = await _rate(session, deal, plan)
    if problems:
        raise _refused(problems)
    fund = rules.resale_fund(to_fen(price), deal.price_fen, to_fen(costs), row.rate)
    return rules.ResaleQuote(deal.id, plan.land_use, plan.way, deal.price_fen, to_fen(costs), fund)


async def _rate(
    session: AsyncSession, deal: EntryDeal, plan: EntryPlan
) -> tuple[FundRate, list[FieldProblem]]:
    """The county's re-transfer rate of the deal's land, or why it has no re-transfer."""
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
    return row, problems  # type: ignore[return-value]  # row is None only with problems


async def follow_resale(session: AsyncSession, ev: TradeConcluded) -> EntryResale | None:
    """bidding concluded the trade of a re-listing of a deal's land (E15): the re-transfer
    whose fund is settled before registry records it (E12). Once per trade; a trade of
    an unknown deal is refused and recorded (X2)."""
    assert ev.entry_deal_id is not None
    deal = await session.get(EntryDeal, ev.entry_deal_id)
    if deal is None:
        await record_decision(
            session,
            subject_type="entry_deal",
            subject_id=ev.entry_deal_id,
            action="entry_resale.refused",
            by=None,
            rule="E15",
            reason="the re-listed 入市 deal is unknown",
            data={"trade_id": ev.trade_id, "listing_id": ev.listing_id},
        )
        return None
    existing = await session.execute(select(EntryResale).where(EntryResale.trade_id == ev.trade_id))
    if existing.scalar_one_or_none() is not None:
        return None
    resale = EntryResale(
        id=new_id(),
        deal_id=deal.id,
        trade_id=ev.trade_id,
        listing_id=ev.listing_id,
        collective_id=deal.collective_id,
        county=deal.county,
        township=deal.township,
        status="concluded",
        seller_party_id=deal.buyer_credit_code,
        buyer_party_id=ev.buyer_party_id,
        buyer_name=ev.buyer_name,
        price_fen=to_fen(ev.price),
        concluded_at=ev.concluded_at,
    )
    session.add(resale)
    await session.flush()
    await record_on(
        session,
        resale,
        action="entry_resale.conclude",
        by=None,
        rule="E15",
        data={"trade_id": ev.trade_id, "price_fen": resale.price_fen},
    )
    return resale


#: read through its deal's readers (``read_resale``), decided by the bureau (``for_bureau``)
RESALES = EntryReadable(EntryResale, "entry resale", "入市土地再转让")
get_resale = RESALES.get


async def read_resale(session: AsyncSession, who: Principal, resale_id: str) -> EntryResale:
    resale = await get_resale(session, resale_id)
    await read_deal(session, who, resale.deal_id)  # the deal's readers read its re-transfers
    return resale


async def resales_of_deal(session: AsyncSession, who: Principal, deal_id: str) -> list[EntryResale]:
    """The re-transfers of a deal's land, oldest first (the bureau finds one by its trade)."""
    deal = await read_deal(session, who, deal_id)
    return await all_of(
        session,
        EntryResale,
        EntryResale.deal_id == deal.id,
        order_by=[EntryResale.concluded_at, EntryResale.id],
    )


def _not_settled(resale: EntryResale) -> None:
    if resale.status != "concluded":
        raise Problem(
            409,
            "entry-resale-state",
            f"The re-transfer is {resale.status}: its fund is settled once",
            "该再转让的调节金已结算",
            rule="E12",
        )


async def _fund(
    session: AsyncSession, resale: EntryResale, costs_fen: int
) -> tuple[EntryDeal, EntryPlan, rules.ResaleFund]:
    deal = await get_deal(session, resale.deal_id)
    plan = await get_plan(session, deal.plan_id)
    row, problems = await _rate(session, deal, plan)
    if problems:
        raise _refused(problems)
    return deal, plan, rules.resale_fund(resale.price_fen, deal.price_fen, costs_fen, row.rate)


async def prove_paid(
    session: AsyncSession, who: Principal, resale_id: str, body: FundProofIn
) -> EntryResale:
    """E12 ``proven_paid``: the seller paid the re-transfer's fund directly — the tax or
    finance receipt (number, amount, date, document) recorded by the natural resources
    bureau, for exactly the fund computed on the stated costs (one fen off is refused);
    the settlement then withholds nothing."""
    resale = await RESALES.for_bureau(session, who, resale_id)
    _not_settled(resale)
    if resale.fund == "proven_paid":
        raise Problem(
            409,
            "entry-resale-proven",
            "The fund of this re-transfer is already proven paid",
            "该再转让调节金已证明缴纳",
            rule="E12",
        )
    _deal, _plan, fund = await _fund(session, resale, to_fen(body.costs))
    problems: list[FieldProblem] = []
    if to_fen(body.amount) != fund.fund_fen:
        problems.append(
            FieldProblem(
                "amount",
                "E12",
                f"the receipt is for {body.amount}, the fund is {from_fen(fund.fund_fen)}: "
                "it must be paid exactly",
                f"缴款凭证金额与应缴调节金{from_fen(fund.fund_fen)}元不符",
            )
        )
    if body.paid_on > local_date(now(session)):
        problems.append(
            FieldProblem(
                "paid_on", "E12", "the receipt is dated later than today", "缴款日期晚于今日"
            )
        )
    if problems:
        raise _refused(problems, status=422)
    _apply(resale, fund, to_fen(body.costs))
    resale.fund = "proven_paid"
    resale.receipt_no, resale.receipt_paid_on = body.receipt_no, body.paid_on
    resale.receipt_document_id, resale.proven_at = body.document_id, now(session)
    await record_on(
        session,
        resale,
        action="entry_resale.proven_paid",
        by=who,
        rule="E12",
        data={"receipt_no": body.receipt_no, "fund_fen": fund.fund_fen},
    )
    return resale


def _apply(resale: EntryResale, fund: rules.ResaleFund, costs_fen: int) -> None:
    resale.costs_fen, resale.fund_rate = costs_fen, fund.rate
    resale.increment_fen, resale.fund_fen = fund.base_fen, fund.fund_fen


async def settle_resale(
    session: AsyncSession, who: Principal, resale_id: str, body: ResaleSettlementIn
) -> EntryResale:
    """The re-transfer's fund settled by the natural resources bureau (E12, E15): proven
    paid, or withheld from the seller's proceeds at bidding's release; registry records
    the transfer only after ``collective.entry_settled``."""
    resale = await RESALES.for_bureau(session, who, resale_id)
    _not_settled(resale)
    costs = to_fen(body.costs)
    if resale.fund == "proven_paid" and costs != resale.costs_fen:
        raise _refused(
            [
                FieldProblem(
                    "costs",
                    "E12",
                    f"the fund was proven paid on costs of {from_fen(resale.costs_fen or 0)}",
                    "成本与已证明缴纳调节金时申报的不一致",
                )
            ],
            status=422,
        )
    deal, plan, fund = await _fund(session, resale, costs)
    _apply(resale, fund, costs)
    resale.fund = resale.fund or "withheld"
    ENTRY_RESALE.move(resale, "settled", "settle")
    resale.settled_at = now(session)
    await record_on(
        session,
        resale,
        action="entry_resale.settle",
        by=who,
        rule="E12",
        data={"fund": resale.fund, "fund_fen": fund.fund_fen, "increment_fen": fund.base_fen},
    )
    await publish_settled(
        session,
        deal,
        plan,
        listing_id=resale.listing_id,
        buyer_party_id=resale.buyer_party_id,
        buyer_name=resale.buyer_name,
        price_fen=resale.price_fen,
        fund_fen=fund.fund_fen,
        fund=resale.fund,  # type: ignore[arg-type]
        settled_at=resale.settled_at,
        trade_id=resale.trade_id,
    )
    return resale
