"""Buyer registration endpoints — 意向受让登记: buyers (own), the centre (review)."""

from __future__ import annotations

from fastapi import Depends, File, Form, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.money import from_fen
from common.params import RowId
from common.problems import FieldProblem, invalid
from common.routes import get_session, router
from common.storage import DOWNLOAD_ROUTE, DocumentStore, download, get_document_store
from listing.listings.models import Listing
from listing.listings.schemas import DocumentOut
from listing.listings.service import (
    check_county,
    document_of,
    documents_of,
    get_listing,
    store_document,
)
from listing.registrations import service
from listing.registrations.models import Registration
from listing.registrations.schemas import (
    REGISTRATION_DOCUMENTS,
    QualificationIn,
    RegistrationIn,
    RegistrationOut,
)

r = router(tags=["buyer registration — 意向受让登记"])
BUYER = require(Role.buyer, org_types=(OrgType.person,))
STAFF = require(Role.exchange_staff, org_types=(OrgType.county,))
BUYER_OR_STAFF = require(Role.buyer, Role.exchange_staff, Role.supervisor)


def out(reg: Registration, listing: Listing) -> RegistrationOut:
    return RegistrationOut(
        id=reg.id,
        listing_id=reg.listing_id,
        party_id=reg.party_id,
        name=reg.name,
        buyer_kind=reg.buyer_kind,
        priority_claimed=reg.priority_claimed,
        priority=reg.priority,
        extra_review_required=reg.extra_review_required,
        status=reg.status,
        reasons=reg.reasons or [],
        deposit_required=from_fen(listing.deposit_fen),
        deposit_paid=reg.deposit_paid,
        deposit_paid_amount=from_fen(reg.deposit_paid_fen),
        registered_at=reg.registered_at,
        decided_at=reg.decided_at,
    )


@r.post("/listings/{listing_id}/registrations", status_code=201, response_model=RegistrationOut)
async def register(
    listing_id: str,
    body: RegistrationIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = BUYER,
) -> RegistrationOut:
    """An intended buyer registers during the announcement (L6); barred parties refused (L13)."""
    listing = await get_listing(session, listing_id, lock=True)
    return out(await service.register_buyer(session, who, listing, body), listing)


@r.post("/registrations/{registration_id}/documents", status_code=201, response_model=DocumentOut)
async def upload(
    registration_id: str,
    request: Request,
    doc_type: str = Form(...),
    file: UploadFile = File(...),
    session: AsyncSession = Depends(get_session),
    store: DocumentStore = Depends(get_document_store),
    who: Principal = BUYER,
) -> DocumentOut:
    """The buyer's materials (L6) and proof of a priority right (L10)."""
    reg = await service.get_registration(session, registration_id, lock=True)
    service.check_own(who, reg)
    if doc_type not in REGISTRATION_DOCUMENTS:
        raise invalid(
            [
                FieldProblem(
                    "doc_type", "L6", f"one of {sorted(REGISTRATION_DOCUMENTS)}", "材料类型不正确"
                )
            ],
            rule="L6",
        )
    if reg.status != "pending":
        raise invalid(
            [
                FieldProblem(
                    "registration_id",
                    "L6",
                    "materials are added while the registration is pending",
                    "仅待审查的登记可以补充材料",
                )
            ],
            rule="L6",
        )
    doc = await store_document(
        session,
        store,
        file,
        owner_type="registration",
        owner_id=reg.id,
        doc_type=doc_type,
        rule="L6",
        max_bytes=request.app.state.runtime.settings.max_document_bytes,
        who=who,
    )
    return DocumentOut.model_validate(doc)


@r.get("/me/registrations", response_model=list[RegistrationOut])
async def mine(
    session: AsyncSession = Depends(get_session), who: Principal = BUYER
) -> list[RegistrationOut]:
    """The buyer's own registrations and their status."""
    rows = await session.execute(
        select(Registration, Listing)
        .join(Listing, Listing.id == Registration.listing_id)
        .where(Registration.party_id == who.org.id)
        .order_by(Registration.registered_at)
    )
    return [out(reg, listing) for reg, listing in rows.all()]


@r.get("/registrations/{registration_id}", response_model=RegistrationOut)
async def detail(
    registration_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = BUYER_OR_STAFF,
) -> RegistrationOut:
    return out(*await _readable(session, registration_id, who))


async def _readable(
    session: AsyncSession, registration_id: str, who: Principal
) -> tuple[Registration, Listing]:
    """The registration and its listing, if ``who`` may read them: the county's staff
    and supervisor, or the buyer who registered (X3)."""
    reg = await service.get_registration(session, registration_id)
    listing = await get_listing(session, reg.listing_id)
    if who.has(Role.exchange_staff, Role.supervisor) and who.org.type == OrgType.county:
        check_county(who, listing)
    else:
        service.check_own(who, reg)
    return reg, listing


@r.get("/registrations/{registration_id}/documents", response_model=list[DocumentOut])
async def documents(
    registration_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = BUYER_OR_STAFF,
) -> list[DocumentOut]:
    reg, _ = await _readable(session, registration_id, who)
    return [
        DocumentOut.model_validate(d) for d in await documents_of(session, "registration", reg.id)
    ]


@r.get("/registrations/{registration_id}/documents/{document_id}", **DOWNLOAD_ROUTE)
async def document_file(
    registration_id: str,
    document_id: RowId,
    session: AsyncSession = Depends(get_session),
    store: DocumentStore = Depends(get_document_store),
    who: Principal = BUYER_OR_STAFF,
) -> Response:
    """Download one L6 material of a registration (identity, qualification, priority
    proof), checked against its recorded SHA-256: for the qualification review (L6, L10)."""
    reg, _ = await _readable(session, registration_id, who)
    return await download(store, await document_of(session, "registration", reg.id, document_id))


@r.get("/listings/{listing_id}/registrations", response_model=list[RegistrationOut])
async def of_listing(
    listing_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = require(Role.exchange_staff, Role.supervisor, org_types=(OrgType.county,)),
) -> list[RegistrationOut]:
    listing = await get_listing(session, listing_id)
    check_county(who, listing)
    rows = await session.execute(
        select(Registration)
        .where(Registration.listing_id == listing_id)
        .order_by(Registration.registered_at)
    )
    return [out(x, listing) for x in rows.scalars()]


@r.post("/registrations/{registration_id}/review", response_model=RegistrationOut)
async def review(
    registration_id: str,
    body: QualificationIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> RegistrationOut:
    """Qualification review (资格审查, L6; L10, L11, L13); all reasons at once."""
    reg = await service.get_registration(session, registration_id, lock=True)
    listing = await get_listing(session, reg.listing_id, lock=True)
    return out(await service.review(session, who, listing, reg, body), listing)
