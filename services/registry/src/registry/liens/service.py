"""The lien life cycle — 抵押权 (DOMAIN R9–R12): registration with annotation and
publicity, ranking, changes (R10), discharge (R11) and expropriation compensation (R12).
Applications are ``liens.applications``; the pure checks ``liens.rules``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal, Role
from common.clock import local_date
from common.context import now
from common.contracts.guarantee import GuaranteeIssued
from common.contracts.registry import LienChanged, LienDischarged, LienRegistered
from common.db import first_copy
from common.keys import new_id
from common.money import fen_text, from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, Refusal, invalid, invalid_field
from registry.access import bank_id, county_scope, require_lender_or_county
from registry.liens import repository
from registry.liens.applications import open_problems, still_open
from registry.liens.models import (
    Compensation,
    IssuedGuarantee,
    Lien,
    LienApplication,
    LienChange,
)
from registry.liens.rules import (
    annotation,
    authority_refusal,
    compensation_payouts,
    fp,
    publicity_text,
)
from registry.liens.schemas import ChangeIn
from registry.liens.states import APPLICATION, LIEN
from registry.params import PARAMS
from registry.rights.models import Right
from registry.rights.rules import actor
from registry.rights.service import get_right, new_version
from registry.valuation.rules import ltv_problems, term_problems
from registry.valuation.service import ltv_limits

LienHook = Callable[[AsyncSession, Principal | None, Lien], Awaitable[None]]


@dataclass
class FollowUps:
    """What later areas do when a lien is registered or discharged, in the same unit of
    work (post-loan visits, R14). They subscribe in ``registry.main``, so the liens area
    never imports an area declared after it (docs/service-shape.md)."""

    registered: list[LienHook] = field(default_factory=list)
    discharged: list[LienHook] = field(default_factory=list)


FOLLOW_UPS = FollowUps()


_registration_refused = Refusal(
    "registration-refused", "The lien cannot be registered", "不予办理抵押登记", status=422
)


async def get_lien(
    session: AsyncSession, who: Principal | None, lien_id: str, *, lock: bool = False
) -> Lien:
    """The lien, if the caller's bank holds it or it is of the caller's county (X3);
    ``lock`` only when a write follows."""
    lien = await repository.load_lien(session, lien_id, lock=lock)
    if who is not None:
        require_lender_or_county(who, lien.lender_org_id, lien.county, "the lien", "该抵押权")
    return lien


async def liens(
    session: AsyncSession, who: Principal, certificate_no: str | None = None
) -> list[Lien]:
    """A bank sees only its own liens; county staff those of their county."""
    return await repository.liens(
        session, certificate_no=certificate_no, bank=bank_id(who), county=county_scope(who)
    )


async def publicity(
    session: AsyncSession, who: Principal | None, county: str
) -> list[tuple[Lien, Right]]:
    """公示: the county's mortgaged rights (active liens)."""
    return await repository.published(session, county)


async def changes_of(session: AsyncSession, lien: Lien) -> list[LienChange]:
    return await repository.changes_of(session, lien.id)


def must_be_active(lien: Lien) -> None:
    if lien.status != "active":
        raise Problem(
            409, "lien-discharged", "the lien is discharged", "该抵押权已注销", rule="R11"
        )


async def annotation_preview(session: AsyncSession, app: LienApplication, right: Right) -> str:
    """What R9 would write on the certificate if the application were registered now
    (the next rank, today): the authority reads it before it registers. A draft lien
    never added to the session; the number is given at registration."""
    rank = len(await repository.active_liens(session, right.certificate_no)) + 1
    draft = Lien(
        id="（登记时编号）",
        lender_name=app.lender_name,
        secured_amount_fen=app.loan_amount_fen,
        rank=rank,
        term_end=app.lien_term_end,
        registered_at=now(session),
    )
    return annotation(draft)


async def require_authority_kind(
    session: AsyncSession, who: Principal | None, right: Right
) -> None:
    """R19: a registration authority acts only on the right types its kind registers (a
    lender discharging its own lien, or the system, is not an authority)."""
    if who is None or not who.has(Role.registration_authority):
        return
    refusal = authority_refusal(
        who.subject,
        right.right_type,
        await PARAMS.get(session, right.county, "registration_authority_kinds"),
        await PARAMS.get(session, right.county, "registration_map"),
    )
    if refusal:
        raise Problem(403, "wrong-authority", *refusal, rule="R19")


