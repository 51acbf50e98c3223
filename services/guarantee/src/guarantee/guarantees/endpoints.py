"""Guarantee endpoints — 劝耕贷流程 (G3–G7): each step by its role and organization only."""

from __future__ import annotations

import mimetypes
from decimal import Decimal
from types import SimpleNamespace
from typing import Annotated, Literal

from fastapi import Depends, File, Form, Query, Request, Response, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import DecisionOut, decisions_of
from common.auth import OrgType, Principal, Role, require
from common.idempotency import HEADER
from common.money import Money, Rate, to_fen
from common.problems import FieldProblem, invalid, not_found
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import (
    DOWNLOAD_ROUTE,
    DocumentStore,
    download,
    get_document_store,
    store_upload,
)
from guarantee.access import visible_guarantees
from guarantee.guarantees import compensation as default
from guarantee.guarantees import loans, notices, pipeline, repository, service
from guarantee.guarantees.models import Guarantee
from guarantee.guarantees.rules import FOUR_TRUTHS
from guarantee.guarantees.schemas import (
    ApprovalIn,
    CompensationIn,
    DrawdownIn,
    GuaranteeOut,
    MonitoringIn,
    MonitoringOut,
    NoteIn,
    NoticeIn,
    ObjectionIn,
    ObjectionOut,
    OverdueIn,
    RecommendationIn,
    RecoveryIn,
    RecoveryOut,
    RepaymentIn,
    ResolutionIn,
)
from guarantee.guarantees.states import GUARANTEE
from guarantee.guarantees.views import guarantee_out, monitoring_out, objection_out, recovery_out

router = make_router(prefix="/guarantees", tags=["guarantees — 劝耕贷担保"])
GUARANTOR = Annotated[Principal, require(Role.guarantor, org_types=(OrgType.guarantor,))]
LENDER = Annotated[Principal, require(Role.lender, org_types=(OrgType.bank,))]
APPROVERS = Annotated[
    Principal, require(Role.lender, Role.guarantor, org_types=(OrgType.bank, OrgType.guarantor))
]
CLERK = Annotated[Principal, require(Role.township_clerk, org_types=(OrgType.township,))]
AGRI = Annotated[Principal, require(Role.county_department, org_types=(OrgType.county,))]
RECOVERERS = Annotated[
    Principal, require(Role.guarantor, Role.lender, org_types=(OrgType.guarantor, OrgType.bank))
]
MONITORS = Annotated[
    Principal,
    require(
        Role.guarantor,
        Role.lender,
        Role.township_clerk,
        Role.county_department,
        org_types=(OrgType.guarantor, OrgType.bank, OrgType.township, OrgType.county),
    ),
]
READERS = Annotated[
    Principal,
    require(
        Role.guarantor,
        Role.lender,
        Role.township_clerk,
        Role.county_department,
        Role.county_finance,
        Role.supervisor,
    ),
]
#: the bank's due-diligence report holds the borrower's credit and finances: the parties
#: to the guarantee (the bank, the guarantor, the finance bureau that shares the risk)
#: and the supervisor, not the township window or the departments
REPORT_READERS = Annotated[
    Principal, require(Role.guarantor, Role.lender, Role.county_finance, Role.supervisor)
]


def _require_key(request: Request) -> None:
    if not request.headers.get(HEADER):
        raise invalid(
            [
                FieldProblem(
                    HEADER, "X1", "bank entries need an Idempotency-Key", "银行报送须携带幂等键"
                )
            ],
            code="idempotency-key-required",
            status=400,
            rule="X1",
        )


async def _bank_entry(
    request: Request,
    session: AsyncSession,
    guarantee_id: str,
    who: Principal,
    kind: str,
    body: DrawdownIn | RepaymentIn | OverdueIn,
) -> GuaranteeOut:
    """A loan entry reported by the bank (Idempotency-Key required), then the guarantee:
    a drawdown lends principal only; a repayment or an overdue report names principal
    and interest."""
    _require_key(request)
    if isinstance(body, DrawdownIn):
        principal_fen, interest_fen = to_fen(body.amount), 0
    else:
        principal_fen, interest_fen = to_fen(body.principal), to_fen(body.interest)
    g = await service.load(session, who, guarantee_id, lock=True)
    await loans.record_entry(
        session,
        who,
        g,
        kind,
        principal_fen=principal_fen,
        interest_fen=interest_fen,
        bank_reference=body.bank_reference,
    )
    return await guarantee_out(session, g)


