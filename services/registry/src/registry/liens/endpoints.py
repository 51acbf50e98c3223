"""HTTP: lien applications, registration, changes, discharge, compensation (R2–R12)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, File, Form, Query, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.context import session_context
from common.db import load_or_404
from common.ids import mask_name
from common.money import from_fen, to_fen
from common.params import Int4RowId
from common.problems import FieldProblem, Problem, invalid
from common.routes import get_session, router
from common.storage import DOWNLOAD_ROUTE, download, get_document_store, store_upload
from registry.access import STAFF_READERS, bank_id
from registry.liens import consent, service
from registry.liens.models import ApplicationDocument, CreditEnhancement, Lien, LienApplication
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
    RefusalIn,
    ValuationIn,
)
from registry.rights.models import Right
from registry.rights.service import actor, get_right, get_right_in_county

r = router(tags=["liens — 抵押登记"])
LENDER = require(Role.lender, org_types=(OrgType.bank,))
AUTHORITY = require(Role.registration_authority, org_types=(OrgType.county,))
LENDER_OR_STAFF = require(Role.lender, *STAFF_READERS)
#: the files themselves: people who review them, not service accounts (they read metadata)
FILE_READERS = require(Role.lender, *(r for r in STAFF_READERS if r != Role.service))


async def application_out(session: AsyncSession, app: LienApplication) -> ApplicationOut:
    docs = await service.documents_of(session, app.id)
    enh = await service.enhancements_of(session, app.id)
    return ApplicationOut(
        id=app.id,
        certificate_no=app.certificate_no,
        county=app.county,
        lender_org_id=app.lender_org_id,
        lender_name=app.lender_name,
        borrower_party_id=app.borrower_party_id,
        borrower_name=app.borrower_name,
        loan_amount=from_fen(app.loan_amount_fen),
        loan_term_end=app.loan_term_end,
        lien_term_end=app.lien_term_end,
        status=app.status,
        valuation=app.valuation,
        appraised_value=(
            from_fen(app.appraised_value_fen) if app.appraised_value_fen is not None else None
        ),
        documents=[DocumentOut.model_validate(d) for d in docs],
        enhancements=[
            {"kind": e.kind, "provider": e.provider, "reference": e.reference} for e in enh
        ],
        lien_id=app.lien_id,
        refusals=app.refusals or [],
    )


@r.post("/lien-applications", response_model=ApplicationOut, status_code=201)
async def apply(
    body: ApplicationIn, session: AsyncSession = Depends(get_session), who: Principal = LENDER
) -> ApplicationOut:
    """A bank applies for lien registration on a right of its county."""
    app = await service.create_application(session, body, who)
    return await application_out(session, app)


@r.get("/lien-applications", response_model=list[ApplicationOut])
async def applications(
    session: AsyncSession = Depends(get_session), who: Principal = LENDER_OR_STAFF
) -> list[ApplicationOut]:
    """A bank sees only its own applications; county staff those of their county."""
    q = select(LienApplication).order_by(LienApplication.created_at)
    bank = bank_id(who)
    if bank is not None:
        q = q.where(LienApplication.lender_org_id == bank)
    elif not who.has(Role.service):
        q = q.where(LienApplication.county == (who.org.county or who.org.id))
    return [await application_out(session, a) for a in (await session.execute(q)).scalars()]


@r.get("/lien-applications/{application_id}", response_model=ApplicationOut)
async def application(
    application_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER_OR_STAFF,
) -> ApplicationOut:
    app = await service.get_application(session, application_id, who)
    return await application_out(session, app)


@r.patch("/lien-applications/{application_id}", response_model=ApplicationOut)
async def correct(
    application_id: str,
    body: ApplicationCorrection,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER,
) -> ApplicationOut:
    """The bank corrects its open application (更正, e.g. adds the R7 reason); the
    materials stay; the old and new values are in the decision log (X2)."""
    app = await service.get_application(session, application_id, who, lock=True)
    await service.correct_application(session, app, body, who)
    return await application_out(session, app)


@r.post(
    "/lien-applications/{application_id}/documents", response_model=DocumentOut, status_code=201
)
async def upload(
    request: Request,
    application_id: str,
    kind: DocumentKind = Form(...),
    file: UploadFile = File(...),
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER,
    store=Depends(get_document_store),
) -> ApplicationDocument:
    """An R8 material (file stored by content hash beside its record)."""
    app = await service.get_application(session, application_id, who, lock=True)
    service.still_open(app)
    limit = request.app.state.runtime.settings.max_document_bytes
    doc = await store_upload(store, file, field="file", max_bytes=limit, rule="R8")
    row = ApplicationDocument(
        application_id=app.id,
        kind=kind,
        sha256=doc.sha256,
        size=doc.size,
        filename=doc.filename,
        content_type=doc.content_type,
        uploaded_by=actor(who),
        uploaded_at=session_context(session).clock.now(),
    )
    session.add(row)
    await session.flush()
    return row


@r.get("/lien-applications/{application_id}/documents/{document_id}", **DOWNLOAD_ROUTE)
async def document_file(
    application_id: str,
    document_id: Int4RowId,
    session: AsyncSession = Depends(get_session),
    who: Principal = FILE_READERS,
    store=Depends(get_document_store),
) -> Response:
    """Download one R8 material, checked against its recorded SHA-256 (the registration
    authority reads what it registers)."""
    app = await service.get_application(session, application_id, who)
    doc = await load_or_404(
        session,
        ApplicationDocument,
        ApplicationDocument.id,
        document_id,
        "Document",
        "材料",
        of=(ApplicationDocument.application_id == app.id,),
    )
    return await download(store, doc)


@r.get("/lien-applications/{application_id}/consent-letter")
async def consent_letter(
    application_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER_OR_STAFF,
) -> dict[str, str]:
    """The consent letter to sign, in the form for the right's origin (Appendix A, C, D)."""
    app = await service.get_application(session, application_id, who)
    right = await get_right(session, app.certificate_no)
    form = service.required_consent_form(right)
    if form is None:
        raise invalid(
            [
                FieldProblem(
                    "certificate_no",
                    "R8",
                    "this right needs no 001 consent letter (housing: the collective's consent)",
                    "该类权利不适用附录A/C/D抵押意见书",
                )
            ],
            rule="R8",
        )
    return consent.render(form, app, right)


