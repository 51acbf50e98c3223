"""Borrower file endpoints — 建档立卡 (G5). Townships import; staff classify."""

from __future__ import annotations

from fastapi import Depends, File, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.routes import get_session
from common.routes import router as make_router
from common.storage import DocumentStore, get_document_store, store_upload
from guarantee.borrowers import service
from guarantee.borrowers.schemas import BorrowerOut, Category, ClassificationIn, ImportReport

router = make_router(prefix="/borrowers", tags=["borrowers — 建档立卡"])
CLERK = require(Role.township_clerk, org_types=(OrgType.township,))
FILE_READERS = require(
    Role.township_clerk,
    Role.guarantor,
    Role.county_department,
    Role.county_finance,
    Role.supervisor,
    Role.lender,
)
CLASSIFIERS = require(
    Role.township_clerk, Role.guarantor, org_types=(OrgType.township, OrgType.guarantor)
)
READERS = require(
    Role.township_clerk,
    Role.guarantor,
    Role.county_department,
    Role.county_finance,
    Role.supervisor,
)


@router.post("/imports", response_model=ImportReport, status_code=201)
async def import_survey_sheet(
    request: Request,
    file: UploadFile = File(description="Village survey sheet (摸底表), CSV or XLSX."),
    session: AsyncSession = Depends(get_session),
    store: DocumentStore = Depends(get_document_store),
    who: Principal = CLERK,
) -> ImportReport:
    """Import a village survey sheet into one file per borrower; rejected rows are reported."""
    max_bytes = request.app.state.runtime.settings.max_document_bytes
    # a sheet (CSV or XLSX) is parsed by the importer itself: no material type check
    doc = await store_upload(
        store, file, field="file", max_bytes=max_bytes, rule="G5", signatures=None
    )
    data = await store.get(doc.sha256)
    report = await service.import_sheet(session, doc.filename, data, doc.sha256, who)
    return ImportReport.model_validate(report)


@router.get("", response_model=list[BorrowerOut])
async def list_borrowers(
    category: Category | None = None,
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> list[BorrowerOut]:
    """Borrower files: a township its own, guarantor and county staff their county's (a
    guarantor with ID number and phone masked except on its own guarantees)."""
    return await service.views(session, who, await service.visible(session, who, category))


@router.get("/{borrower_id}", response_model=BorrowerOut)
async def get_borrower(
    borrower_id: str, session: AsyncSession = Depends(get_session), who: Principal = FILE_READERS
) -> BorrowerOut:
    """One borrower file; a bank sees the files of borrowers recommended to it."""
    [view] = await service.views(
        session, who, [await service.get_visible(session, borrower_id, who)]
    )
    return view


@router.post("/{borrower_id}/classification", response_model=BorrowerOut)
async def override_classification(
    borrower_id: str,
    body: ClassificationIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = CLASSIFIERS,
) -> BorrowerOut:
    """Staff override of the six-haves class, with the reason recorded (G5, X2)."""
    b = await service.get_visible(session, borrower_id, who)
    await service.check_may_classify(session, b, who)
    b = await service.override_category(session, b, body.category, body.reason, who)
    [view] = await service.views(session, who, [b])
    return view
