"""入市 after the trade — 成交公示、合同、备案、专户结算与分配 (DOMAIN E9, E11–E13).

bidding's concluded trade of an 入市 listing becomes the plan's deal; the result publicity
runs ``entry_publicity_working_days`` (5) working days and no contract is signed before it
ends (E9). The contract cites the county's 入市 model text (Z14) and carries L15's fields
and whether mortgage and transfer are allowed; it must be filed with the natural
resources bureau within ``entry_filing_days`` (30) — a persisted timer flags it late.
The proceeds are settled only into the collective's registered dedicated account, after
the filing (configurable), and split in order: the adjustment fund (调节金, withheld at
release, E12) → taxes and fees → the collective's retention → the members by the share
register (E13); the split cites the collective's X5 decision (E11).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import EntryReadable
from collective.collectives.service import collective_for_village
from collective.contracts.service import citation_problems
from collective.entry.models import EntryPlan
from collective.entry.service import EntryQueue, collective_for_entry_readers, get_plan, read_plan
from collective.entrydeals import repository, rules
from collective.entrydeals.models import EntryAccount, EntryDeal
from collective.entrydeals.schemas import AccountIn, ContractIn, FilingIn, SettlementIn
from collective.entrydeals.states import ENTRY_DEAL
from collective.params import PARAMS
from collective.resolutions.service import actionable_problems
from collective.shares.service import snapshot
from common.audit import record_decision, record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.contracts.bidding import TradeConcluded
from common.contracts.collective import EntryContracted, EntryPublicityStarted, EntrySettled
from common.keys import new_id
from common.money import from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Refusal, not_found
from common.scheduler import cancel_timer, schedule_timer

FILING_TIMER = "entry.filing_due"


_refused = Refusal("entry-deal-refused", "The 入市 step is refused", "入市成交事项不予办理")


DEALS = EntryReadable(EntryDeal, "entry deal", "入市成交")
get_deal = DEALS.get
read_deal = DEALS.read


#: the deals whose filing the bureau waits for (E9) and the collective's own
DEAL_QUEUE = EntryQueue(EntryDeal, (EntryDeal.concluded_at, EntryDeal.id), "入市 deals", "入市成交")


async def read_deal_of_plan(session: AsyncSession, who: Principal, plan_id: str) -> EntryDeal:
    """The plan's deal, made from bidding's trade (the officer finds it by the plan)."""
    plan = await read_plan(session, who, plan_id)
    deal = await repository.deal_of_plan(session, plan.id)
    if deal is None:
        raise not_found(f"the deal of entry plan {plan_id}", f"入市方案{plan_id}的成交")
    return deal


async def register_account(
    session: AsyncSession, who: Principal, collective_id: str, body: AccountIn
) -> EntryAccount:
    """The dedicated account (入市资金专门账户, E11), opened by the collective's X5 decision;
    a later registration replaces it."""
    c = await collective_for_village(session, who, collective_id)
    problems = await actionable_problems(
        session,
        body.resolution_id,
        collective_id=c.id,
        matters=("land_entry",),
    )
    if problems:
        raise _refused(problems, status=422)
    account = await session.get(EntryAccount, c.id, with_for_update=True)
    if account is None:
        account = EntryAccount(collective_id=c.id, county=c.county, township=c.township)
        session.add(account)
    account.account_no, account.bank = body.account_no, body.bank
    account.resolution_id, account.registered_at = body.resolution_id, now(session)
    await session.flush()
    await record_on(
        session,
        account,
        action="entry_account.register",
        by=who,
        rule="E11",
        data={"account_no": body.account_no},
    )
    return account


async def read_account(session: AsyncSession, who: Principal, collective_id: str) -> EntryAccount:
    c = await collective_for_entry_readers(session, who, collective_id)
    account = await session.get(EntryAccount, c.id)
    if account is None:
        raise not_found(f"entry account of {collective_id}", "入市资金专门账户")
    return account


async def follow_trade(session: AsyncSession, who: Principal | None, ev: TradeConcluded) -> None:
    """bidding concluded the trade of an 入市 listing: the plan's deal, its result publicity
    starting at the trade (E9). Once per plan: a redelivery, or a later round of the same
    plan, changes nothing; a trade the plan cannot take is refused and recorded (X2)."""
    assert ev.entry_plan_id is not None
    plan = await session.get(EntryPlan, ev.entry_plan_id, with_for_update=True)
    if plan is None or await repository.deal_of_plan(session, plan.id) is not None:
        if plan is None:
            await _refuse_trade(session, ev, "E4", "the plan is unknown")
        return
    price = to_fen(ev.price)
    reason = None
    if plan.status != "cleared":
        reason = ("E4", f"the plan is {plan.status}, not cleared for listing")
    elif price < plan.reserve_price_fen:
        reason = ("E5", "a price below the plan's reserve")
    if reason is not None:
        await _refuse_trade(session, ev, *reason)
        return
    days = await PARAMS.get(session, plan.county, "entry_publicity_working_days")
    calendar = await PARAMS.get(session, plan.county, "work_calendar")
    deal = EntryDeal(
        id=new_id(),
        plan_id=plan.id,
        collective_id=plan.collective_id,
        county=plan.county,
        township=plan.township,
        status="in_publicity",
        listing_id=ev.listing_id,
        buyer_name=ev.buyer_name,
        buyer_credit_code=ev.buyer_party_id,
        price_fen=price,
        concluded_at=ev.concluded_at,
        publicity_ends_at=calendar.deadline(ev.concluded_at, days),
        filing_late=False,
    )
    session.add(deal)
    await session.flush()
    await record_on(
        session,
        deal,
        action="entry_deal.conclude",
        by=who,
        rule="E9",
        data={
            "trade_id": ev.trade_id,
            "price_fen": price,
            "publicity_ends_at": deal.publicity_ends_at.isoformat(),
        },
    )
    # B6: bidding's contract deadline runs from the publicity's end, a fact owned here
    await record_event(
        session,
        EntryPublicityStarted(
            deal_id=deal.id,
            plan_id=plan.id,
            listing_id=deal.listing_id,
            trade_id=ev.trade_id,
            county=deal.county,
            concluded_at=deal.concluded_at,
            publicity_ends_at=deal.publicity_ends_at,
        ),
    )


async def _refuse_trade(session: AsyncSession, ev: TradeConcluded, rule: str, reason: str) -> None:
    await record_decision(
        session,
        subject_type="entry_plan",
        subject_id=ev.entry_plan_id or ev.listing_id,
        action="entry_deal.refused",
        by=None,
        rule=rule,
        reason=reason,
        data={"trade_id": ev.trade_id, "listing_id": ev.listing_id},
    )


async def sign(session: AsyncSession, who: Principal, deal_id: str, body: ContractIn) -> EntryDeal:
    """The contract, never before the result publicity ends (E9)."""
    deal = await DEALS.for_village(session, who, deal_id)
    ENTRY_DEAL.check(deal, "contracted", "sign")
    at = now(session)
    problems: list[FieldProblem] = []
    if at < deal.publicity_ends_at:
        problems.append(
            FieldProblem(
                "contract_no",
                "E9",
                f"the result publicity runs until {deal.publicity_ends_at.isoformat()}: no "
                "contract before it ends",
                "成交结果公示期满前不得签订合同",
            )
        )
    problems += await citation_problems(
        session, body.contract.template_id, body.contract.fields, kind="entry", county=deal.county
    )
    problems += rules.contract_problems(body.contract.fields)
    if problems:
        raise _refused(problems)
    ENTRY_DEAL.move(deal, "contracted", "sign")
    deal.contract_no, deal.template_id = body.contract_no, body.contract.template_id
    deal.contract_fields = dict(body.contract.fields)
    deal.mortgage_allowed, deal.transfer_allowed = body.mortgage_allowed, body.transfer_allowed
    deal.signed_at = at
    days = await PARAMS.get(session, deal.county, "entry_filing_days")
    deal.filing_due_at = at + timedelta(days=days)
    await schedule_timer(session, FILING_TIMER, deal.id, deal.filing_due_at)
    await record_on(
        session,
        deal,
        action="entry_deal.sign",
        by=who,
        rule="E9",
        data={"contract_no": body.contract_no},
    )
    # E15: listing's secondary-market gate follows the contract's terms
    await publish_contracted(session, deal, await get_plan(session, deal.plan_id))
    return deal


async def filing_overdue(session: AsyncSession, who: Principal | None, deal_id: str) -> None:
    """The filing timer: a contract the bureau has not received by now is flagged late."""
    deal = await repository.locked(session, deal_id)
    if deal is None or deal.status != "contracted" or deal.filing_late:
        return
    deal.filing_late = True
    await record_on(session, deal, action="entry_deal.filing_overdue", by=who, rule="E9")


async def file(session: AsyncSession, who: Principal, deal_id: str, body: FilingIn) -> EntryDeal:
    """备案 with the natural resources bureau; a late filing stays late."""
    deal = await DEALS.for_bureau(session, who, deal_id)
    ENTRY_DEAL.move(deal, "filed", "file")
    at = now(session)
    deal.filing_no, deal.filed_at = body.filing_no, at
    deal.filing_late = deal.filing_late or (
        deal.filing_due_at is not None and at > deal.filing_due_at
    )
    await cancel_timer(session, FILING_TIMER, deal.id)
    await record_on(
        session,
        deal,
        action="entry_deal.file",
        by=who,
        rule="E9",
        data={"filing_no": body.filing_no, "late": deal.filing_late},
    )
    return deal


async def settle(
    session: AsyncSession, who: Principal, deal_id: str, body: SettlementIn
) -> EntryDeal:
    """The proceeds into the dedicated account only, split in order (E11–E13)."""
    deal = await DEALS.for_village(session, who, deal_id)
    plan = await get_plan(session, deal.plan_id)
    problems: list[FieldProblem] = []
    if deal.status != "filed":
        if deal.status != "contracted" or await PARAMS.get(
            session, deal.county, "entry_release_after_filing"
        ):
            problems.append(
                FieldProblem(
                    "deal_id",
                    "E9",
                    f"the deal is {deal.status}: the proceeds are released after the filing",
                    "合同备案后方可结算",
                )
            )
    account = await session.get(EntryAccount, deal.collective_id)
    if account is None or account.account_no != body.account_no:
        problems.append(
            FieldProblem(
                "account_no",
                "E11",
                "proceeds are paid only into the collective's registered 入市 account",
                "入市收益只能进入集体经济组织入市资金专门账户",
            )
        )
    problems += await actionable_problems(
        session,
        body.resolution_id,
        collective_id=deal.collective_id,
        matters=("land_entry",),
    )
    table = await PARAMS.get(session, deal.county, "adjustment_fund_rates")
    row = rules.fund_rate(table, plan.land_use, plan.way, first_entry=True)
    if row is None:
        problems.append(
            FieldProblem(
                "deal_id",
                "E12",
                f"the county has no fund rate for {plan.land_use}",
                "县级调节金比例表无该用途",
            )
        )
    if problems:
        raise _refused(problems)
    assert row is not None
    parts = rules.split(
        deal.price_fen,
        to_fen(body.costs),
        row.rate,
        to_fen(body.taxes_fees),
        plan.retention_percent,
    )
    split_rows = None
    ours = parts
    if body.joint_split is not None:
        joint = [(p.collective_id, to_fen(p.amount)) for p in body.joint_split]
        problems = rules.joint_problems(joint, parts.ours_fen, deal.collective_id)
        if problems:
            raise _refused(problems, status=422)
        own = sum(a for c, a in joint if c == deal.collective_id)
        # the fund and the taxes came off the whole price; our part is retained and paid out
        ours = rules.split(own, 0, Decimal(0), 0, plan.retention_percent)
        split_rows = [{"collective_id": c, "amount_fen": a} for c, a in joint]
    holdings = [(h.party_id, h.shares) for h in await snapshot(session, deal.collective_id)]
    holdings = [(p, s) for p, s in holdings if s > 0]
    if not holdings and ours.members_fen > 0:
        raise _refused(
            [FieldProblem("deal_id", "E13", "the share register is empty", "股权登记簿为空")]
        )
    ENTRY_DEAL.move(deal, "settled", "settle")
    deal.account_no, deal.resolution_id = body.account_no, body.resolution_id
    deal.fund_rate, deal.fund_fen, deal.taxes_fen = row.rate, parts.fund_fen, parts.taxes_fen
    deal.retention_fen, deal.members_fen = ours.retention_fen, ours.members_fen
    deal.split = split_rows
    deal.payouts = rules.payouts(ours.members_fen, holdings) if holdings else []
    deal.settled_at = now(session)
    await record_on(
        session,
        deal,
        action="entry_deal.settle",
        by=who,
        rule="E11",
        data={
            "fund_fen": parts.fund_fen,
            "taxes_fen": parts.taxes_fen,
            "retention_fen": ours.retention_fen,
            "members_fen": ours.members_fen,
            "resolution_id": body.resolution_id,
        },
    )
    await publish_settled(
        session,
        deal,
        plan,
        listing_id=deal.listing_id,
        buyer_party_id=deal.buyer_credit_code,
        buyer_name=deal.buyer_name,
        price_fen=deal.price_fen,
        fund_fen=parts.fund_fen,
        fund="withheld",
        settled_at=deal.settled_at,
    )
    return deal


async def publish_contracted(session: AsyncSession, deal: EntryDeal, plan: EntryPlan) -> None:
    """E15: the signed contract's terms for listing's secondary-market gate; the term
    runs from the signing day (Asia/Shanghai) for the plan's years."""
    assert deal.signed_at is not None and deal.contract_no is not None
    start = local_date(deal.signed_at)
    await record_event(
        session,
        EntryContracted(
            deal_id=deal.id,
            plan_id=plan.id,
            collective_id=deal.collective_id,
            county=deal.county,
            certificate_no=plan.certificate_no,
            contract_no=deal.contract_no,
            buyer_name=deal.buyer_name,
            buyer_credit_code=deal.buyer_credit_code,
            way=plan.way,
            land_use=plan.land_use,
            area_m2=str(plan.area_m2),
            term_start=start,
            term_end=rules.years_later(start, plan.term_years),
            mortgage_allowed=bool(deal.mortgage_allowed),
            transfer_allowed=bool(deal.transfer_allowed),
            no_sale=plan.land_use in rules.NO_SALE_USES,
            contracted_at=deal.signed_at,
        ),
    )