@r.post("/lien-applications/{application_id}/valuation")
async def valuation(
    application_id: str,
    body: ValuationIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER,
) -> dict[str, Any]:
    """Value the collateral by the county's Appendix E tables (R6)."""
    app = await service.get_application(session, application_id, who, lock=True)
    return await service.value_collateral(session, app, body, who)


@r.post("/lien-applications/{application_id}/credit-enhancements", status_code=201)
async def enhancement(
    application_id: str,
    body: EnhancementIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER,
) -> dict[str, str]:
    """Record a credit enhancement (R7: interest subsidy, insurance, guarantee company)."""
    app = await service.get_application(session, application_id, who, lock=True)
    service.still_open(app)
    session.add(
        CreditEnhancement(
            application_id=app.id,
            recorded_by=actor(who),
            recorded_at=session_context(session).clock.now(),
            **body.model_dump(),
        )
    )
    await session.flush()
    return body.model_dump()


@r.get("/lien-applications/{application_id}/checks", response_model=CheckOut)
async def checks(
    application_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER_OR_STAFF,
) -> CheckOut:
    """Every open problem of the application now (一次性告知)."""
    app = await service.get_application(session, application_id, who)
    right = await get_right(session, app.certificate_no)
    problems = await service.registration_problems(session, app, right)
    return CheckOut(
        ready=not problems,
        required_consent_form=service.required_consent_form(right),
        problems=[p.as_dict() for p in problems],
    )


@r.post("/lien-applications/{application_id}/register", response_model=LienOut, status_code=201)
async def register(
    application_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = AUTHORITY,
) -> dict[str, Any]:
    """R9: the registration authority registers, annotates and publishes the lien."""
    app = await service.get_application(session, application_id, who, lock=True)
    lien = await service.register(session, app, who)
    return service.lien_dict(lien)


@r.post("/lien-applications/{application_id}/refuse", response_model=ApplicationOut)
async def refuse(
    application_id: str,
    body: RefusalIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = AUTHORITY,
) -> ApplicationOut:
    """The authority refuses the registration; the open reasons are recorded (X2)."""
    app = await service.get_application(session, application_id, who, lock=True)
    await service.refuse(session, app, body.reason, who)
    return await application_out(session, app)


