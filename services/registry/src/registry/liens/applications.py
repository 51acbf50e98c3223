"""Lien applications — 抵押登记申请 (DOMAIN R2–R9): filing and correcting an application,
its materials (R8), valuation (R6) and credit enhancements (R7), the open reasons
(一次性告知) and the authority's refusal. Registration itself is ``liens.service``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal, Role
from common.clock import local_date
from common.context import now
from common.keys import new_id
from common.money import fen_text, to_fen
from common.problems import FieldProblem, Problem, invalid, invalid_field
from common.storage import DocumentStore, store_upload
from registry.access import (
    bank_id,
    county_scope,
    other_org,
    require_county,
    require_lender_or_county,
)
from registry.collectives.models import PassedResolution
from registry.collectives.service import case_problems, passed_resolution
from registry.entry import service as entry
from registry.liens import consent, repository
from registry.liens.models import (
    ApplicationDocument,
    CreditEnhancement,
    IssuedGuarantee,
    LienApplication,
)
from registry.liens.rules import (
    application_problems,
    enhancement_problems,
    fp,
    loan_purpose_problems,
    plain,
    registration_problems,
    required_consent_form,
)
from registry.liens.schemas import (
    CLEARABLE,
    ApplicationCorrection,
    ApplicationIn,
    EnhancementIn,
    LoanTerms,
    ValuationIn,
)
from registry.liens.states import APPLICATION
from registry.params import PARAMS, cap_parameter
from registry.rights.models import Right
from registry.rights.rules import actor
from registry.rights.service import get_right
from registry.valuation.rules import RuleViolation, appraise, remaining_years
from registry.valuation.service import appraiser_problems, ltv_limits


async def get_application(
    session: AsyncSession, who: Principal, application_id: str, *, lock: bool = False
) -> LienApplication:
    """The application, if the caller's bank filed it or it is of the caller's county (X3);
    ``lock`` only when a write follows."""
    app = await repository.load_application(session, application_id, lock=lock)
    require_lender_or_county(who, app.lender_org_id, app.county, "the application", "该申请")
    return app


def require_filer(who: Principal, mortgagee_kind: str) -> None:
    """Who files and completes an application (R23): a bank its own, as the mortgagee; the
    registration authority's window (受理窗口) an enterprise's or a person's, who have no
    account on the platform. Neither acts on the other's (403, X3)."""
    if bank_id(who) is not None:
        ok = mortgagee_kind == "bank"
    else:
        ok = who.has(Role.registration_authority) and mortgagee_kind != "bank"
    if not ok:
        raise other_org("the application's filing", "该申请的办理")


def filing_problems(
    who: Principal, body: ApplicationIn | ApplicationCorrection
) -> list[FieldProblem]:
    """R23: a bank files without ``mortgagee`` (it is the mortgagee); the authority's window
    files only for a named non-bank mortgagee."""
    if bank_id(who) is not None and body.mortgagee is not None:
        return [
            FieldProblem(
                "mortgagee",
                "R23",
                "a bank files as the mortgagee itself; an enterprise or person mortgagee is "
                "filed at the registration authority's window",
                "银行作为抵押权人自行申请；企业或个人抵押权人由登记机构窗口受理",
            )
        ]
    if bank_id(who) is None and body.mortgagee is None:
        return [
            FieldProblem(
                "mortgagee",
                "R23",
                "the window files only for an enterprise or person mortgagee; a bank files "
                "its own application",
                "登记窗口仅代为受理企业或个人抵押权人的申请，银行须自行申请",
            )
        ]
    return []


async def applications(
    session: AsyncSession, who: Principal, **query: Any
) -> tuple[list[LienApplication], int]:
    """A bank sees only its own applications; county staff those of their county
    (``query``: the list's status, text, sort and page — repository.applications)."""
    return await repository.applications(
        session, bank=bank_id(who), county=county_scope(who), **query
    )


async def materials(
    session: AsyncSession, app: LienApplication
) -> tuple[list[ApplicationDocument], list[CreditEnhancement]]:
    """The application's uploaded documents and recorded credit enhancements."""
    return (
        await repository.documents_of(session, app.id),
        await repository.enhancements_of(session, app.id),
    )


async def document(
    session: AsyncSession, who: Principal, app: LienApplication, document_id: int
) -> ApplicationDocument:
    return await repository.load_document(session, app.id, document_id)


async def consent_letter(
    session: AsyncSession, who: Principal, app: LienApplication
) -> dict[str, str]:
    """The consent letter to sign, in the form for the right's origin (Appendix A, C, D)."""
    right = await get_right(session, app.certificate_no)
    form = required_consent_form(right)
    if form is None:
        raise invalid_field(
            "certificate_no",
            "R8",
            "this right needs no 001 consent letter (housing: the collective's consent)",
            "该类权利不适用附录A/C/D抵押意见书",
        )
    return consent.render(form, app, right)


