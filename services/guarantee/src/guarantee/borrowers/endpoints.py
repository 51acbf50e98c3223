"""Borrower file endpoints — 建档立卡 (G5). Townships import; staff classify."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import DocumentStore, get_document_store, store_upload
from guarantee.access import check_borrower_readable, check_may_classify, own_guarantee_borrowers
from guarantee.borrowers import service
from guarantee.borrowers.models import Borrower
from guarantee.borrowers.schemas import BorrowerOut, Category, ClassificationIn, ImportReport
from guarantee.borrowers.views import borrower_views

router = make_router(prefix="/borrowers", tags=["borrowers — 建档立卡"])
CLERK = Annotated[Principal, require(Role.township_clerk, org_types=(OrgType.township,))]
#: who reads the borrower files (X3): the township, the guarantor and the county's staff
_FILE_ROLES = (
    Role.township_clerk,
    Role.guarantor,
    Role.county_department,
    Role.county_finance,
    Role.supervisor,
)
#: one file: a bank too, for the borrowers recommended to it
FILE_READERS = Annotated[Principal, require(*_FILE_ROLES, Role.lender)]
CLASSIFIERS = Annotated[
    Principal,
    require(Role.township_clerk, Role.guarantor, org_types=(OrgType.township, OrgType.guarantor)),
]
READERS = Annotated[Principal, require(*_FILE_ROLES)]


async def _views(session: AsyncSession, who: Principal, files: list[Borrower]) -> list[BorrowerOut]:
    own = (
        await own_guarantee_borrowers(session, who, [b.id for b in files])
        if who.org.type == OrgType.guarantor
        else set()
    )
    return borrower_views(files, who, own)


@router.post("/imports", response_model=ImportReport, status_code=201)
async def import_survey_sheet(
    request: Request,
    session: SessionDep,
    who: CLERK,
    file: UploadFile = File(description="Village survey sheet (摸底表), CSV or XLSX."),
    store: DocumentStore = Depends(get_document_store),
) -> ImportReport:
    """Import a village survey sheet into one file per borrower; rejected rows are reported."""
    max_bytes = request.app.state.runtime.settings.max_document_bytes
    # a sheet (CSV or XLSX) is parsed by the importer itself: no material type check
    doc = await store_upload(
        store, file, field="file", max_bytes=max_bytes, rule="G5", signatures=None
    )
    data = await store.get(doc.sha256)
    report = await service.import_sheet(session, who, doc.filename, data=data, sha256=doc.sha256)
    return ImportReport.model_validate(report)


@router.get("", response_model=list[BorrowerOut])
async def list_borrowers(
    session: SessionDep, who: READERS, category: Category | None = None
) -> list[BorrowerOut]:
    """Borrower files: a township its own, guarantor and county staff their county's (a
    guarantor with ID number and phone masked except on its own guarantees)."""
    return await _views(session, who, await service.visible(session, who, category))


@router.get("/{borrower_id}", response_model=BorrowerOut)
async def get_borrower(borrower_id: str, session: SessionDep, who: FILE_READERS) -> BorrowerOut:
    """One borrower file; a bank sees the files of borrowers recommended to it."""
    b = await service.get(session, who, borrower_id)
    await check_borrower_readable(session, who, b)
    [view] = await _views(session, who, [b])
    return view


@router.post("/{borrower_id}/classification", response_model=BorrowerOut)
async def override_classification(
    borrower_id: str, body: ClassificationIn, session: SessionDep, who: CLASSIFIERS
) -> BorrowerOut:
    """Staff override of the six-haves class, with the reason recorded (G5, X2)."""
    b = await service.get(session, who, borrower_id)
    await check_borrower_readable(session, who, b)
    await check_may_classify(session, who, b)
    b = await service.override_category(session, who, b, category=body.category, reason=body.reason)
    [view] = await _views(session, who, [b])
    return view
