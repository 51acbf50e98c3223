"""HTTP: lien applications, registration, changes, discharge, compensation (R2–R12)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, File, Form, Query, Request, Response, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import DecisionOut, decisions_of
from common.auth import OrgType, Principal, Role, require
from common.money import to_fen
from common.params import Int4RowId
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import DOWNLOAD_ROUTE, download, get_document_store
from registry.access import STAFF_READERS, require_bank_or_county
from registry.liens import applications, service, views
from registry.liens.models import ApplicationDocument, Lien, LienApplication
from registry.liens.schemas import (
    ApplicationCorrection,
    ApplicationIn,
    ApplicationOut,
    ChangeIn,
    CheckOut,
    CompensationIn,
    CompensationOut,
    DischargeIn,
    DocumentKind,
    DocumentOut,
    EnhancementIn,
    LienOut,
    PublicityOut,
    RefusalIn,
    ValuationIn,
)
from registry.rights.service import get_right_in_county

router = make_router(tags=["liens — 抵押登记"])
LENDER = Annotated[Principal, require(Role.lender, org_types=(OrgType.bank,))]
AUTHORITY = Annotated[Principal, require(Role.registration_authority, org_types=(OrgType.county,))]
LENDER_OR_STAFF = Annotated[Principal, require(Role.lender, *STAFF_READERS)]
#: R23: a bank files its own applications; the authority's window a non-bank mortgagee's
FILER = Annotated[
    Principal,
    require(Role.lender, Role.registration_authority, org_types=(OrgType.bank, OrgType.county)),
]
#: the files themselves: people who review them, not service accounts (they read metadata)
FILE_READERS = Annotated[
    Principal, require(Role.lender, *(r for r in STAFF_READERS if r != Role.service))
]


async def application_out(session: AsyncSession, app: LienApplication) -> ApplicationOut:
    return views.application_out(app, *await applications.materials(session, app))


@router.post("/lien-applications", response_model=ApplicationOut, status_code=201)
async def apply(body: ApplicationIn, session: SessionDep, who: FILER) -> ApplicationOut:
    """A bank applies for lien registration on a right of its county; the registration
    authority's window files for an enterprise or person mortgagee (``mortgagee``, R23)."""
    app = await applications.create_application(session, who, body)
    return await application_out(session, app)


#: ``status`` and ``sort`` of the application list (an unknown one is a 422 naming it).
ApplicationStatus = Literal["submitted", "registered", "refused"]
ApplicationSort = Literal[
    "created_at",
    "-created_at",
    "loan_amount",
    "-loan_amount",
    "certificate_no",
    "-certificate_no",
    "borrower_name",
    "-borrower_name",
]