async def checks(
    session: AsyncSession, who: Principal, app: LienApplication
) -> tuple[Right, list[FieldProblem]]:
    """The right and every open problem of the application now (一次性告知)."""
    right = await get_right(session, app.certificate_no)
    return right, await open_problems(session, app, right)


async def purpose_check(
    session: AsyncSession, county: str, terms: LoanTerms | dict[str, Any] | None
) -> tuple[list[FieldProblem], list[FieldProblem]]:
    """R20: the purpose against the county's catalogue (refusals, warnings)."""
    if isinstance(terms, LoanTerms):
        terms = terms.model_dump(mode="json")
    catalogue = await PARAMS.get(session, county, "loan_purposes")
    return loan_purpose_problems(terms, [p.model_dump() for p in catalogue])


async def terms_record(
    session: AsyncSession, county: str, terms: LoanTerms | None
) -> dict[str, Any] | None:
    """The loan terms as kept (JSON), with the county's reference-rate basis that day."""
    if terms is None:
        return None
    return {
        **terms.model_dump(mode="json"),
        "reference_rate_basis": await PARAMS.get(session, county, "reference_rate_basis"),
    }


async def warnings(session: AsyncSession, app: LienApplication) -> list[FieldProblem]:
    """What the checks show without refusing (R20: a non-agricultural purpose)."""
    return (await purpose_check(session, app.county, app.loan_terms))[1]


def still_open(app: LienApplication) -> None:
    if app.status != "submitted":
        raise Problem(
            409,
            "application-closed",
            f"the application is {app.status}",
            "该申请已办结，不能再修改",
            rule="R9",
        )


async def create_application(
    session: AsyncSession, who: Principal, body: ApplicationIn
) -> LienApplication:
    right = await get_right(session, body.certificate_no)
    require_county(who, right.county, "the right", "该权利")
    kind = body.mortgagee.kind if body.mortgagee else "bank"
    problems = filing_problems(who, body)
    if not problems:
        require_filer(who, kind)
    problems += application_problems(
        right,
        body.borrower_party_id,
        to_fen(body.loan_amount),
        body.consenting_co_owners,
        body.mortgagor_party_id,
    )
    problems += await entry.mortgagee_problems(
        session, kind, [right.certificate_no, right.parent_certificate_no or ""]
    )
    problems += (await purpose_check(session, right.county, body.loan_terms))[0]
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    data = body.model_dump(exclude={"mortgagee"})
    if body.collective_decision is not None:  # a JSON column: the date as ISO text
        data["collective_decision"] = body.collective_decision.model_dump(mode="json")
    data["loan_terms"] = await terms_record(session, right.county, body.loan_terms)
    data["outflow_consents"] = [c.model_dump(mode="json") for c in body.outflow_consents]
    app = LienApplication(
        id=new_id(),
        county=right.county,
        # a non-bank mortgagee has no organization on the platform: its id is its party's
        lender_org_id=bank_id(who),
        mortgagee_kind=kind,
        mortgagee_party_id=body.mortgagee.party_id if body.mortgagee else None,
        **{k: v for k, v in data.items() if k != "loan_amount"},
        loan_amount_fen=to_fen(body.loan_amount),
        status="submitted",
        refusals=[],
        created_by=actor(who),
        created_at=now(session),
    )
    session.add(app)
    await session.flush()
    return app


