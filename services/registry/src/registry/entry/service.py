"""入市 rights in registry — 入市土地使用权 (DOMAIN E8, E12, R23).

Registry follows the collective's settlement of each 入市 deal
(``collective.entry_settled``). bidding's settlement of an 入市 trade is recorded only
once the collective's has withheld the adjustment fund or shown it paid (E12); one that
arrives first is parked here, refused and recorded (X2), and recorded when the
collective's arrives. A rental-housing right carries ``no_sale`` (E8); the contract's
mortgage permission is what R23 reads. A re-transfer of entered land (E15) waits the
same way for the collective's settlement of that trade (``trade_id``), kept beside the
first entries under ``resale:<trade>``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.context import now
from common.contracts.bidding import SettlementCompleted
from common.contracts.collective import EntrySettled
from common.db import first_copy
from common.money import to_fen
from common.problems import FieldProblem
from registry.entry import repository, rules
from registry.entry.models import EntryRight, ParkedSettlement
from registry.params import PARAMS


def settled_key(ev: EntrySettled) -> str:
    """What a collective's settlement settles: the plan's first entry, or a re-transfer of
    the entered land by bidding's trade (E15)."""
    return resale_key(ev.trade_id) if ev.trade_id else ev.plan_id


def waits_for(ev: SettlementCompleted) -> str | None:
    """The collective's settlement a trade's transfer waits for (E12): the plan's for an
    入市 listing, the trade's re-transfer for a re-listing of entered land (E15)."""
    if ev.entry_plan_id:
        return ev.entry_plan_id
    return resale_key(ev.trade_id) if ev.entry_deal_id else None


def resale_key(trade_id: str) -> str:
    # kept in the plan-keyed tables beside the first entries, one row per re-transfer
    return f"resale:{trade_id}"


async def follow_settled(session: AsyncSession, who: Principal | None, ev: EntrySettled) -> bool:
    """Keep the collective's settlement of the plan (or of a re-transfer, E15); False when
    already kept (redelivery)."""
    key = settled_key(ev)
    kept = EntryRight(
        plan_id=key,
        deal_id=ev.deal_id,
        listing_id=ev.listing_id,
        certificate_no=ev.certificate_no,
        collective_id=ev.collective_id,
        county=ev.county,
        land_use=ev.land_use,
        way=ev.way,
        term_years=ev.term_years,
        buyer_party_id=ev.buyer_party_id,
        price_fen=to_fen(ev.price),
        fund_fen=to_fen(ev.adjustment_fund),
        fund=ev.fund,
        contract_no=ev.contract_no,
        mortgage_allowed=ev.mortgage_allowed,
        transfer_allowed=ev.transfer_allowed,
        no_sale=ev.no_sale,
        settled_at=ev.settled_at,
    )
    if await first_copy(session, kept) is not kept:
        return False  # already kept: a redelivery
    await record_decision(
        session,
        subject_type="right",
        subject_id=ev.certificate_no,
        action="entry.settled_followed",
        by=who,
        rule="E12",
        data={
            "plan_id": ev.plan_id,
            "trade_id": ev.trade_id,
            "adjustment_fund": str(ev.adjustment_fund),
            "fund": ev.fund,
            "no_sale": ev.no_sale,
            "mortgage_allowed": ev.mortgage_allowed,
        },
    )
    return True


async def fund_settled(session: AsyncSession, key: str) -> bool:
    """E12: the collective's settlement withheld the fund (or showed it paid)."""
    return await session.get(EntryRight, key) is not None


async def park(session: AsyncSession, who: Principal | None, ev: SettlementCompleted) -> None:
    """The trade settled before the collective withheld the fund: refused for now (E12),
    recorded, kept until the collective's settlement arrives."""
    key = waits_for(ev)
    assert key is not None
    parked = ParkedSettlement(
        plan_id=key,
        trade_id=ev.trade_id,
        event=ev.model_dump(mode="json"),
        parked_at=now(session),
    )
    if await first_copy(session, parked) is not parked:
        return  # already parked: a redelivery
    await record_decision(
        session,
        subject_type="right",
        subject_id=ev.right_certificate_no or f"listing-{ev.listing_id}",
        action="right.transfer_refused",
        by=who,
        rule="E12",
        reason="the 入市 adjustment fund is neither withheld nor proven paid yet: the "
        "transfer waits for the collective's settlement",
        data={"trade_id": ev.trade_id, "plan_id": ev.entry_plan_id, "deal_id": ev.entry_deal_id},
    )


async def unpark(session: AsyncSession, plan_id: str) -> SettlementCompleted | None:
    """The parked settlement of the plan, taken out (None when there is none)."""
    row = await session.get(ParkedSettlement, plan_id, with_for_update=True)
    if row is None:
        return None
    await session.delete(row)
    await session.flush()
    return SettlementCompleted.model_validate(row.event)


async def entry_of(session: AsyncSession, certificate_nos: list[str]) -> EntryRight | None:
    """The 入市 settlement a right comes from (its own certificate or its parent's)."""
    return await repository.entry_of_right(session, [c for c in certificate_nos if c])


async def sale_refused(
    session: AsyncSession, who: Principal | None, ev: SettlementCompleted, parents: list[str]
) -> bool:
    """E8: a sale of rental-housing land is refused and recorded (X2)."""
    if not ev.right_certificate_no:
        return False
    entry = await entry_of(session, [ev.right_certificate_no, *parents])
    if not rules.sale_refused(entry, ev.way, first_grant=ev.entry_plan_id is not None):
        return False
    await record_decision(
        session,
        subject_type="right",
        subject_id=ev.right_certificate_no,
        action="right.transfer_refused",
        by=who,
        rule="E8",
        reason="affordable rental housing land is never sold (no_sale)",
        data={"trade_id": ev.trade_id, "listing_id": ev.listing_id},
    )
    return True


async def mortgagee_problems(
    session: AsyncSession, kind: str, certificate_nos: list[str]
) -> list[FieldProblem]:
    """R23: a non-bank mortgagee only on a right acquired by 入市 (or carved from one)."""
    if kind == "bank":
        return []
    entered = await entry_of(session, certificate_nos) is not None
    return rules.mortgagee_problems(kind, entered=entered)


async def mortgage_problems(
    session: AsyncSession,
    *,
    certificate_nos: list[str],
    county: str,
    lien_term_end: date,
    right_term_end: date | None,
    loan_fen: int,
    value_fen: int | None,
) -> list[FieldProblem] | None:
    """R23 for a right acquired by 入市 (None when it was not: R7 applies as before)."""
    entry = await entry_of(session, certificate_nos)
    if entry is None:
        return None
    return rules.mortgage_problems(
        entry,
        lien_term_end=lien_term_end,
        right_term_end=right_term_end,
        loan_fen=loan_fen,
        value_fen=value_fen,
        ltv_max=await PARAMS.get(session, county, "entry_ltv_max"),
    )