@r.get("/liens", response_model=list[LienOut])
async def liens(
    certificate_no: str | None = None,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER_OR_STAFF,
) -> list[dict[str, Any]]:
    """A bank sees only its own liens; county staff those of their county."""
    q = select(Lien).order_by(Lien.registered_at)
    if certificate_no:
        q = q.where(Lien.certificate_no == certificate_no)
    bank = bank_id(who)
    if bank is not None:
        q = q.where(Lien.lender_org_id == bank)
    elif not who.has(Role.service):
        q = q.where(Lien.county == (who.org.county or who.org.id))
    return [service.lien_dict(x) for x in (await session.execute(q)).scalars()]


@r.get("/publicity")
async def publicity(
    county: str = Query(pattern=r"^[0-9]{6}$", description="County division code"),
    session: AsyncSession = Depends(get_session),
) -> list[dict[str, Any]]:
    """公示: the county's mortgaged rights (active liens), personal data masked (R9, X3).
    Public — no token: a publicity only a signed-in person could read would not publish."""
    rows = await session.execute(
        select(Lien, Right)
        .join(Right, Right.certificate_no == Lien.certificate_no)
        .where(Lien.county == county, Lien.status == "active")
        .order_by(Lien.registered_at)
    )
    return [
        {
            "certificate_no": lien.certificate_no,
            "location": right.location,
            "area_mu": right.area_mu,
            "holder": mask_name(right.holder_name),
            "lender": lien.lender_name,
            "secured_amount": str(from_fen(lien.secured_amount_fen)),
            "rank": lien.rank,
            "term_end": lien.term_end.isoformat(),
            "published_at": lien.publicity.get("published_at"),
            "text": lien.publicity.get("text"),
        }
        for lien, right in rows.all()
    ]


@r.get("/liens/{lien_id}", response_model=LienOut)
async def lien(
    lien_id: str, session: AsyncSession = Depends(get_session), who: Principal = LENDER_OR_STAFF
) -> dict[str, Any]:
    x = await service.get_lien(session, lien_id, who)
    return service.lien_dict(x, await service.changes_of(session, x.id))


@r.post("/liens/{lien_id}/changes", response_model=LienOut, status_code=201)
async def change(
    lien_id: str,
    body: ChangeIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = AUTHORITY,
) -> dict[str, Any]:
    """R10: register a change of the mortgage contract (overdue after 30 days: flagged)."""
    x = await service.get_lien(session, lien_id, who, lock=True)
    await service.register_change(session, x, body, who)
    return service.lien_dict(x, await service.changes_of(session, x.id))


@r.post("/liens/{lien_id}/discharge", response_model=LienOut)
async def discharge(
    lien_id: str,
    body: DischargeIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = require(Role.registration_authority, Role.lender),
) -> dict[str, Any]:
    """R11: the debt is repaid or the lien waived; the history stays."""
    if bank_id(who) is None and who.org.type != OrgType.county:
        # the token's organization, not a field of the request: a 403, not a 422
        raise Problem(
            403,
            "organization-type",
            "only the lien's bank or the county's registration authority discharges a lien",
            "仅抵押权人银行或县登记机构可办理注销",
            rule="X3",
        )
    x = await service.get_lien(session, lien_id, who, lock=True)
    await service.discharge(session, x, body.reason, who, body.note)
    return service.lien_dict(x, await service.changes_of(session, x.id))


@r.post(
    "/rights/{certificate_no}/expropriation-compensation",
    response_model=CompensationOut,
    status_code=201,
)
async def compensation(
    certificate_no: str,
    body: CompensationIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = require(
        Role.registration_authority, Role.county_department, org_types=(OrgType.county,)
    ),
) -> dict[str, Any]:
    """R12: expropriation compensation is paid to the lienholders first, by rank."""
    right = await get_right_in_county(session, certificate_no, who, lock=True)
    comp = await service.compensate(session, right, to_fen(body.amount), body.reference, who)
    return {
        "certificate_no": comp.certificate_no,
        "total": from_fen(comp.total_fen),
        "payouts": comp.payouts,
        "reference": comp.reference,
        "decided_at": comp.decided_at,
    }