async def correct_application(
    session: AsyncSession, who: Principal, app: LienApplication, body: ApplicationCorrection
) -> LienApplication:
    """更正: the bank corrects an open application in place — its documents, valuation and
    enhancements stay; the change is in the decision log with the old and new values (X2)."""
    still_open(app)
    sent = body.model_dump(exclude_unset=True, exclude={"reason"})
    if body.collective_decision is not None:
        sent["collective_decision"] = body.collective_decision.model_dump(mode="json")
    if body.outflow_consents is not None:
        sent["outflow_consents"] = [c.model_dump(mode="json") for c in body.outflow_consents]
    if body.loan_terms is not None:
        problems = (await purpose_check(session, app.county, body.loan_terms))[0]
        if problems:
            raise invalid(problems, rule="R20")
        sent["loan_terms"] = await terms_record(session, app.county, body.loan_terms)
    problems = [
        FieldProblem(k, "R8", "this field cannot be cleared", "该项不能清空")
        for k, v in sent.items()
        if v is None and k not in CLEARABLE
    ]
    if problems:
        raise invalid(problems, rule="R8")
    new = {k: v for k, v in sent.items() if k not in ("loan_amount", "mortgagee")}
    if "loan_amount" in sent:
        new["loan_amount_fen"] = to_fen(sent["loan_amount"])
    if body.mortgagee is not None:
        # R23: a bank's application has no other mortgagee; a non-bank one stays non-bank
        if app.mortgagee_kind == "bank":
            raise invalid(filing_problems(who, body), rule="R23")
        new["mortgagee_kind"] = body.mortgagee.kind
        new["mortgagee_party_id"] = body.mortgagee.party_id
    right = await get_right(session, app.certificate_no)
    problems = application_problems(
        right,
        new.get("borrower_party_id", app.borrower_party_id),
        new.get("loan_amount_fen", app.loan_amount_fen),
        new.get("consenting_co_owners", app.consenting_co_owners or []),
        new.get("mortgagor_party_id", app.mortgagor_party_id),
    )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    changed = {
        k: [plain(getattr(app, k)), plain(v)] for k, v in new.items() if getattr(app, k) != v
    }
    for k, v in new.items():
        setattr(app, k, v)
    await record_on(
        session,
        app,
        action="lien_application.corrected",
        by=who,
        reason=body.reason,
        rule="X2",
        data={"changed": changed},
    )
    return app


async def add_document(
    session: AsyncSession,
    who: Principal,
    app: LienApplication,
    kind: str,
    file: UploadFile,
    *,
    store: DocumentStore,
    max_bytes: int,
) -> ApplicationDocument:
    """An R8 material (file stored by content hash beside its record)."""
    still_open(app)
    doc = await store_upload(store, file, field="file", max_bytes=max_bytes, rule="R8")
    row = ApplicationDocument(
        application_id=app.id,
        kind=kind,
        sha256=doc.sha256,
        size=doc.size,
        filename=doc.filename,
        content_type=doc.content_type,
        uploaded_by=actor(who),
        uploaded_at=now(session),
    )
    session.add(row)
    await session.flush()
    return row


async def add_enhancement(
    session: AsyncSession, who: Principal, app: LienApplication, body: EnhancementIn
) -> CreditEnhancement:
    """Record a credit enhancement (R7: interest subsidy, insurance, guarantee company;
    R21: guarantee insurance, housing insurance, platform guarantee, a cited guarantee id)."""
    still_open(app)
    right = await get_right(session, app.certificate_no)
    guarantee = await session.get(IssuedGuarantee, body.guarantee_id) if body.guarantee_id else None
    problems = enhancement_problems(body.kind, body.guarantee_id, right, app, guarantee)
    if problems:
        raise invalid(problems, rule="R21")
    row = CreditEnhancement(
        application_id=app.id,
        recorded_by=actor(who),
        recorded_at=now(session),
        **body.model_dump(),
    )
    session.add(row)
    await session.flush()
    return row