async def register(session: AsyncSession, who: Principal, app: LienApplication) -> Lien:
    """R9: check, then register, annotate the certificate and publish the mortgaged right."""
    still_open(app)
    right = await get_right(session, app.certificate_no, lock=True)
    await require_authority_kind(session, who, right)
    problems = await open_problems(session, app, right)
    if problems:
        raise _registration_refused(problems)
    at = now(session)
    rank = len(await repository.active_liens(session, right.certificate_no)) + 1
    lien = Lien(
        id=new_id(),
        application_id=app.id,
        certificate_no=right.certificate_no,
        county=right.county,
        lender_org_id=app.lender_org_id,
        lender_name=app.lender_name,
        mortgagee_kind=app.mortgagee_kind,
        mortgagee_party_id=app.mortgagee_party_id,
        borrower_party_id=app.borrower_party_id,
        borrower_name=app.borrower_name,
        secured_amount_fen=app.loan_amount_fen,
        appraised_value_fen=app.appraised_value_fen or 0,
        rank=rank,
        term_end=app.lien_term_end,
        registered_at=at,
        annotation="",
        publicity={},
        status="active",
        version=1,
    )
    lien.annotation = annotation(lien)
    lien.publicity = {"published_at": at.isoformat(), "text": publicity_text(right, app)}
    session.add(lien)
    APPLICATION.move(app, "registered", "register")
    app.lien_id = lien.id
    await new_version(session, who, right, "encumbered", lien.annotation)
    await record_on(
        session,
        lien,
        action="lien.registered",
        by=who,
        reason="R2–R9 checks passed",
        rule="R9",
        data={"application_id": app.id, "rank": rank, "secured": fen_text(app.loan_amount_fen)},
    )
    await record_event(
        session,
        LienRegistered(
            lien_id=lien.id,
            certificate_no=lien.certificate_no,
            lender_org_id=lien.lender_org_id,
            mortgagee_kind=lien.mortgagee_kind,  # type: ignore[arg-type]
            mortgagee_party_id=lien.mortgagee_party_id,
            borrower_party_id=lien.borrower_party_id,
            secured_amount=from_fen(lien.secured_amount_fen),
            appraised_value=from_fen(lien.appraised_value_fen),
            rank=rank,
            term_end=lien.term_end,
            registered_at=at,
        ),
    )
    for follow_up in FOLLOW_UPS.registered:
        await follow_up(session, who, lien)
    return lien


async def register_change(
    session: AsyncSession, who: Principal, lien: Lien, body: ChangeIn
) -> LienChange:
    """R10: a change is registered; later than 30 days after the change it is flagged."""
    must_be_active(lien)
    if body.version != lien.version:
        raise Problem(
            409,
            "stale-version",
            f"the lien changed meanwhile: version {lien.version}, the request read {body.version}",
            "抵押权已被修改，请重新读取后再提交",
            rule="R10",
        )
    on = local_date(now(session))
    right = await get_right(session, lien.certificate_no)
    await require_authority_kind(session, who, right)
    problems = []
    if body.changed_on > on:
        problems.append(
            FieldProblem(
                "changed_on", "R10", "the change date is in the future", "变更日期不得晚于今日"
            )
        )
    amount = to_fen(body.secured_amount)
    if amount <= 0:
        problems.append(FieldProblem("secured_amount", "R7", "must be positive", "须大于零"))
    problems += [
        fp(p)
        for p in term_problems(
            right_term_end=right.term_end,
            lien_term_end=body.term_end,
            loan_term_end=body.term_end,
            today=on,
            lien_field="term_end",
        )
        if p[0] != "loan_term_end"
    ]
    if amount > lien.secured_amount_fen:
        app = await session.get(LienApplication, lien.application_id)
        enh = len(await repository.enhancements_of(session, lien.application_id))
        problems += [
            fp(p)
            for p in ltv_problems(
                amount,
                lien.appraised_value_fen,
                await ltv_limits(session, lien.county),
                enhancements=enh,
                above_normal_reason=(app.above_normal_reason if app else None) or body.reason,
            )
        ]
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    limit = await PARAMS.get(session, lien.county, "change_registration_days", on=on)
    days = (on - body.changed_on).days
    overdue = days > limit
    at = now(session)
    change = LienChange(
        lien_id=lien.id,
        changed_on=body.changed_on,
        registered_at=at,
        overdue=overdue,
        days_late=max(0, days - limit),
        old_amount_fen=lien.secured_amount_fen,
        new_amount_fen=amount,
        old_term_end=lien.term_end,
        new_term_end=body.term_end,
        reason=body.reason,
        recorded_by=actor(who),
    )
    session.add(change)
    lien.secured_amount_fen = amount
    lien.term_end = body.term_end
    lien.version += 1
    lien.annotation = annotation(lien)
    await record_on(
        session,
        lien,
        action="lien.changed" + (".overdue" if overdue else ""),
        by=who,
        reason=body.reason,
        rule="R10",
        data={"changed_on": str(body.changed_on), "days": days, "limit": limit},
    )
    await record_event(
        session,
        LienChanged(
            lien_id=lien.id,
            certificate_no=lien.certificate_no,
            secured_amount=from_fen(amount),
            term_end=body.term_end,
            overdue=overdue,
            changed_at=at,
        ),
    )
    return change


