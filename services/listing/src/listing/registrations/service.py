"""Buyer registration and qualification — 意向受让登记与资格审查 (L6, L10, L11, L13).

Functions take the caller's session and only flush; the route or consumer owns the
transaction. Every decision is recorded (X2); every refusal names all its reasons.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import OrgType, Principal, Role
from common.clock import local_date
from common.context import now
from common.contracts.listing import RegistrationQualified, RegistrationRejected
from common.keys import new_id
from common.money import from_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, Refusal, invalid_field
from common.storage import DocumentStore
from listing.access import require_listing_county, require_party
from listing.listings import repository as listings
from listing.listings.documents import store_document
from listing.listings.models import Document, Listing
from listing.parties.models import CollectiveMember
from listing.parties.repository import active_restrictions, membership
from listing.parties.service import agent_problems, agent_record, filed_party
from listing.registrations import repository, rules
from listing.registrations.models import Registration
from listing.registrations.schemas import (
    EXTRA_REVIEW_KINDS,
    REGISTRATION_DOCUMENTS,
    QualificationIn,
    RegistrationIn,
)
from listing.registrations.states import REGISTRATION

_registration_refused = Refusal(
    "registration-refused", "The registration is refused", "报名不予受理", status=422
)
_cannot_qualify = Refusal(
    "cannot-qualify", "The buyer cannot be qualified", "不能通过资格审查", status=422
)


async def _member(
    session: AsyncSession, listing: Listing, party_id: str
) -> CollectiveMember | None:
    """The party's membership of the listing's collective (L10, L11), if it has one."""
    if not listing.collective_id:
        return None
    return await membership(session, listing.collective_id, party_id)


async def register_buyer(
    session: AsyncSession, who: Principal, listing: Listing, body: RegistrationIn
) -> Registration:
    """L6: only during the announcement; L13: barred or blacklisted parties are refused.
    L20: an agent registers for the party with a valid power of attorney; details not
    typed are the party register's (copied)."""
    require_party(who, body.agent.party_id if body.agent else body.party_id)
    at = now(session)
    problems = agent_problems(body.agent, local_date(at))
    name, phone = body.name, body.phone
    if name is None or phone is None:
        party, missing = await filed_party(session, body.party_id, "party_id")
        problems += missing
        if party is not None:
            name, phone = name or party.name, phone or party.phone
            if phone is None:
                problems.append(
                    FieldProblem("phone", "L6", "a contact phone is needed", "须填写联系电话")
                )
    if not rules.registration_open(listing, at):
        problems.append(
            FieldProblem(
                "listing_id",
                "L6",
                "registration is open only while the announcement runs",
                "仅在公告期内可以报名",
            )
        )
    problems += rules.restriction_problems(
        await active_restrictions(session, body.party_id, listing.county)
    )
    problems += rules.l11_problems(listing, await _member(session, listing, body.party_id))
    if body.priority_claimed and not rules.priority_eligible(listing):
        problems.append(
            FieldProblem(
                "priority_claimed",
                "L10",
                "this listing carries no priority right",
                "该项目不适用优先受让权",
            )
        )
    existing = await repository.registration_of_party(session, listing.id, body.party_id)
    if existing is not None and existing.status != "rejected":
        problems.append(
            FieldProblem("party_id", "L6", "the party has already registered", "该主体已报名")
        )
    if problems:
        raise _registration_refused(problems)
    if existing is None:
        reg = Registration(
            id=new_id(),
            listing_id=listing.id,
            party_id=body.party_id,
            status="pending",
            deposit_paid=False,
            deposit_paid_fen=0,
        )
        session.add(reg)
    else:  # a rejected party registers again (L6)
        reg = existing
        REGISTRATION.move(reg, "pending", "register_again")
    reg.name = name or ""
    reg.buyer_kind = body.buyer_kind
    reg.phone = phone or ""
    reg.agent = agent_record(body.agent)
    reg.priority_claimed = body.priority_claimed
    reg.priority_basis = body.priority_basis
    reg.priority = False
    reg.extra_review_required = body.buyer_kind in EXTRA_REVIEW_KINDS
    reg.extra_review_opinion = None
    reg.reasons = []
    reg.registered_by = who.subject
    reg.registered_at = at
    reg.decided_by = None
    reg.decided_at = None
    await record_on(
        session,
        reg,
        action="registration.submitted",
        by=who,
        rule="L6",
        data={"listing_id": listing.id},
    )
    return reg


