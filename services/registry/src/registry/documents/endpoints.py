"""Document endpoints — 文书下载与核验 (DOMAIN R1, R9, X2, X3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from fastapi.responses import StreamingResponse

from common.auth import Principal, Role, require
from common.document_routes import add_verification_route, issuer_dependency
from common.documents import (
    PDF_ROUTE,
    Issuer,
    stream_pdf,
)
from common.routes import SessionDep
from common.routes import router as make_router
from registry.access import STAFF_READERS
from registry.documents import service
from registry.liens import applications

router = make_router(tags=["documents — 文书"])
get_issuer = issuer_dependency(service.issuer)
#: the printed certificate: the lien's bank and the county's staff (not service accounts)
LIEN_READERS = Annotated[
    Principal, require(Role.lender, *(r for r in STAFF_READERS if r != Role.service))
]


@router.get("/liens/{lien_id}/certificate.pdf", **PDF_ROUTE)
async def lien_certificate_pdf(
    session: SessionDep,
    who: LIEN_READERS,
    lien_id: str = Path(max_length=64),
    issuer: Issuer = Depends(get_issuer),
) -> StreamingResponse:
    """抵押登记证明／他项权利记载 (R9) as a PDF — for the lien's bank and the county (X3)."""
    doc = await service.lien_certificate(session, who, lien_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/search-certificates/{number}.pdf", **PDF_ROUTE)
async def search_certificate_pdf(
    session: SessionDep,
    number: str = Path(pattern=r"^CX[0-9]{14}$", description="The 查询证明's number"),
    issuer: Issuer = Depends(get_issuer),
    who: Principal = require(),
) -> StreamingResponse:
    """查询证明 (R1) as a PDF — for the party it was issued to and the county's staff."""
    doc = await service.search_certificate(session, who, number, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/lien-applications/{application_id}/consent-letter.pdf", **PDF_ROUTE)
async def consent_letter_pdf(
    session: SessionDep,
    application_id: str = Path(max_length=64),
    issuer: Issuer = Depends(get_issuer),
    who: Principal = require(Role.lender, *STAFF_READERS),
) -> StreamingResponse:
    """同意抵押意见书 (R8; 001 Appendix A, C, D) as a PDF to print and sign, 一式三份 —
    for the applying bank and the county's staff (X3)."""
    app = await applications.get_application(session, who, application_id, lock=True)
    doc = await service.consent_letter(session, who, app, issuer)
    return await stream_pdf(issuer.store, doc)


add_verification_route(router, "registry", service.AREA.model)