@router.get("/lien-applications", response_model=list[ApplicationOut])
async def list_applications(
    response: Response,
    session: SessionDep,
    who: LENDER_OR_STAFF,
    status: Annotated[ApplicationStatus | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[ApplicationSort, Query()] = "created_at",
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[ApplicationOut]:
    """A bank sees only its own applications; county staff those of their county.
    Oldest first; ``status``, ``q`` (certificate, borrower, bank, id), ``sort`` and
    ``limit``/``offset`` filter and page it; ``X-Total-Count`` is how many match (the
    bank's and the registration authority's consoles)."""
    rows, total = await applications.applications(
        session, who, status=status, q=q, sort=sort, limit=limit, offset=offset
    )
    response.headers["X-Total-Count"] = str(total)
    return [await application_out(session, a) for a in rows]


@router.get("/lien-applications/{application_id}", response_model=ApplicationOut)
async def application(
    application_id: str, session: SessionDep, who: LENDER_OR_STAFF
) -> ApplicationOut:
    app = await applications.get_application(session, who, application_id)
    return await application_out(session, app)


@router.patch("/lien-applications/{application_id}", response_model=ApplicationOut)
async def correct(
    application_id: str, body: ApplicationCorrection, session: SessionDep, who: FILER
) -> ApplicationOut:
    """The bank corrects its open application (更正, e.g. adds the R7 reason); the
    materials stay; the old and new values are in the decision log (X2). The window
    corrects a non-bank mortgagee's (R23)."""
    app = await applications.get_application(session, who, application_id, lock=True)
    applications.require_filer(who, app.mortgagee_kind)
    await applications.correct_application(session, who, app, body)
    return await application_out(session, app)


@router.post(
    "/lien-applications/{application_id}/documents", response_model=DocumentOut, status_code=201
)
async def upload(
    request: Request,
    application_id: str,
    session: SessionDep,
    who: FILER,
    kind: DocumentKind = Form(...),
    file: UploadFile = File(...),
    store=Depends(get_document_store),
) -> ApplicationDocument:
    """An R8 material (file stored by content hash beside its record); for a non-bank
    mortgagee the window uploads them (``lender_id``: its licence or ID card, R23)."""
    app = await applications.get_application(session, who, application_id, lock=True)
    applications.require_filer(who, app.mortgagee_kind)
    limit = request.app.state.runtime.settings.max_document_bytes
    return await applications.add_document(
        session, who, app, kind, file, store=store, max_bytes=limit
    )


@router.get("/lien-applications/{application_id}/documents/{document_id}", **DOWNLOAD_ROUTE)
async def document_file(
    application_id: str,
    document_id: Int4RowId,
    session: SessionDep,
    who: FILE_READERS,
    store=Depends(get_document_store),
) -> Response:
    """Download one R8 material, checked against its recorded SHA-256 (the registration
    authority reads what it registers)."""
    app = await applications.get_application(session, who, application_id)
    return await download(store, await applications.document(session, who, app, document_id))


@router.get("/lien-applications/{application_id}/consent-letter")
async def consent_letter(
    application_id: str, session: SessionDep, who: LENDER_OR_STAFF
) -> dict[str, str]:
    """The consent letter to sign, in the form for the right's origin (Appendix A, C, D)."""
    app = await applications.get_application(session, who, application_id)
    return await applications.consent_letter(session, who, app)


@router.post("/lien-applications/{application_id}/valuation")
async def valuation(
    application_id: str, body: ValuationIn, session: SessionDep, who: FILER
) -> dict[str, Any]:
    """Value the collateral by the county's Appendix E tables (R6); the window values a
    non-bank mortgagee's collateral (R23)."""
    app = await applications.get_application(session, who, application_id, lock=True)
    applications.require_filer(who, app.mortgagee_kind)
    return await applications.value_collateral(session, who, app, body)


@router.post("/lien-applications/{application_id}/credit-enhancements", status_code=201)
async def enhancement(
    application_id: str, body: EnhancementIn, session: SessionDep, who: LENDER
) -> dict[str, str | None]:
    """Record a credit enhancement (R7: interest subsidy, insurance, guarantee company; R21:
    guarantee insurance, housing insurance, platform guarantee, a cited guarantee id)."""
    app = await applications.get_application(session, who, application_id, lock=True)
    await applications.add_enhancement(session, who, app, body)
    return body.model_dump()


@router.get("/lien-applications/{application_id}/checks", response_model=CheckOut)
async def checks(application_id: str, session: SessionDep, who: LENDER_OR_STAFF) -> CheckOut:
    """Every open problem of the application now (一次性告知), and while it is open the
    annotation R9 would write (the authority's preview)."""
    app = await applications.get_application(session, who, application_id)
    right, problems = await applications.checks(session, who, app)
    preview = (
        await service.annotation_preview(session, app, right) if app.status == "submitted" else None
    )
    return views.checks_out(right, problems, preview, await applications.warnings(session, app))


@router.post(
    "/lien-applications/{application_id}/register", response_model=LienOut, status_code=201
)
async def register(application_id: str, session: SessionDep, who: AUTHORITY) -> LienOut:
    """R9: the registration authority registers, annotates and publishes the lien."""
    app = await applications.get_application(session, who, application_id, lock=True)
    return views.lien_out(await service.register(session, who, app))


@router.post("/lien-applications/{application_id}/refuse", response_model=ApplicationOut)
async def refuse(
    application_id: str, body: RefusalIn, session: SessionDep, who: AUTHORITY
) -> ApplicationOut:
    """The authority refuses the registration; the open reasons are recorded (X2)."""
    app = await applications.get_application(session, who, application_id, lock=True)
    await applications.refuse(session, who, app, body.reason)
    return await application_out(session, app)


@router.get("/liens", response_model=list[LienOut])
async def liens(
    session: SessionDep, who: LENDER_OR_STAFF, certificate_no: str | None = None
) -> list[LienOut]:
    """A bank sees only its own liens; county staff those of their county."""
    return [views.lien_out(x) for x in await service.liens(session, who, certificate_no)]


@router.get("/publicity", response_model=list[PublicityOut])
async def publicity(
    session: SessionDep,
    county: str = Query(pattern=r"^[0-9]{6}$", description="County division code"),
) -> list[PublicityOut]:
    """公示: the county's mortgaged rights (active liens), personal data masked (R9, X3).
    Public — no token: a publicity only a signed-in person could read would not publish."""
    return [
        views.publicity_out(lien, right)
        for lien, right in await service.publicity(session, None, county)
    ]


@router.get("/liens/{lien_id}", response_model=LienOut)
async def lien(lien_id: str, session: SessionDep, who: LENDER_OR_STAFF) -> LienOut:
    x = await service.get_lien(session, who, lien_id)
    return views.lien_out(x, await service.changes_of(session, x))


@router.post("/liens/{lien_id}/changes", response_model=LienOut, status_code=201)
async def change(lien_id: str, body: ChangeIn, session: SessionDep, who: AUTHORITY) -> LienOut:
    """R10: register a change of the mortgage contract (overdue after 30 days: flagged)."""
    x = await service.get_lien(session, who, lien_id, lock=True)
    await service.register_change(session, who, x, body)
    return views.lien_out(x, await service.changes_of(session, x))


@router.post("/liens/{lien_id}/discharge", response_model=LienOut)
async def discharge(
    lien_id: str,
    body: DischargeIn,
    session: SessionDep,
    who: Principal = require(Role.registration_authority, Role.lender),
) -> LienOut:
    """R11: the debt is repaid or the lien waived; the history stays. A non-bank
    mortgagee's lien (R23) is discharged by the authority on its written release."""
    require_bank_or_county(who, "the lien", "该抵押权")
    x = await service.get_lien(session, who, lien_id, lock=True)
    await service.discharge(session, who, x, body.reason, body.note, release=body.mortgagee_release)
    return views.lien_out(x, await service.changes_of(session, x))


@router.post(
    "/rights/{certificate_no}/expropriation-compensation",
    response_model=CompensationOut,
    status_code=201,
)
async def compensation(
    certificate_no: str,
    body: CompensationIn,
    session: SessionDep,
    who: Principal = require(
        Role.registration_authority, Role.county_department, org_types=(OrgType.county,)
    ),
) -> CompensationOut:
    """R12: expropriation compensation is paid to the lienholders first, by rank."""
    right = await get_right_in_county(session, who, certificate_no, lock=True)
    comp = await service.compensate(session, who, right, to_fen(body.amount), body.reference)
    return views.compensation_out(comp)


@router.get("/lien-applications/{application_id}/decisions", response_model=list[DecisionOut])
async def application_decisions(
    application_id: str, session: SessionDep, who: LENDER_OR_STAFF
) -> list[DecisionOut]:
    """The application's audit trail (X2), oldest first: its bank or its county's staff
    (the supervisor's console reads it)."""
    app = await applications.get_application(session, who, application_id)
    return await decisions_of(session, LienApplication.__audit_subject__, app.id)


@router.get("/liens/{lien_id}/decisions", response_model=list[DecisionOut])
async def lien_decisions(
    lien_id: str, session: SessionDep, who: LENDER_OR_STAFF
) -> list[DecisionOut]:
    """The lien's audit trail (X2): registration, changes, discharge — oldest first."""
    x = await service.get_lien(session, who, lien_id)
    return await decisions_of(session, Lien.__audit_subject__, x.id)
