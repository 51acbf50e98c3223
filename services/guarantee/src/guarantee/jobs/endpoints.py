"""Job endpoints — 后台任务 (issue 19): start a borrower import or a G9 report (202 with
the job's Location), then read its progress, list one's own jobs, download the result."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse

from common.auth import OrgType, Principal, Role, require
from common.job_routes import JobOut, accepted, add_job_routes
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import DocumentStore, get_document_store, store_upload
from guarantee.access import require_own_county
from guarantee.jobs.schemas import G9JobIn
from guarantee.jobs.service import BORROWER_IMPORT, G9_REPORT, JOBS
from guarantee.reports.rules import period_bounds

router = make_router(prefix="/jobs", tags=["jobs — 后台任务"])
#: as the synchronous import (POST /borrowers/imports): the township's clerk
CLERK = Annotated[Principal, require(Role.township_clerk, org_types=(OrgType.township,))]
#: as the G9 report (GET /reports/{county}/{period})
REPORT_READERS = Annotated[
    Principal, require(Role.county_finance, Role.county_department, Role.guarantor, Role.supervisor)
]
#: whoever may start one of the kinds reads their own jobs
JOB_READERS = Annotated[
    Principal,
    require(
        Role.township_clerk,
        Role.county_finance,
        Role.county_department,
        Role.guarantor,
        Role.supervisor,
    ),
]
ACCEPTED = {202: {"model": JobOut, "description": "Started; its progress at Location"}}


@router.post("/borrower-imports", status_code=202, response_model=None, responses=ACCEPTED)
async def start_borrower_import(
    request: Request,
    session: SessionDep,
    who: CLERK,
    file: UploadFile = File(description="Village survey sheet (摸底表), CSV or XLSX."),
    store: DocumentStore = Depends(get_document_store),
) -> JSONResponse:
    """Import a survey sheet in the background (G5): the rows are filed in steps with
    the progress readable at Location; the result is the import report, and its refused
    rows (each with field and rule) as a CSV download."""
    max_bytes = request.app.state.runtime.settings.max_document_bytes
    doc = await store_upload(
        store, file, field="file", max_bytes=max_bytes, rule="G5", signatures=None
    )
    params = {"filename": doc.filename, "sha256": doc.sha256}
    job = await JOBS.start(session, who, BORROWER_IMPORT, params)
    return accepted(request, JOBS, job)


@router.post("/g9-reports", status_code=202, response_model=None, responses=ACCEPTED)
async def start_g9_report(
    body: G9JobIn, request: Request, session: SessionDep, who: REPORT_READERS
) -> JSONResponse:
    """Generate the county's G9 report file (xlsx or pdf) in the background."""
    require_own_county(who, body.county)
    period_bounds(body.period)
    job = await JOBS.start(session, who, G9_REPORT, body.model_dump())
    return accepted(request, JOBS, job)


add_job_routes(router, JOBS, readers=JOB_READERS)