async def value_collateral(
    session: AsyncSession, who: Principal, app: LienApplication, body: ValuationIn
) -> dict[str, Any]:
    """R6: value by the county's tables in force today; the method and adjustments recorded.
    A third-party appraisal names an appraiser of listing's register valid today (L20)."""
    still_open(app)
    right = await get_right(session, app.certificate_no)
    on = local_date(now(session))
    problems: list[FieldProblem] = []
    if body.method == "appraiser":
        kinds = {d.kind for d in await repository.documents_of(session, app.id)}
        if "appraisal_report" not in kinds:
            problems.append(
                FieldProblem(
                    "method",
                    "R6",
                    "a third-party appraisal needs the appraiser's report uploaded",
                    "委托第三方评估的，须上传评估报告",
                )
            )
        problems += await appraiser_problems(session, app.county, body.appraiser_licence_no, on)
    if body.land is not None:
        if body.land.area_mu > Decimal(right.area_mu):
            problems.append(
                FieldProblem(
                    "land.area_mu",
                    "R6",
                    f"more than the right's {right.area_mu} mu",
                    f"面积超过权利面积{right.area_mu}亩",
                )
            )
        if right.origin == "transfer":
            until = min(d for d in (right.rent_paid_until, right.term_end) if d is not None)
            limit, what = remaining_years(on, until), "remaining paid years"
        else:
            limit, what = remaining_years(on, right.term_end), "remaining contract years"
        if right.term_end is not None and body.land.years > limit:
            problems.append(
                FieldProblem(
                    "land.years",
                    "R6",
                    f"more than the {what} ({limit})",
                    f"年限超过剩余年限（{limit}年）",
                )
            )
    tables = await PARAMS.get(session, app.county, "valuation_tables", on=on)
    cap_key = cap_parameter(right.right_type)  # L23: grassland has its own cap
    cap = to_fen(await PARAMS.get(session, app.county, cap_key, on=on))
    result = None
    try:
        result = appraise(
            method=body.method,
            origin=right.origin,
            land=body.land,
            attachments=body.attachments,
            tables=tables,
            family_cap_per_mu_fen=cap,
            valued_on=on,
        )
    except RuleViolation as exc:
        problems += [fp(p) for p in exc.problems]
    if problems or result is None:
        raise invalid(problems, rule="R6")
    version = await PARAMS.history(session, app.county, "valuation_tables")
    in_force = [v.version for v in version if v.effective_from <= on]
    valuation = {
        "method": body.method,
        "valued_on": on.isoformat(),
        "appraiser_licence_no": body.appraiser_licence_no,
        "tables_version": in_force[-1] if in_force else None,
        "family_land_cap_per_mu": fen_text(cap),
        "cap_parameter": cap_key,
        "land": body.land.model_dump(mode="json") if body.land else None,
        "land_value": fen_text(result.land_fen),
        "attachments": [
            {**a.model_dump(mode="json"), **vars(v), "value": fen_text(v.value_fen)}
            for a, v in zip(
                [body.attachments[i.index] for i in result.items], result.items, strict=True
            )
        ],
        "total": fen_text(result.total_fen),
        "valued_by": actor(who),
        # R22 (001 5.3.2): the factors the valuation considered
        "factors": {
            **(body.factors.model_dump(mode="json") if body.factors else {}),
            "remaining_years": str(remaining_years(on, right.term_end)) if right.term_end else None,
            "annual_rent_per_mu": fen_text(right.annual_rent_per_mu_fen)
            if right.annual_rent_per_mu_fen is not None
            else None,
            "rent_paid_until": right.rent_paid_until.isoformat() if right.rent_paid_until else None,
        },
    }
    app.valuation = valuation
    app.appraised_value_fen = result.total_fen
    await record_on(
        session,
        app,
        action="collateral.valued",
        by=who,
        reason=f"method {body.method}",
        rule="R6",
        data={
            "total": valuation["total"],
            "adjustments": [
                {"index": v.index, "reason": v.adjustment_reason}
                for v in result.items
                if not v.in_table
            ],
        },
    )
    return valuation


async def cited_resolution(session: AsyncSession, app: LienApplication) -> PassedResolution | None:
    """The resolution an R15 decision cites, as the collective published it (or none)."""
    rid = (app.collective_decision or {}).get("resolution_id")
    return await passed_resolution(session, rid) if rid else None


async def open_problems(
    session: AsyncSession, app: LienApplication, right: Right
) -> list[FieldProblem]:
    """Every reason the application cannot be registered now (一次性告知, 001 5.4.3),
    with the collective service's open cases on the right (X6, Z12); a right acquired by
    入市 is held to R23 instead of R7's loan-to-value."""
    problems = registration_problems(
        app,
        right,
        docs={d.kind for d in await repository.documents_of(session, app.id)},
        today=local_date(now(session)),
        enhancements=len(await repository.enhancements_of(session, app.id)),
        limits=await ltv_limits(session, app.county),
        existing=await repository.active_liens(session, right.certificate_no),
        collective_threshold=await PARAMS.get(session, app.county, "collective_mortgage_threshold"),
        resolution=await cited_resolution(session, app),
    ) + await case_problems(session, right.certificate_no)
    entered = await entry.mortgage_problems(
        session,
        certificate_nos=[right.certificate_no, right.parent_certificate_no or ""],
        county=app.county,
        lien_term_end=app.lien_term_end,
        right_term_end=right.term_end,
        loan_fen=app.loan_amount_fen,
        value_fen=app.appraised_value_fen,
    )
    if entered is None:
        # R23: a non-bank mortgagee only on 入市 land (checked again: filed, then registered)
        return problems + await entry.mortgagee_problems(
            session, app.mortgagee_kind, [right.certificate_no, right.parent_certificate_no or ""]
        )
    # R7's limits are for land management rights: R23's county limit replaces them
    return [p for p in problems if p.rule != "R7"] + entered


async def refuse(
    session: AsyncSession, who: Principal, app: LienApplication, reason: str
) -> LienApplication:
    """The authority's formal refusal (不予登记): every open reason recorded at once."""
    still_open(app)
    right = await get_right(session, app.certificate_no)
    problems = [p.as_dict() for p in await open_problems(session, app, right)]
    APPLICATION.move(app, "refused", "refuse")
    app.refusals = problems
    await record_on(
        session,
        app,
        action="lien.registration_refused",
        by=who,
        reason=reason,
        rule="R9",
        data={"problems": problems},
    )
    return app
