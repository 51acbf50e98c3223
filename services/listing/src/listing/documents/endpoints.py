"""Document endpoints — 文书下载与核验 (DOMAIN L3, X2, X3)."""

from __future__ import annotations

from fastapi import Depends, Path
from fastapi.responses import StreamingResponse

from common.document_routes import add_verification_route, issuer_dependency
from common.documents import (
    PDF_ROUTE,
    Issuer,
    stream_pdf,
)
from common.routes import SessionDep
from common.routes import router as make_router
from listing.access import INTERNAL
from listing.documents import service

router = make_router(tags=["documents — 文书"])
get_issuer = issuer_dependency(service.issuer)


@router.get("/listings/{listing_id}/intake-receipt.pdf", **PDF_ROUTE)
async def intake_receipt_pdf(
    session: SessionDep,
    who: INTERNAL,
    listing_id: str = Path(max_length=32),
    issuer: Issuer = Depends(get_issuer),
) -> StreamingResponse:
    """受理回执 (L3) as a PDF — for the listing's township window and the county (X3),
    once the application is submitted."""
    doc = await service.intake_receipt(session, who, listing_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/board/listings/{listing_id}/announcement.pdf", **PDF_ROUTE)
async def announcement_pdf(
    session: SessionDep, listing_id: str = Path(max_length=32), issuer: Issuer = Depends(get_issuer)
) -> StreamingResponse:
    """Public (no token): 交易公告 (L5) as a PDF, personal data masked (L14); re-issued
    after an extension, a suspension or a resumption, which supersedes the old one."""
    doc = await service.announcement(session, None, listing_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/board/listings/{listing_id}/result.pdf", **PDF_ROUTE)
async def result_pdf(
    session: SessionDep, listing_id: str = Path(max_length=32), issuer: Issuer = Depends(get_issuer)
) -> StreamingResponse:
    """Public (no token): 成交公示 (L14) as a PDF, personal data masked; the signed
    contract's publication supersedes the result-only one."""
    doc = await service.result_publication(session, None, listing_id, issuer)
    return await stream_pdf(issuer.store, doc)


add_verification_route(router, "listing", service.AREA.model)
