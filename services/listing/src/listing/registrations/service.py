"""Buyer registration and qualification — 意向受让登记与资格审查 (L6, L10, L11, L13)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.contracts.listing import RegistrationQualified, RegistrationRejected
from common.db import load_or_404
from common.money import from_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, forbidden, invalid
from listing.listings.models import Listing
from listing.listings.schemas import OPEN_BY_WAY_PRODUCTS, OPEN_WAYS, RESTRICTED_PRODUCTS
from listing.listings.service import check_county, documents_of, new_id, now
from listing.parties.service import active_restrictions, membership
from listing.registrations.models import Registration
from listing.registrations.schemas import EXTRA_REVIEW_KINDS, QualificationIn, RegistrationIn


def priority_eligible(listing: Listing) -> bool:
    """L10: a collective property trade or a mortgaged-right disposal (R13)."""
    return bool(listing.collective_id) and (
        listing.seller_kind == "collective" or listing.disposal_id is not None
    )


async def get_registration(
    session: AsyncSession, registration_id: str, *, lock: bool = False
) -> Registration:
    return await load_or_404(
        session,
        Registration,
        Registration.id,
        registration_id,
        "Registration",
        "意向受让登记",
        lock=lock,
    )


async def _flush_and_record(
    session: AsyncSession,
    reg: Registration,
    *,
    action: str,
    by: Principal | None,
    rule: str,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Flush the registration's change and record the decision taken on it."""
    await session.flush()
    await record_decision(
        session,
        subject_type="registration",
        subject_id=reg.id,
        action=action,
        by=by,
        rule=rule,
        reason=reason,
        data=data,
    )


def check_own(who: Principal, reg: Registration) -> None:
    """A buyer sees and changes only its own registrations (org id = its party id)."""
    if who.org.id != reg.party_id:
        raise forbidden("this registration belongs to another party", "该登记属于其他主体")


async def l13_problems(session: AsyncSession, party_id: str, county: str) -> list[FieldProblem]:
    """The blacklist everywhere, a bar only in the county whose centre made it."""
    out = []
    for r in await active_restrictions(session, party_id, county):
        if r.source == "guarantee":
            out.append(
                FieldProblem(
                    "party_id",
                    "G11",
                    "the party is blacklisted (一处失信、处处受限) and cannot register",
                    "该主体已列入失信黑名单，不得报名",
                )
            )
        else:
            out.append(
                FieldProblem(
                    "party_id",
                    "L13",
                    f"the party is barred by the exchange centre: {r.reason}",
                    "该主体已被交易中心禁止参与交易",
                )
            )
    return out


def l11_restricted(listing: Listing) -> bool:
    """L11 as amended by L24: homestead, farmer housing and a farmer's collective equity go
    only to a member of the same collective with the homestead qualification right — except
    a lease or equity use of an idle homestead or farm house, which is open to any party."""
    if listing.product not in RESTRICTED_PRODUCTS:
        return False
    return not (listing.product in OPEN_BY_WAY_PRODUCTS and listing.way in OPEN_WAYS)


async def l11_problems(
    session: AsyncSession, listing: Listing, party_id: str
) -> list[FieldProblem]:
    """L11's buyer restriction, checked when the buyer registers and again at review."""
    if not l11_restricted(listing):
        return []
    member = (
        await membership(session, listing.collective_id, party_id)
        if listing.collective_id
        else None
    )
    if member is None or not member.member:
        return [
            FieldProblem(
                "party_id",
                "L11",
                "the buyer must be a member of the same collective economic organization",
                "受让方须为本集体经济组织成员",
            )
        ]
    if not member.homestead_qualified:
        return [
            FieldProblem(
                "party_id",
                "L11",
                "the buyer must hold the homestead qualification right",
                "受让方须具有宅基地资格权",
            )
        ]
    return []


