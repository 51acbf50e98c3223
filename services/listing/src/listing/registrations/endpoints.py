"""Buyer registration endpoints — 意向受让登记: buyers (own), the centre (review)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Form, Request, Response, UploadFile

from common.auth import OrgType, Principal, Role, require
from common.params import RowId
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import DOWNLOAD_ROUTE, DocumentStore, download, get_document_store
from listing.access import STAFF
from listing.listings.repository import get_listing
from listing.listings.schemas import DocumentOut
from listing.listings.views import document_out
from listing.registrations import service
from listing.registrations.repository import get_registration
from listing.registrations.schemas import QualificationIn, RegistrationIn, RegistrationOut
from listing.registrations.views import registration_out

router = make_router(tags=["buyer registration — 意向受让登记"])
BUYER = Annotated[Principal, require(Role.buyer, org_types=(OrgType.person,))]
BUYER_OR_STAFF = Annotated[Principal, require(Role.buyer, Role.exchange_staff, Role.supervisor)]


@router.post(
    "/listings/{listing_id}/registrations", status_code=201, response_model=RegistrationOut
)
async def register(
    listing_id: str, body: RegistrationIn, session: SessionDep, who: BUYER
) -> RegistrationOut:
    """An intended buyer registers during the announcement (L6); barred parties refused (L13)."""
    listing = await get_listing(session, listing_id, lock=True)
    return registration_out(await service.register_buyer(session, who, listing, body), listing)


@router.post(
    "/registrations/{registration_id}/documents", status_code=201, response_model=DocumentOut
)
async def upload(
    registration_id: str,
    request: Request,
    session: SessionDep,
    who: BUYER,
    doc_type: str = Form(...),
    file: UploadFile = File(...),
    store: DocumentStore = Depends(get_document_store),
) -> DocumentOut:
    """The buyer's materials (L6) and proof of a priority right (L10)."""
    reg = await get_registration(session, registration_id, lock=True)
    doc = await service.add_document(
        session,
        who,
        reg,
        file,
        store=store,
        doc_type=doc_type,
        max_bytes=request.app.state.runtime.settings.max_document_bytes,
    )
    return document_out(doc)


@router.get("/me/registrations", response_model=list[RegistrationOut])
async def mine(session: SessionDep, who: BUYER) -> list[RegistrationOut]:
    """The buyer's own registrations and their status."""
    return [registration_out(reg, listing) for reg, listing in await service.mine(session, who)]


@router.get("/registrations/{registration_id}", response_model=RegistrationOut)
async def detail(registration_id: str, session: SessionDep, who: BUYER_OR_STAFF) -> RegistrationOut:
    return registration_out(*await service.readable(session, who, registration_id))


@router.get("/registrations/{registration_id}/documents", response_model=list[DocumentOut])
async def documents(
    registration_id: str, session: SessionDep, who: BUYER_OR_STAFF
) -> list[DocumentOut]:
    return [document_out(d) for d in await service.documents(session, who, registration_id)]


@router.get("/registrations/{registration_id}/documents/{document_id}", **DOWNLOAD_ROUTE)
async def document_file(
    registration_id: str,
    document_id: RowId,
    session: SessionDep,
    who: BUYER_OR_STAFF,
    store: DocumentStore = Depends(get_document_store),
) -> Response:
    """Download one L6 material of a registration (identity, qualification, priority
    proof), checked against its recorded SHA-256: for the qualification review (L6, L10)."""
    return await download(store, await service.document(session, who, registration_id, document_id))


@router.get("/listings/{listing_id}/registrations", response_model=list[RegistrationOut])
async def of_listing(
    listing_id: str,
    session: SessionDep,
    who: Principal = require(Role.exchange_staff, Role.supervisor, org_types=(OrgType.county,)),
) -> list[RegistrationOut]:
    listing, regs = await service.of_listing(session, who, listing_id)
    return [registration_out(x, listing) for x in regs]


@router.post("/registrations/{registration_id}/review", response_model=RegistrationOut)
async def review(
    registration_id: str, body: QualificationIn, session: SessionDep, who: STAFF
) -> RegistrationOut:
    """Qualification review (资格审查, L6; L10, L11, L13); all reasons at once."""
    reg = await get_registration(session, registration_id, lock=True)
    listing = await get_listing(session, reg.listing_id, lock=True)
    reviewed = await service.review(session, who, reg, body, listing=listing)
    return registration_out(reviewed, listing)