async def publish_settled(
    session: AsyncSession,
    deal: EntryDeal,
    plan: EntryPlan,
    *,
    listing_id: str,
    buyer_party_id: str,
    buyer_name: str,
    price_fen: int,
    fund_fen: int,
    fund: Literal["withheld", "proven_paid"],
    settled_at: datetime,
    trade_id: str | None = None,
) -> None:
    """E11, E12: ``collective.entry_settled`` — the first entry's deal or a re-transfer
    of it (E15: its own listing, buyer, price and bidding's trade) settled with the
    adjustment fund; registry records the transfer on it, with the deal's contract terms
    and the plan's land (E8 ``no_sale``)."""
    await record_event(
        session,
        EntrySettled(
            deal_id=deal.id,
            plan_id=plan.id,
            listing_id=listing_id,
            collective_id=deal.collective_id,
            county=deal.county,
            township=deal.township,
            certificate_no=plan.certificate_no,
            land_use=plan.land_use,
            way=plan.way,
            term_years=plan.term_years,
            buyer_party_id=buyer_party_id,
            buyer_name=buyer_name,
            price=from_fen(price_fen),
            adjustment_fund=from_fen(fund_fen),
            fund=fund,
            contract_no=deal.contract_no or "",
            mortgage_allowed=bool(deal.mortgage_allowed),
            transfer_allowed=bool(deal.transfer_allowed),
            no_sale=rules.no_sale(plan.land_use),
            settled_at=settled_at,
            trade_id=trade_id,
        ),
    )