async def register_buyer(
    session: AsyncSession, who: Principal, listing: Listing, body: RegistrationIn
) -> Registration:
    """L6: only during the announcement; L13: barred or blacklisted parties are refused."""
    if who.org.id != body.party_id:
        raise forbidden(
            "a buyer registers only for itself (party id = its own)", "意向受让方只能以本人名义报名"
        )
    at = now(session)
    problems: list[FieldProblem] = []
    if (
        listing.status != "announced"
        or listing.announcement_ends_at is None
        or at >= listing.announcement_ends_at
    ):
        problems.append(
            FieldProblem(
                "listing_id",
                "L6",
                "registration is open only while the announcement runs",
                "仅在公告期内可以报名",
            )
        )
    problems += await l13_problems(session, body.party_id, listing.county)
    problems += await l11_problems(session, listing, body.party_id)
    if body.priority_claimed and not priority_eligible(listing):
        problems.append(
            FieldProblem(
                "priority_claimed",
                "L10",
                "this listing carries no priority right",
                "该项目不适用优先受让权",
            )
        )
    existing = (
        await session.execute(
            select(Registration)
            .where(Registration.listing_id == listing.id, Registration.party_id == body.party_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if existing is not None and existing.status != "rejected":
        problems.append(
            FieldProblem("party_id", "L6", "the party has already registered", "该主体已报名")
        )
    if problems:
        raise invalid(
            problems,
            rule=problems[0].rule,
            code="registration-refused",
            title_en="The registration is refused",
            title_zh="报名不予受理",
        )
    reg = existing or Registration(id=new_id(), listing_id=listing.id, party_id=body.party_id)
    reg.name = body.name
    reg.buyer_kind = body.buyer_kind
    reg.phone = body.phone
    reg.priority_claimed = body.priority_claimed
    reg.priority_basis = body.priority_basis
    reg.priority = False
    reg.extra_review_required = body.buyer_kind in EXTRA_REVIEW_KINDS
    reg.extra_review_opinion = None
    reg.status = "pending"
    reg.reasons = []
    reg.registered_by = who.subject
    reg.registered_at = at
    reg.decided_by = None
    reg.decided_at = None
    if existing is None:
        reg.deposit_paid = False
        reg.deposit_paid_fen = 0
        session.add(reg)
    await _flush_and_record(
        session,
        reg,
        action="registration.submitted",
        by=who,
        rule="L6",
        data={"listing_id": listing.id},
    )
    return reg


async def qualification_problems(
    session: AsyncSession, listing: Listing, reg: Registration, body: QualificationIn
) -> list[FieldProblem]:
    """Every rule a qualification must pass (L6, L10, L11, L13), all at once."""
    p: list[FieldProblem] = []
    docs = {d.doc_type for d in await documents_of(session, "registration", reg.id)}
    if "identity" not in docs:
        p.append(
            FieldProblem(
                "documents.identity", "L6", "the identity document is missing", "缺少身份证明材料"
            )
        )
    p += await l13_problems(session, reg.party_id, listing.county)
    p += await l11_problems(session, listing, reg.party_id)
    member = (
        await membership(session, listing.collective_id, reg.party_id)
        if listing.collective_id
        else None
    )
    if reg.extra_review_required and not (body.extra_review_opinion or "").strip():
        p.append(
            FieldProblem(
                "extra_review_opinion",
                "L11",
                "foreign-invested and business buyers need the extra review's opinion",
                "外资企业、工商企业须经专门审查并出具意见",
            )
        )
    if reg.priority_claimed:
        if "priority_proof" not in docs:
            p.append(
                FieldProblem(
                    "documents.priority_proof",
                    "L10",
                    "a declared priority right needs its proof",
                    "主张优先受让权须提交证明材料",
                )
            )
        if member is None or not member.member:
            p.append(
                FieldProblem(
                    "priority_claimed",
                    "L10",
                    "only members of the collective hold the priority right",
                    "仅本集体经济组织成员享有优先受让权",
                )
            )
    return p


async def review(
    session: AsyncSession,
    who: Principal,
    listing: Listing,
    reg: Registration,
    body: QualificationIn,
) -> Registration:
    check_county(who, listing)
    if reg.status != "pending":
        raise Problem(
            409,
            "wrong-state",
            f"The registration is already {reg.status}",
            "该登记已审查",
            rule="L6",
        )
    if listing.status not in {"announced", "suspended"}:
        raise Problem(
            409,
            "wrong-state",
            "Qualification happens during the announcement",
            "资格审查须在公告期内进行",
            rule="L6",
        )
    problems = await qualification_problems(session, listing, reg, body)
    at = now(session)
    standing = [x for x in problems if x.rule == "L11" and x.field == "party_id"]
    if body.approve and standing:
        # the buyer cannot become eligible by adding a document: the registration ends
        # rejected (its deposit is returned on registration_rejected), never stays pending
        body = body.model_copy(update={"approve": False, "reasons": []})
        problems = standing
    if body.approve:
        if problems:
            raise invalid(
                problems,
                rule=problems[0].rule,
                code="cannot-qualify",
                title_en="The buyer cannot be qualified",
                title_zh="不能通过资格审查",
            )
        reg.status = "qualified"
        reg.priority = reg.priority_claimed
        reg.extra_review_opinion = body.extra_review_opinion
        reg.reasons = []
    else:
        staff = [FieldProblem("review", "L6", r, r) for r in body.reasons]
        all_reasons = staff + [p for p in problems if p not in staff]
        if not all_reasons:
            raise invalid(
                [
                    FieldProblem(
                        "reasons", "L4", "a rejection states its reasons", "不予通过须说明理由"
                    )
                ],
                rule="L4",
            )
        reg.status = "rejected"
        reg.reasons = [f.as_dict() for f in all_reasons]
    reg.decided_by = who.subject
    reg.decided_at = at
    await _flush_and_record(
        session,
        reg,
        action=f"registration.{reg.status}",
        by=who,
        rule="L6",
        reason="; ".join(x["message"] for x in reg.reasons) or None,
        data={
            "listing_id": listing.id,
            "priority": reg.priority,
            "extra_review": reg.extra_review_opinion,
        },
    )
    if reg.status == "qualified":
        await record_event(
            session,
            RegistrationQualified(
                listing_id=listing.id,
                registration_id=reg.id,
                party_id=reg.party_id,
                name=reg.name,
                priority=reg.priority,
                deposit=from_fen(listing.deposit_fen),
                qualified_at=at,
                decided_by=who.subject,
            ),
        )
    else:
        await record_event(
            session,
            RegistrationRejected(
                listing_id=listing.id,
                registration_id=reg.id,
                party_id=reg.party_id,
                reasons=[x["message"] for x in reg.reasons],
                rejected_at=at,
                decided_by=who.subject,
            ),
        )
    return reg


async def deposit_paid(
    session: AsyncSession,
    listing_id: str,
    party_id: str,
    registration_id: str | None,
    amount_fen: int,
    reference: str,
    paid_at: datetime,
) -> Registration | None:
    """bidding.deposit_paid → the registration's deposit (L6, B5)."""
    q = select(Registration).where(Registration.listing_id == listing_id)
    q = (
        q.where(Registration.id == registration_id)
        if registration_id
        else q.where(Registration.party_id == party_id)
    )
    reg = (await session.execute(q.with_for_update())).scalar_one_or_none()
    if reg is None:
        return None
    listing = (await session.execute(select(Listing).where(Listing.id == listing_id))).scalar_one()
    reg.deposit_paid_fen += amount_fen
    reg.deposit_reference = reference
    reg.deposit_paid_at = paid_at
    reg.deposit_paid = reg.deposit_paid_fen >= listing.deposit_fen
    await _flush_and_record(
        session,
        reg,
        action="registration.deposit_paid",
        by=None,
        rule="L6",
        data={"amount_fen": amount_fen, "bank_reference": reference},
    )
    return reg