def release_problems(who: Principal | None, lien: Lien, release: str | None) -> None:
    """R11 for a non-bank mortgagee (R23), who has no account: only the registration
    authority discharges its lien, and only on its written release (its reference). A
    lien enforced by a settled disposal (no caller) needs none."""
    if who is None or lien.mortgagee_kind == "bank":
        return
    if not who.has(Role.registration_authority):
        raise Problem(
            403,
            "not-the-authority",
            "a non-bank mortgagee's lien is discharged by the registration authority",
            "非银行抵押权人的抵押权由登记机构办理注销",
            rule="R11",
        )
    if release is None:
        raise invalid_field(
            "mortgagee_release",
            "R11",
            f"the {lien.mortgagee_kind} mortgagee's written release is required",
            "须提交抵押权人（企业或个人）同意注销的书面申请",
        )


async def discharge(
    session: AsyncSession,
    who: Principal | None,
    lien: Lien,
    reason: str,
    note: str,
    *,
    release: str | None = None,
) -> Lien:
    """R11: discharged and the annotation removed; the lien row and history stay."""
    must_be_active(lien)
    release_problems(who, lien, release)
    await require_authority_kind(session, who, await get_right(session, lien.certificate_no))
    at = now(session)
    LIEN.move(lien, "discharged", "discharge")
    lien.discharge_reason = reason
    lien.discharged_at = at
    lien.version += 1
    # The remaining liens move up: ranks follow the time of registration.
    remaining = [
        x for x in await repository.active_liens(session, lien.certificate_no) if x.id != lien.id
    ]
    for i, other in enumerate(remaining, start=1):
        if other.rank != i:
            other.rank = i
            other.annotation = annotation(other)
    right = await get_right(session, lien.certificate_no, lock=True)
    await new_version(
        session, who, right, "encumbrance_removed", f"lien {lien.id} {reason}: {note}"
    )
    await record_on(
        session,
        lien,
        action=f"lien.discharged.{reason}",
        by=who,
        reason=note,
        rule="R11",
        data={"mortgagee_release": release} if release else None,
    )
    await record_event(
        session,
        LienDischarged(
            lien_id=lien.id,
            certificate_no=lien.certificate_no,
            reason=reason,  # type: ignore[arg-type]
            discharged_at=at,
            lender_org_id=lien.lender_org_id,
            mortgagee_kind=lien.mortgagee_kind,  # type: ignore[arg-type]
            mortgagee_party_id=lien.mortgagee_party_id,
        ),
    )
    for follow_up in FOLLOW_UPS.discharged:
        await follow_up(session, who, lien)
    return lien


async def compensate(
    session: AsyncSession, who: Principal, right: Right, total_fen: int, reference: str
) -> Compensation:
    """R12: compensation for expropriated mortgaged land goes to the lienholders first."""
    if not right.expropriation:
        raise invalid_field(
            "certificate_no",
            "R12",
            "the right is not flagged as inside an expropriation scope",
            "该权利未列入征地拆迁范围",
        )
    if total_fen <= 0:
        raise invalid_field("amount", "R12", "must be positive", "补偿款须大于零")
    liens = await repository.active_liens(session, right.certificate_no)
    payouts = compensation_payouts(right, liens, total_fen)
    comp = Compensation(
        certificate_no=right.certificate_no,
        total_fen=total_fen,
        payouts=payouts,
        reference=reference,
        decided_by=actor(who),
        decided_at=now(session),
    )
    session.add(comp)
    await session.flush()
    await record_on(
        session,
        right,
        action="expropriation.compensated",
        by=who,
        reason=reference,
        rule="R12",
        data={"total": fen_text(total_fen), "payouts": payouts},
    )
    return comp


async def follow_guarantee(
    session: AsyncSession, who: Principal | None, event: GuaranteeIssued
) -> None:
    """The projection of the guarantee service's issued guarantees (R21); a redelivered
    event changes nothing."""
    await first_copy(
        session,
        IssuedGuarantee(
            guarantee_id=event.guarantee_id,
            county=event.county,
            borrower_party_id=event.borrower_party_id,
            lender_org_id=event.lender_org_id,
            guarantor_org_id=event.guarantor_org_id,
            amount_fen=to_fen(event.amount),
            certificate_no=event.certificate_no,
            issued_at=event.issued_at,
        ),
    )