@router.post("/recommendations", response_model=list[GuaranteeOut], status_code=201)
async def recommend(
    body: RecommendationIn, session: SessionDep, who: GUARANTOR
) -> list[GuaranteeOut]:
    """G5: a recommendation list of credit candidates to one bank (批量推荐尽调项目)."""
    made = await pipeline.recommend(
        session, who, body.borrower_ids, lender_org_id=body.lender_org_id
    )
    return [await guarantee_out(session, g, full=False) for g in made]


#: ``sort`` of the guarantee list (an unknown one is a 422 naming it)
GuaranteeSort = Literal[
    "created_at",
    "-created_at",
    "updated_at",
    "-updated_at",
    "amount",
    "-amount",
    "state",
    "-state",
    "township",
    "-township",
]


@router.get("", response_model=list[GuaranteeOut])
async def list_guarantees(
    response: Response,
    session: SessionDep,
    who: READERS,
    state: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[GuaranteeSort, Query()] = "created_at",
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[GuaranteeOut]:
    """Guarantees the caller's organization may see (X3), oldest first; ``state``, ``q``
    (id, borrower ID number, certificate, bank), ``sort`` and ``limit``/``offset`` filter
    and page it on the server; ``X-Total-Count`` is how many match (the consoles)."""
    if state is not None and state not in GUARANTEE.states:
        raise invalid(
            [
                FieldProblem(
                    "state",
                    "G5",
                    f"no such state; one of {', '.join(sorted(GUARANTEE.states))}",
                    "无此状态",
                )
            ]
        )
    rows, total = await repository.page(
        session,
        visible_guarantees(repository.ordered(), who),
        state=state,
        q=q,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    response.headers["X-Total-Count"] = str(total)
    return [await guarantee_out(session, g, full=False) for g in rows]


@router.get("/{guarantee_id}", response_model=GuaranteeOut)
async def get_guarantee(guarantee_id: str, session: SessionDep, who: READERS) -> GuaranteeOut:
    return await guarantee_out(session, await service.load(session, who, guarantee_id, lock=False))


#: G15 the four truths, as the form describes each note
TRUTH = {k: f"G15 四个真实 — {zh}: the bank's note" for k, (_, zh) in FOUR_TRUTHS.items()}


@router.post("/{guarantee_id}/due-diligence", response_model=GuaranteeOut)
async def due_diligence(
    request: Request,
    guarantee_id: str,
    report: Annotated[UploadFile, File(description="The bank's due-diligence report (尽调报告).")],
    amount: Annotated[Money, Form()],
    loan_rate: Annotated[Rate, Form(description="Annual rate as a fraction (G4: ≤ base × 1.2).")],
    session: SessionDep,
    who: LENDER,
    term_months: int = Form(ge=1, le=360),
    summary: str = Form(min_length=1, max_length=4000),
    certificate_no: str | None = Form(None, max_length=64),
    truth_information: str | None = Form(None, max_length=1000, description=TRUTH["information"]),
    truth_identity: str | None = Form(None, max_length=1000, description=TRUTH["identity"]),
    truth_purpose: str | None = Form(None, max_length=1000, description=TRUTH["purpose"]),
    truth_operation: str | None = Form(None, max_length=1000, description=TRUTH["operation"]),
    store: DocumentStore = Depends(get_document_store),
) -> GuaranteeOut:
    """G5: the bank's due-diligence report with the proposed terms (G3, G4 checked) and
    the four truths (G15), each attested with a note."""
    g = await service.load(session, who, guarantee_id, lock=True)
    service.expect(g, "report_diligence")
    doc = await store_upload(
        store,
        report,
        field="report",
        rule="G5",
        max_bytes=request.app.state.runtime.settings.max_document_bytes,
    )
    await pipeline.report_diligence(
        session,
        who,
        g,
        amount_fen=to_fen(amount),
        loan_rate=Decimal(loan_rate),
        term_months=term_months,
        summary=summary,
        certificate_no=certificate_no,
        truths={
            "information": truth_information,
            "identity": truth_identity,
            "purpose": truth_purpose,
            "operation": truth_operation,
        },
        sha256=doc.sha256,
        filename=doc.filename,
    )
    return await guarantee_out(session, g)


@router.get("/{guarantee_id}/due-diligence/report", **DOWNLOAD_ROUTE)
async def due_diligence_report(
    guarantee_id: str,
    session: SessionDep,
    who: REPORT_READERS,
    store: DocumentStore = Depends(get_document_store),
) -> Response:
    """The bank's due-diligence report (G5) as uploaded, checked against its SHA-256: what
    the guarantor reads before it approves."""
    g = await service.load(session, who, guarantee_id, lock=False)
    if g.diligence_sha256 is None or g.diligence_filename is None:
        raise not_found("Due-diligence report", "尽调报告")
    kind = mimetypes.guess_type(g.diligence_filename)[0] or "application/octet-stream"
    report = SimpleNamespace(
        sha256=g.diligence_sha256, filename=g.diligence_filename, content_type=kind
    )
    return await download(store, report)


@router.post("/{guarantee_id}/approval", response_model=GuaranteeOut)
async def approval(
    guarantee_id: str, body: ApprovalIn, session: SessionDep, who: APPROVERS
) -> GuaranteeOut:
    """G5: bank and guarantor approval (both needed); the guarantor sets the fee rate (G4)."""
    g = await service.load(session, who, guarantee_id, lock=True)
    await pipeline.approve(
        session, who, g, approve=body.approve, fee_rate=body.fee_rate, reason=body.reason
    )
    return await guarantee_out(session, g)


@router.post("/{guarantee_id}/notice", response_model=GuaranteeOut)
async def notice(
    guarantee_id: str, body: NoticeIn, session: SessionDep, who: CLERK
) -> GuaranteeOut:
    """G5: public notice at the township and village with a complaint phone."""
    g = await service.load(session, who, guarantee_id, lock=True)
    await notices.start_notice(
        session, who, g, complaint_phone=body.complaint_phone, places=body.places
    )
    return await guarantee_out(session, g)


@router.post("/{guarantee_id}/objections", response_model=ObjectionOut, status_code=201)
async def objection(
    guarantee_id: str, body: ObjectionIn, session: SessionDep, who: CLERK
) -> ObjectionOut:
    """G5: record an objection received on the complaint phone (异议)."""
    g = await service.load(session, who, guarantee_id, lock=True)
    return objection_out(await notices.object_to(session, who, g, text=body.text))


@router.post("/{guarantee_id}/objections/{objection_id}/resolution", response_model=ObjectionOut)
async def resolve(
    guarantee_id: str, objection_id: str, body: ResolutionIn, session: SessionDep, who: CLERK
) -> ObjectionOut:
    """G5: resolve an objection; upheld ends the application, dismissed lets it pass."""
    g = await service.load(session, who, guarantee_id, lock=True)
    o = await notices.resolve_objection(
        session, who, g, objection_id, upheld=body.upheld, resolution=body.resolution
    )
    return objection_out(o)


@router.post("/{guarantee_id}/township-recommendation", response_model=GuaranteeOut)
async def township_recommendation(
    guarantee_id: str, body: NoteIn, session: SessionDep, who: CLERK
) -> GuaranteeOut:
    """G5: the township's recommendation after the notice passed (乡镇审核推荐)."""
    g = await service.load(session, who, guarantee_id, lock=True)
    await pipeline.recommend_step(session, who, g, level="township", note=body.note)
    return await guarantee_out(session, g)


@router.post("/{guarantee_id}/county-recommendation", response_model=GuaranteeOut)
async def county_recommendation(
    guarantee_id: str, body: NoteIn, session: SessionDep, who: AGRI
) -> GuaranteeOut:
    """G5: the county agriculture committee's recommendation (县农委审核推荐)."""
    g = await service.load(session, who, guarantee_id, lock=True)
    await pipeline.recommend_step(session, who, g, level="county", note=body.note)
    return await guarantee_out(session, g)


@router.post("/{guarantee_id}/contract", response_model=GuaranteeOut)
async def contract(guarantee_id: str, session: SessionDep, who: GUARANTOR) -> GuaranteeOut:
    """G5: the guarantee contract; publishes ``guarantee.guarantee_issued``."""
    g = await service.load(session, who, guarantee_id, lock=True)
    await pipeline.issue(session, who, g)
    return await guarantee_out(session, g)


@router.post("/{guarantee_id}/drawdowns", response_model=GuaranteeOut, status_code=201)
async def drawdown(
    request: Request, guarantee_id: str, body: DrawdownIn, session: SessionDep, who: LENDER
) -> GuaranteeOut:
    """A drawdown reported by the bank (放款; Idempotency-Key required)."""
    return await _bank_entry(request, session, guarantee_id, who, "drawdown", body)


@router.post("/{guarantee_id}/repayments", response_model=GuaranteeOut, status_code=201)
async def repayment(
    request: Request, guarantee_id: str, body: RepaymentIn, session: SessionDep, who: LENDER
) -> GuaranteeOut:
    """A repayment reported by the bank (还款; Idempotency-Key required)."""
    return await _bank_entry(request, session, guarantee_id, who, "repayment", body)


@router.post("/{guarantee_id}/overdue", response_model=GuaranteeOut, status_code=201)
async def overdue(
    request: Request, guarantee_id: str, body: OverdueIn, session: SessionDep, who: LENDER
) -> GuaranteeOut:
    """An overdue report: unpaid principal and interest (逾期; Idempotency-Key required)."""
    return await _bank_entry(request, session, guarantee_id, who, "overdue", body)


@router.post("/{guarantee_id}/compensation", response_model=GuaranteeOut, status_code=201)
async def compensation(
    guarantee_id: str, body: CompensationIn, session: SessionDep, who: GUARANTOR
) -> GuaranteeOut:
    """G6: the guarantor compensates the bank 80%; county finance pays it 30%."""
    g = await service.load(session, who, guarantee_id, lock=True)
    await default.compensate(session, who, g, reason=body.reason)
    return await guarantee_out(session, g)


@router.post("/{guarantee_id}/recoveries", response_model=RecoveryOut, status_code=201)
async def recovery(
    guarantee_id: str, body: RecoveryIn, session: SessionDep, who: RECOVERERS
) -> RecoveryOut:
    """G7: money recovered, distributed by the waterfall (追偿分配)."""
    g = await service.load(session, who, guarantee_id, lock=True)
    r = await default.recover(
        session,
        who,
        g,
        recovered_fen=to_fen(body.recovered),
        costs_fen=to_fen(body.costs),
        note=body.note,
    )
    return recovery_out(r)


@router.post("/{guarantee_id}/monitoring", response_model=MonitoringOut, status_code=201)
async def monitoring(
    guarantee_id: str, body: MonitoringIn, session: SessionDep, who: MONITORS
) -> MonitoringOut:
    """G5 post-loan monitoring (贷后管理) shared by the township, bank, guarantor and county."""
    g = await service.load(session, who, guarantee_id, lock=True)
    m = await default.monitor(session, who, g, kind=body.kind, note=body.note)
    return monitoring_out(m)


@router.get("/{guarantee_id}/decisions", response_model=list[DecisionOut])
async def decisions(guarantee_id: str, session: SessionDep, who: READERS) -> list[DecisionOut]:
    """The guarantee's audit trail (X2): who decided what, when and why, oldest first."""
    g = await service.load(session, who, guarantee_id, lock=False)
    return await decisions_of(session, Guarantee.__audit_subject__, g.id)