async def add_document(
    session: AsyncSession,
    who: Principal,
    reg: Registration,
    upload: UploadFile,
    *,
    store: DocumentStore,
    doc_type: str,
    max_bytes: int,
) -> Document:
    """The buyer's materials (L6) and proof of a priority right (L10), while pending."""
    require_party(who, reg.party_id)
    if doc_type not in REGISTRATION_DOCUMENTS:
        raise invalid_field(
            "doc_type", "L6", f"one of {sorted(REGISTRATION_DOCUMENTS)}", "材料类型不正确"
        )
    if reg.status != "pending":
        raise invalid_field(
            "registration_id",
            "L6",
            "materials are added while the registration is pending",
            "仅待审查的登记可以补充材料",
        )
    return await store_document(
        session,
        who,
        "registration",
        reg.id,
        upload,
        store=store,
        doc_type=doc_type,
        rule="L6",
        max_bytes=max_bytes,
    )


async def review(
    session: AsyncSession,
    who: Principal,
    reg: Registration,
    body: QualificationIn,
    *,
    listing: Listing,
) -> Registration:
    """Qualification review (资格审查, L6; L10, L11, L13); all reasons at once."""
    require_listing_county(who, listing)
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
    materials = {d.doc_type for d in await listings.documents_of(session, "registration", reg.id)}
    problems = rules.qualification_problems(
        listing,
        reg,
        materials,
        await active_restrictions(session, reg.party_id, listing.county),
        await _member(session, listing, reg.party_id),
        body,
    )
    at = now(session)
    standing = [x for x in problems if x.rule == "L11" and x.field == "party_id"]
    if body.approve and standing:
        # the buyer cannot become eligible by adding a document: the registration ends
        # rejected (its deposit is returned on registration_rejected), never stays pending
        body = body.model_copy(update={"approve": False, "reasons": []})
        problems = standing
    if body.approve:
        if problems:
            raise _cannot_qualify(problems)
        REGISTRATION.move(reg, "qualified", "qualify")
        reg.priority = reg.priority_claimed
        reg.extra_review_opinion = body.extra_review_opinion
        reg.reasons = []
    else:
        staff = [FieldProblem("review", "L6", r, r) for r in body.reasons]
        all_reasons = staff + [p for p in problems if p not in staff]
        if not all_reasons:
            raise invalid_field(
                "reasons", "L4", "a rejection states its reasons", "不予通过须说明理由"
            )
        REGISTRATION.move(reg, "rejected", "reject")
        reg.reasons = [f.as_dict() for f in all_reasons]
    reg.decided_by = who.subject
    reg.decided_at = at
    await record_on(
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
    who: Principal | None,
    listing_id: str,
    *,
    party_id: str,
    registration_id: str | None,
    amount_fen: int,
    reference: str,
    paid_at: datetime,
) -> Registration | None:
    """bidding.deposit_paid → the registration's deposit, summed until it reaches the
    listing's deposit (L6, B5)."""
    reg = await repository.registration_paying(session, listing_id, party_id, registration_id)
    if reg is None:
        return None
    listing = await listings.get_listing(session, listing_id)
    reg.deposit_paid_fen += amount_fen
    reg.deposit_reference = reference
    reg.deposit_paid_at = paid_at
    reg.deposit_paid = reg.deposit_paid_fen >= listing.deposit_fen
    await record_on(
        session,
        reg,
        action="registration.deposit_paid",
        by=who,
        rule="L6",
        data={"amount_fen": amount_fen, "bank_reference": reference},
    )
    return reg


# --- reads (X3) -----------------------------------------------------------------------------


async def readable(
    session: AsyncSession, who: Principal, registration_id: str
) -> tuple[Registration, Listing]:
    """The registration and its listing, if ``who`` may read them: the county's staff
    and supervisor, or the buyer who registered (X3). No row lock."""
    reg = await repository.get_registration(session, registration_id)
    listing = await listings.get_listing(session, reg.listing_id)
    if who.has(Role.exchange_staff, Role.supervisor) and who.org.type == OrgType.county:
        require_listing_county(who, listing)
    else:
        require_party(who, reg.party_id)
    return reg, listing


async def documents(session: AsyncSession, who: Principal, registration_id: str) -> list[Document]:
    reg, _ = await readable(session, who, registration_id)
    return await listings.documents_of(session, "registration", reg.id)


async def document(
    session: AsyncSession, who: Principal, registration_id: str, document_id: int
) -> Document:
    reg, _ = await readable(session, who, registration_id)
    return await listings.document_of(session, "registration", reg.id, document_id)


async def mine(session: AsyncSession, who: Principal) -> list[tuple[Registration, Listing]]:
    """The buyer's own registrations (its organization id is its party id)."""
    return await repository.registrations_of_party(session, who.org.id)


async def of_listing(
    session: AsyncSession, who: Principal, listing_id: str
) -> tuple[Listing, list[Registration]]:
    """A listing's registrations, for its county's centre and supervisor."""
    listing = await listings.get_listing(session, listing_id)
    require_listing_county(who, listing)
    return listing, await repository.registrations_of_listing(session, listing.id)
