"""Document endpoints — 文书下载与核验 (DOMAIN G5, G6, X2, X3)."""

from __future__ import annotations

from fastapi import Depends, Path
from fastapi.responses import StreamingResponse

from common.auth import Principal, Role, require
from common.document_routes import add_verification_route, issuer_dependency
from common.documents import (
    PDF_ROUTE,
    Issuer,
    stream_pdf,
)
from common.problems import not_found
from common.routes import SessionDep
from common.routes import router as make_router
from guarantee.documents import service
from guarantee.guarantees import repository
from guarantee.guarantees import service as guarantees

router = make_router(tags=["documents — 文书"])
get_issuer = issuer_dependency(service.issuer)


@router.get("/notices/{guarantee_id}.pdf", **PDF_ROUTE)
async def public_notice_pdf(
    session: SessionDep,
    guarantee_id: str = Path(max_length=32),
    issuer: Issuer = Depends(get_issuer),
) -> StreamingResponse:
    """Public (no token): 劝耕贷公示 (G5) as a PDF, the borrower masked, once posted."""
    g = await repository.get(session, guarantee_id, lock=True)
    if g is None:
        raise not_found("Guarantee", "担保项目")
    doc = await service.public_notice(session, None, g, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/guarantees/{guarantee_id}/compensation-notice.pdf", **PDF_ROUTE)
async def compensation_notice_pdf(
    session: SessionDep,
    guarantee_id: str = Path(max_length=32),
    issuer: Issuer = Depends(get_issuer),
    who: Principal = require(Role.guarantor, Role.lender, Role.county_finance, Role.supervisor),
) -> StreamingResponse:
    """代偿通知 (G6) as a PDF — for the guarantee's guarantor and bank, the county's
    finance bureau and the supervisor (X3), once compensated."""
    g = await guarantees.load(session, who, guarantee_id, lock=True)
    doc = await service.compensation_notice(session, who, g, issuer)
    return await stream_pdf(issuer.store, doc)


add_verification_route(router, "guarantee", service.AREA.model)
