"""Document endpoints — 文书下载与核验 (DOMAIN L3, X2, X3)."""

from __future__ import annotations

from fastapi import Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.documents import (
    CODE_PATTERN,
    HASH_PATTERN,
    PDF_ROUTE,
    Issuer,
    VerificationOut,
    stream_pdf,
    verification,
)
from common.routes import get_session
from common.routes import router as make_router
from common.storage import DocumentStore, get_document_store
from listing.documents import service

router = make_router(tags=["documents — 文书"])
INTERNAL = require(
    Role.township_clerk,
    Role.county_department,
    Role.exchange_staff,
    Role.supervisor,
    org_types=(OrgType.township, OrgType.county),
)


async def get_issuer(
    request: Request, store: DocumentStore = Depends(get_document_store)
) -> Issuer:
    return service.issuer(request.app.state.runtime.settings, store)


@router.get("/listings/{listing_id}/intake-receipt.pdf", **PDF_ROUTE)
async def intake_receipt_pdf(
    listing_id: str = Path(max_length=32),
    session: AsyncSession = Depends(get_session),
    issuer: Issuer = Depends(get_issuer),
    who: Principal = INTERNAL,
) -> StreamingResponse:
    """受理回执 (L3) as a PDF — for the listing's township window and the county (X3),
    once the application is submitted."""
    doc = await service.intake_receipt(session, who, listing_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/board/listings/{listing_id}/announcement.pdf", **PDF_ROUTE)
async def announcement_pdf(
    listing_id: str = Path(max_length=32),
    session: AsyncSession = Depends(get_session),
    issuer: Issuer = Depends(get_issuer),
) -> StreamingResponse:
    """Public (no token): 交易公告 (L5) as a PDF, personal data masked (L14); re-issued
    after an extension, a suspension or a resumption, which supersedes the old one."""
    doc = await service.announcement(session, None, listing_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/board/listings/{listing_id}/result.pdf", **PDF_ROUTE)
async def result_pdf(
    listing_id: str = Path(max_length=32),
    session: AsyncSession = Depends(get_session),
    issuer: Issuer = Depends(get_issuer),
) -> StreamingResponse:
    """Public (no token): 成交公示 (L14) as a PDF, personal data masked; the signed
    contract's publication supersedes the result-only one."""
    doc = await service.result_publication(session, None, listing_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/documents/{code}/verification", response_model=VerificationOut)
async def verify(
    code: str = Path(pattern=CODE_PATTERN, description="The document's verification code"),
    h: str | None = Query(
        None, pattern=HASH_PATTERN, description="The content hash (or file SHA-256) to check"
    ),
    session: AsyncSession = Depends(get_session),
) -> VerificationOut:
    """Public (no token): whether a listing document is valid, superseded or revoked,
    what it certifies (personal data masked), and whether a presented hash is its own."""
    return verification(await service.find(session, code), h)
