"""Disposal rules (R13): the lender's choice, the exchange listing, lender paid first."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.context import session_context
from common.contracts.registry import DisposalRequested
from common.money import from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, invalid, not_found
from registry.access import yuan
from registry.disposals.models import Disposal
from registry.disposals.schemas import DisposalIn
from registry.liens.models import ApplicationDocument, Lien
from registry.liens.service import (
    HOUSING,
    active_liens,
    discharge,
    must_be_active,
    today,
    waterfall,
)
from registry.rights.service import get_right

log = logging.getLogger("registry.disposals")
EXCHANGE_METHODS = ("agreement", "auction", "custody")


async def request_disposal(
    session: AsyncSession, lien: Lien, body: DisposalIn, who: Principal
) -> Disposal:
    must_be_active(lien)
    right = await get_right(session, lien.certificate_no)
    on = today(session)
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
        docs = (
            await session.execute(
                select(ApplicationDocument.kind).where(
                    ApplicationDocument.application_id == lien.application_id
                )
            )
        ).scalars()
        if "other_residence_proof" not in set(docs):
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
    open_one = await session.scalar(
        select(Disposal.id).where(Disposal.lien_id == lien.id, Disposal.status == "requested")
    )
    if open_one and body.through_exchange:
        problems.append(
            FieldProblem("lien_id", "R13", "a disposal is already under way", "已有处置在进行中")
        )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    now = session_context(session).clock.now()
    d = Disposal(
        id=uuid.uuid4().hex,
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
        requested_at=now,
    )
    session.add(d)
    await session.flush()
    await record_decision(
        session,
        subject_type="lien",
        subject_id=lien.id,
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
                requested_at=now,
            ),
        )
    return d


async def settle_disposal(
    session: AsyncSession, disposal_id: str, price_fen: int, now: datetime
) -> Disposal | None:
    """The trade settled: the lender is paid first, then junior liens, then the holder;
    every lien on the sold right is discharged as enforced (R11, R13)."""
    d = (
        await session.execute(select(Disposal).where(Disposal.id == disposal_id).with_for_update())
    ).scalar_one_or_none()
    if d is None:
        log.warning("settlement for unknown disposal %s", disposal_id)
        return None
    if d.status != "requested":
        return d
    right = await get_right(session, d.certificate_no)
    liens = await active_liens(session, d.certificate_no)
    lender = next((x for x in liens if x.id == d.lien_id), None)
    others = [x for x in liens if x.id != d.lien_id]
    claims: list[tuple[str, int]] = []
    if lender is not None:
        claims.append((lender.id, d.outstanding_debt_fen))
    claims += [(x.id, x.secured_amount_fen) for x in others]
    paid, rest = waterfall(price_fen, claims)
    payouts: list[dict[str, Any]] = [
        {"lien_id": lid, "amount": yuan(p)} for (lid, _), p in zip(claims, paid, strict=True)
    ]
    payouts.append({"payee": right.holder_party_id, "amount": yuan(rest)})
    d.status = "settled"
    d.settled_at = now
    d.proceeds_fen = price_fen
    d.to_lender_fen = paid[0] if lender is not None else 0
    d.to_holder_fen = rest
    d.details = {**d.details, "payouts": payouts}
    await session.flush()
    for x in ([lender] if lender is not None else []) + others:
        await discharge(session, x, "enforced", None, f"disposal {d.id} settled")
    await record_decision(
        session,
        subject_type="disposal",
        subject_id=d.id,
        action="disposal.settled",
        by=None,
        reason="the trade settled through the exchange",
        rule="R13",
        data={"proceeds": yuan(price_fen), "payouts": payouts},
    )
    return d


async def get_disposal(session: AsyncSession, disposal_id: str) -> Disposal:
    d = await session.get(Disposal, disposal_id)
    if d is None:
        raise not_found(f"disposal {disposal_id}", f"处置{disposal_id}")
    return d


def disposal_dict(d: Disposal) -> dict[str, Any]:
    def m(v: int | None) -> Any:
        return from_fen(v) if v is not None else None

    return {
        "id": d.id,
        "lien_id": d.lien_id,
        "certificate_no": d.certificate_no,
        "lender_org_id": d.lender_org_id,
        "method": d.method,
        "through_exchange": d.through_exchange,
        "default_on": d.default_on,
        "outstanding_debt": from_fen(d.outstanding_debt_fen),
        "reserve_price": m(d.reserve_price_fen),
        "residence_arrangement": d.residence_arrangement,
        "details": d.details,
        "status": d.status,
        "requested_at": d.requested_at,
        "settled_at": d.settled_at,
        "proceeds": m(d.proceeds_fen),
        "to_lender": m(d.to_lender_fen),
        "to_holder": m(d.to_holder_fen),
    }
