"""Disposal use cases (R13): the lender's choice, the exchange listing, and the settled
trade — the lender paid first, every lien enforced, the right transferred. The
settlement of a trade is orchestrated here (the last area), so no earlier area imports
this one."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.contracts.bidding import SettlementCompleted
from common.contracts.collective import EntrySettled
from common.contracts.registry import DisposalRequested
from common.keys import new_id
from common.money import fen_text, from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, invalid, not_found
from registry.access import bank_id, county_scope, in_county, other_org
from registry.disposals import repository
from registry.disposals.models import Disposal
from registry.disposals.schemas import DisposalIn
from registry.disposals.states import DISPOSAL
from registry.entry import service as entry
from registry.liens import repository as liens
from registry.liens.models import Lien
from registry.liens.rules import HOUSING, waterfall
from registry.liens.service import discharge, must_be_active
from registry.rights import repository as rights_repository
from registry.rights import service as rights
from registry.rights.models import RightTransfer
from registry.rights.service import get_right

log = logging.getLogger("registry.disposals")
EXCHANGE_METHODS = ("agreement", "auction", "custody")


async def request_disposal(
    session: AsyncSession, who: Principal, lien: Lien, body: DisposalIn
) -> Disposal:
    must_be_active(lien)
    right = await get_right(session, lien.certificate_no)
    on = local_date(now(session))
    problems = []
    if body.through_exchange and body.method not in EXCHANGE_METHODS:
        problems.append(
            FieldProblem(
                "through_exchange",
                "R13",
                f"{body.method} does not go through the exchange",
                "贷款重组、法院裁决处置不经交易所挂牌",
            )
        )
    if body.default_on > on:
        problems.append(FieldProblem("default_on", "R13", "no default yet", "尚未违约"))
    if to_fen(body.outstanding_debt) <= 0:
        problems.append(FieldProblem("outstanding_debt", "R13", "must be positive", "须大于零"))
    if body.through_exchange and (body.reserve_price is None or to_fen(body.reserve_price) <= 0):
        problems.append(
            FieldProblem("reserve_price", "R13", "a listing needs a reserve price", "挂牌须有底价")
        )
    if body.method == "court" and not body.details.get("case_no"):
        problems.append(
            FieldProblem("details.case_no", "R13", "the court case number", "须填写法院案号")
        )
    if right.right_type in HOUSING:
        docs = {d.kind for d in await liens.documents_of(session, lien.application_id)}
        if "other_residence_proof" not in docs:
            problems.append(
                FieldProblem(
                    "certificate_no",
                    "R4",
                    "no proof that the household has another residence",
                    "无借款人另有住所的证明，处置须保障农户基本居住权利",
                )
            )
        if not (body.residence_arrangement or "").strip():
            problems.append(
                FieldProblem(
                    "residence_arrangement",
                    "R4",
                    "the disposal terms must leave the household somewhere to live",
                    "处置方案须保障农户基本居住权利",
                )
            )
    open_one = await repository.open_disposal_of(session, lien.id)
    if open_one and body.through_exchange:
        problems.append(
            FieldProblem("lien_id", "R13", "a disposal is already under way", "已有处置在进行中")
        )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    at = now(session)
    d = Disposal(
        id=new_id(),
        lien_id=lien.id,
        certificate_no=lien.certificate_no,
        lender_org_id=lien.lender_org_id,
        method=body.method,
        through_exchange=body.through_exchange,
        default_on=body.default_on,
        outstanding_debt_fen=to_fen(body.outstanding_debt),
        reserve_price_fen=to_fen(body.reserve_price) if body.reserve_price is not None else None,
        residence_arrangement=body.residence_arrangement,
        details={**body.details, "note": body.note},
        status="requested" if body.through_exchange else "recorded",
        requested_at=at,
    )
    session.add(d)
    await session.flush()
    await record_on(
        session,
        lien,
        action=f"disposal.{body.method}",
        by=who,
        reason=body.note,
        rule="R13",
        data={"disposal_id": d.id, "through_exchange": body.through_exchange},
    )
    if body.through_exchange:
        await record_event(
            session,
            DisposalRequested(
                disposal_id=d.id,
                lien_id=lien.id,
                certificate_no=right.certificate_no,
                lender_org_id=lien.lender_org_id,
                county=right.county,
                township=right.township,
                collective_id=right.collective_id,
                holder_party_id=right.holder_party_id,
                holder_name=right.holder_name,
                product=right.right_type,
                way="lease" if body.method == "custody" else "transfer",
                method="auction" if body.method == "auction" else "ascending",
                location=right.location,
                area_mu=right.area_mu,
                term_start=on,
                term_end=right.term_end,
                reserve_price=from_fen(d.reserve_price_fen or 0),
                outstanding_debt=from_fen(d.outstanding_debt_fen),
                requested_at=at,
            ),
        )
    return d


async def settle_disposal(
    session: AsyncSession, who: Principal | None, disposal_id: str, price_fen: int
) -> Disposal | None:
    """The trade settled: the lender is paid first, then junior liens, then the holder;
    every lien on the sold right is discharged as enforced (R11, R13)."""
    d = await repository.find_disposal(session, disposal_id, lock=True)
    if d is None:
        log.warning("settlement for unknown disposal %s", disposal_id)
        return None
    if d.status != "requested":
        return d
    right = await get_right(session, d.certificate_no)
    active = await liens.active_liens(session, d.certificate_no)
    lender = next((x for x in active if x.id == d.lien_id), None)
    others = [x for x in active if x.id != d.lien_id]
    claims: list[tuple[str, int]] = []
    if lender is not None:
        claims.append((lender.id, d.outstanding_debt_fen))
    claims += [(x.id, x.secured_amount_fen) for x in others]
    paid, rest = waterfall(price_fen, claims)
    payouts: list[dict[str, Any]] = [
        {"lien_id": lid, "amount": fen_text(p)} for (lid, _), p in zip(claims, paid, strict=True)
    ]
    payouts.append({"payee": right.holder_party_id, "amount": fen_text(rest)})
    DISPOSAL.move(d, "settled", "settle")
    d.settled_at = now(session)
    d.proceeds_fen = price_fen
    d.to_lender_fen = paid[0] if lender is not None else 0
    d.to_holder_fen = rest
    d.details = {**d.details, "payouts": payouts}
    await session.flush()
    for x in ([lender] if lender is not None else []) + others:
        await discharge(session, who, x, "enforced", f"disposal {d.id} settled")
    await record_on(
        session,
        d,
        action="disposal.settled",
        by=who,
        reason="the trade settled through the exchange",
        rule="R13",
        data={"proceeds": fen_text(price_fen), "payouts": payouts},
    )
    return d


async def settle_trade(
    session: AsyncSession, who: Principal | None, ev: SettlementCompleted
) -> RightTransfer | None:
    """A trade settled (bidding.settlement_completed): a disposal's lender is paid and its
    liens enforced first (R13), then the right passes to the buyer (R1, B6). Once per
    trade: a redelivered settlement changes nothing."""
    if await rights.trade_recorded(session, ev.trade_id):
        return None
    key = entry.waits_for(ev)
    if key and not await entry.fund_settled(session, key):
        await entry.park(session, who, ev)  # E12: recorded once the fund is withheld
        return None
    if ev.right_certificate_no:
        right = await rights_repository.find_right(session, ev.right_certificate_no)
        parents = [right.parent_certificate_no] if right and right.parent_certificate_no else []
        if await entry.sale_refused(session, who, ev, parents):
            return None  # E8: rental-housing land is never sold
    if ev.disposal_id:
        await settle_disposal(session, who, ev.disposal_id, to_fen(ev.price))
    return await rights.record_trade(session, who, ev)


async def follow_entry_settled(
    session: AsyncSession, who: Principal | None, ev: EntrySettled
) -> RightTransfer | None:
    """The collective withheld the 入市 fund (E12): kept, and bidding's settlement of the
    trade, if it came first and was parked, is recorded now."""
    if not await entry.follow_settled(session, who, ev):
        return None
    parked = await entry.unpark(session, entry.settled_key(ev))
    return await settle_trade(session, who, parked) if parked is not None else None


async def get_disposal(session: AsyncSession, who: Principal, disposal_id: str) -> Disposal:
    """The disposal, if the caller's bank requested it or its lien is of the caller's
    county (X3)."""
    d = await session.get(Disposal, disposal_id)
    if d is None:
        raise not_found(f"disposal {disposal_id}", f"处置{disposal_id}")
    bank = bank_id(who)
    if bank is not None and d.lender_org_id != bank:
        raise other_org("the disposal", "该处置")
    if bank is None:
        lien = await session.get(Lien, d.lien_id)
        if lien is None or not in_county(who, lien.county):
            raise other_org("the disposal", "该处置")
    return d


async def disposals(
    session: AsyncSession,
    who: Principal,
    *,
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Disposal], int]:
    """A bank sees its own disposals; county staff those of their county's liens (one
    page, and how many there are)."""
    return await repository.disposals(
        session,
        bank=bank_id(who),
        county=county_scope(who),
        newest_first=newest_first,
        limit=limit,
        offset=offset,
    )
