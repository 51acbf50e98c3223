"""Lien rules: eligibility (R2–R5), materials (R8), valuation (R6), LTV (R7), registration
with annotation and publicity (R9), ranking, changes (R10), discharge (R11) and
expropriation compensation (R12)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.clock import local_date
from common.context import session_context
from common.contracts.registry import LienChanged, LienDischarged, LienRegistered
from common.db import load_or_404
from common.money import from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, invalid
from registry.access import bank_id, in_county, other_org, outside_county, yuan
from registry.liens.models import (
    ApplicationDocument,
    Compensation,
    CreditEnhancement,
    Lien,
    LienApplication,
    LienChange,
)
from registry.liens.schemas import (
    CLEARABLE,
    ApplicationCorrection,
    ApplicationIn,
    ChangeIn,
    ValuationIn,
)
from registry.params import PARAMS
from registry.rights.models import Right
from registry.rights.service import _history, actor, get_right
from registry.valuation.rules import (
    LtvLimits,
    RuleViolation,
    appraise,
    ltv_problems,
    remaining_years,
    term_problems,
)

HOUSING = ("farmer_housing", "homestead")
#: Rights mortgaged under the land-management-right standard (001), with its consent forms.
LAND = ("contracted_land", "four_wastes", "aquaculture_water", "forest", "small_water_facility")
BASE_DOCUMENTS = {
    "application_form": "抵押登记申请书",
    "borrower_id": "抵押人身份证明",
    "lender_id": "抵押权人身份证明",
    "loan_contract": "借款合同",
    "mortgage_contract": "抵押合同",
    "certificate": "权属证明",
}


def fp(t: tuple[str, str, str, str]) -> FieldProblem:
    return FieldProblem(*t)


def today(session: AsyncSession) -> date:
    return local_date(session_context(session).clock.now())


def required_consent_form(right: Right) -> str | None:
    """Appendix A (family contract), C (transferred by the contractor), D (via collective)."""
    if right.right_type not in LAND:
        return None
    if right.origin == "transfer":
        return "D" if right.via_collective else "C"
    return "A"


# --- applications -----------------------------------------------------------------------


def _lender_or_county(
    who: Principal, lender_org_id: str, county: str, what_en: str, what_zh: str
) -> None:
    """A bank sees only its own (X3); everyone else only their county's."""
    bank = bank_id(who)
    if bank is not None:
        if lender_org_id != bank:
            raise other_org(what_en, what_zh)
    elif not in_county(who, county):
        raise outside_county(who, what_en, what_zh)


async def get_application(
    session: AsyncSession, application_id: str, who: Principal, *, lock: bool = False
) -> LienApplication:
    app = await load_or_404(
        session,
        LienApplication,
        LienApplication.id,
        application_id,
        f"lien application {application_id}",
        f"抵押登记申请{application_id}",
        lock=lock,
    )
    _lender_or_county(who, app.lender_org_id, app.county, "the application", "该申请")
    return app


def _application_problems(
    right: Right, borrower_party_id: str, loan_amount_fen: int, consenting: list[str]
) -> list[FieldProblem]:
    """What an application (new or corrected) must satisfy before it is filed."""
    problems = []
    if borrower_party_id != right.holder_party_id:
        problems.append(
            FieldProblem(
                "borrower_party_id",
                "R2",
                "the borrower (mortgagor) must hold the right",
                "抵押人须为该权利的权利人",
            )
        )
    if loan_amount_fen <= 0:
        problems.append(
            FieldProblem("loan_amount", "R7", "the loan must be positive", "贷款额须大于零")
        )
    co = {c["party_id"] for c in right.co_owners or []}
    unknown = [p for p in consenting if p not in co]
    if unknown:
        problems.append(
            FieldProblem(
                "consenting_co_owners",
                "R8",
                f"not co-owners of the right: {', '.join(unknown)}",
                "所列同意人不是该权利的共有人",
            )
        )
    return problems


async def create_application(
    session: AsyncSession, body: ApplicationIn, who: Principal
) -> LienApplication:
    right = await get_right(session, body.certificate_no)
    if not in_county(who, right.county):
        raise outside_county(who, "the right", "该权利")
    problems = _application_problems(
        right, body.borrower_party_id, to_fen(body.loan_amount), body.consenting_co_owners
    )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    now = session_context(session).clock.now()
    data = body.model_dump()
    app = LienApplication(
        id=uuid.uuid4().hex,
        county=right.county,
        lender_org_id=bank_id(who) or who.org.id,
        **{k: v for k, v in data.items() if k != "loan_amount"},
        loan_amount_fen=to_fen(body.loan_amount),
        status="submitted",
        refusals=[],
        created_by=actor(who),
        created_at=now,
    )
    session.add(app)
    await session.flush()
    return app


async def correct_application(
    session: AsyncSession, app: LienApplication, body: ApplicationCorrection, who: Principal
) -> LienApplication:
    """更正: the bank corrects an open application in place — its documents, valuation and
    enhancements stay; the change is in the decision log with the old and new values (X2)."""
    still_open(app)
    sent = body.model_dump(exclude_unset=True, exclude={"reason"})
    problems = [
        FieldProblem(k, "R8", "this field cannot be cleared", "该项不能清空")
        for k, v in sent.items()
        if v is None and k not in CLEARABLE
    ]
    if problems:
        raise invalid(problems, rule="R8")
    new = {k: v for k, v in sent.items() if k != "loan_amount"}
    if "loan_amount" in sent:
        new["loan_amount_fen"] = to_fen(sent["loan_amount"])
    right = await get_right(session, app.certificate_no)
    problems = _application_problems(
        right,
        new.get("borrower_party_id", app.borrower_party_id),
        new.get("loan_amount_fen", app.loan_amount_fen),
        new.get("consenting_co_owners", app.consenting_co_owners or []),
    )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    changed = {
        k: [_plain(getattr(app, k)), _plain(v)] for k, v in new.items() if getattr(app, k) != v
    }
    for k, v in new.items():
        setattr(app, k, v)
    await session.flush()
    await record_decision(
        session,
        subject_type="lien_application",
        subject_id=app.id,
        action="lien_application.corrected",
        by=who,
        reason=body.reason,
        rule="X2",
        data={"changed": changed},
    )
    return app


def _plain(value: object) -> object:
    """A value as the decision log stores it (JSON): dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


async def documents_of(session: AsyncSession, application_id: str) -> list[ApplicationDocument]:
    rows = await session.execute(
        select(ApplicationDocument)
        .where(ApplicationDocument.application_id == application_id)
        .order_by(ApplicationDocument.id)
    )
    return list(rows.scalars())


async def enhancements_of(session: AsyncSession, application_id: str) -> list[CreditEnhancement]:
    rows = await session.execute(
        select(CreditEnhancement)
        .where(CreditEnhancement.application_id == application_id)
        .order_by(CreditEnhancement.id)
    )
    return list(rows.scalars())


def still_open(app: LienApplication) -> None:
    if app.status != "submitted":
        raise Problem(
            409,
            "application-closed",
            f"the application is {app.status}",
            "该申请已办结，不能再修改",
            rule="R9",
        )


async def value_collateral(
    session: AsyncSession, app: LienApplication, body: ValuationIn, who: Principal
) -> dict[str, Any]:
    """R6: value by the county's tables in force today; the method and adjustments recorded."""
    still_open(app)
    right = await get_right(session, app.certificate_no)
    on = today(session)
    problems: list[FieldProblem] = []
    if body.method == "appraiser":
        kinds = {d.kind for d in await documents_of(session, app.id)}
        if "appraisal_report" not in kinds:
            problems.append(
                FieldProblem(
                    "method",
                    "R6",
                    "a third-party appraisal needs the appraiser's report uploaded",
                    "委托第三方评估的，须上传评估报告",
                )
            )
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
    cap = to_fen(await PARAMS.get(session, app.county, "family_land_cap_per_mu", on=on))
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
        "tables_version": in_force[-1] if in_force else None,
        "family_land_cap_per_mu": yuan(cap),
        "land": body.land.model_dump(mode="json") if body.land else None,
        "land_value": yuan(result.land_fen),
        "attachments": [
            {**a.model_dump(mode="json"), **vars(v), "value": yuan(v.value_fen)}
            for a, v in zip(
                [body.attachments[i.index] for i in result.items], result.items, strict=True
            )
        ],
        "total": yuan(result.total_fen),
        "valued_by": actor(who),
    }
    app.valuation = valuation
    app.appraised_value_fen = result.total_fen
    await session.flush()
    await record_decision(
        session,
        subject_type="lien_application",
        subject_id=app.id,
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


async def ltv_limits(session: AsyncSession, county: str) -> LtvLimits:
    return LtvLimits(
        normal=await PARAMS.get(session, county, "ltv_normal"),
        maximum=await PARAMS.get(session, county, "ltv_max"),
        enhanced_cap=await PARAMS.get(session, county, "ltv_enhanced_cap"),
    )


async def active_liens(session: AsyncSession, certificate_no: str) -> list[Lien]:
    rows = await session.execute(
        select(Lien)
        .where(Lien.certificate_no == certificate_no, Lien.status == "active")
        .order_by(Lien.registered_at, Lien.rank)
    )
    return list(rows.scalars())


async def registration_problems(
    session: AsyncSession, app: LienApplication, right: Right
) -> list[FieldProblem]:
    """Every reason the application cannot be registered now (一次性告知, 001 5.4.3)."""
    out: list[FieldProblem] = []
    on = today(session)
    docs = {d.kind for d in await documents_of(session, app.id)}
    housing = right.right_type in HOUSING

    # R8 materials
    for kind, zh in BASE_DOCUMENTS.items():
        if kind not in docs:
            out.append(FieldProblem(f"documents.{kind}", "R8", f"{kind} is missing", f"缺少{zh}"))
    form = required_consent_form(right)
    if form and f"consent_letter_{form}" not in docs:
        out.append(
            FieldProblem(
                f"documents.consent_letter_{form}",
                "R8",
                f"the consent letter in the form of Appendix {form} is missing",
                f"缺少附录{form}样式的抵押意见书",
            )
        )
    if app.agent_party_id and "power_of_attorney" not in docs:
        out.append(
            FieldProblem(
                "documents.power_of_attorney",
                "R8",
                "an agent files: power of attorney missing",
                "委托代办的，须提交委托书",
            )
        )
    if form == "A":
        missing = [
            c["party_id"]
            for c in right.co_owners or []
            if c["party_id"] not in app.consenting_co_owners
        ]
        if missing:
            out.append(
                FieldProblem(
                    "consenting_co_owners",
                    "R8",
                    f"co-owners who have not consented: {', '.join(missing)}",
                    "尚有共有人未同意抵押",
                )
            )

    # R2 / R4 who may mortgage
    if not app.full_civil_capacity:
        out.append(
            FieldProblem(
                "full_civil_capacity",
                "R4" if housing else "R2",
                "the borrower lacks full civil capacity",
                "借款人不具有完全民事行为能力",
            )
        )
    if not app.good_credit:
        out.append(
            FieldProblem(
                "good_credit",
                "R4" if housing else "R2",
                "the borrower's credit record is not good",
                "借款人信用记录不良",
            )
        )
    if housing:
        if "other_residence_proof" not in docs:
            out.append(
                FieldProblem(
                    "documents.other_residence_proof",
                    "R4",
                    "proof of another long-term residence is missing",
                    "缺少借款人有其他长期稳定居所的证明",
                )
            )
        if "collective_consent" not in docs:
            out.append(
                FieldProblem(
                    "documents.collective_consent",
                    "R4",
                    "the collective's written consent to mortgage and dispose of the homestead "
                    "with the house is missing",
                    "缺少集体经济组织同意宅基地随农房抵押及处置的书面意见",
                )
            )
    else:
        if not app.employer_informed:
            out.append(
                FieldProblem(
                    "employer_informed",
                    "R2",
                    "the employer (the collective) has not been told",
                    "尚未告知发包方",
                )
            )
        if right.origin == "transfer":
            if not app.management_capacity:
                out.append(
                    FieldProblem(
                        "management_capacity",
                        "R2",
                        "the transferee lacks management capacity",
                        "受让方不具备经营能力",
                    )
                )
            if not app.contractor_consents:
                out.append(
                    FieldProblem(
                        "contractor_consents",
                        "R2",
                        "the contractor has not consented to mortgage and re-transfer",
                        "承包方未同意抵押及再流转",
                    )
                )
            if not right.transfer_contract_no or (right.term_end and right.term_end <= on):
                out.append(
                    FieldProblem(
                        "certificate_no", "R2", "no valid transfer contract", "无有效的流转合同"
                    )
                )
            if right.rent_paid_until is None or right.rent_paid_until < on:
                out.append(
                    FieldProblem(
                        "certificate_no",
                        "R2",
                        "the rent is not paid as agreed",
                        "流转费未按约定支付",
                    )
                )

    # R3 what may not be mortgaged (R4: disputes, demolition scope)
    rule3 = "R4" if housing else "R3"
    if right.disputed:
        out.append(FieldProblem("certificate_no", rule3, "the right is disputed", "权属有争议"))
    if right.seized:
        out.append(
            FieldProblem(
                "certificate_no",
                rule3,
                "the right is seized, detained or supervised",
                "已被查封、扣押或监管",
            )
        )
    if right.expropriation:
        out.append(
            FieldProblem(
                "certificate_no",
                rule3,
                "the land is inside an announced expropriation scope",
                "已公告列入征地拆迁范围",
            )
        )

    # R5 term
    out += [
        fp(p)
        for p in term_problems(
            right_term_end=right.term_end,
            lien_term_end=app.lien_term_end,
            loan_term_end=app.loan_term_end,
            today=on,
        )
    ]

    # R6 / R7 value and LTV
    if app.appraised_value_fen is None:
        out.append(
            FieldProblem("valuation", "R6", "the collateral has not been valued", "抵押物尚未评估")
        )
    else:
        enh = len(await enhancements_of(session, app.id))
        out += [
            fp(p)
            for p in ltv_problems(
                app.loan_amount_fen,
                app.appraised_value_fen,
                await ltv_limits(session, app.county),
                enhancements=enh,
                above_normal_reason=app.above_normal_reason,
            )
        ]
        # R9 duplicate mortgage / ranking: a junior lien needs the seniors' written
        # consent and a value that still covers every secured debt.
        existing = await active_liens(session, right.certificate_no)
        if existing:
            if "senior_consent" not in docs:
                out.append(
                    FieldProblem(
                        "certificate_no",
                        "R9",
                        "the right is already mortgaged; a junior lien needs the senior "
                        "lienholder's written consent",
                        "该权利已抵押（重复抵押），须提交在先抵押权人的书面同意",
                    )
                )
            secured = sum(lien.secured_amount_fen for lien in existing) + app.loan_amount_fen
            if secured > app.appraised_value_fen:
                out.append(
                    FieldProblem(
                        "loan_amount",
                        "R9",
                        f"the value {yuan(app.appraised_value_fen)} 元 does not cover all "
                        f"secured debts {yuan(secured)} 元",
                        "抵押物价值不足以覆盖全部担保债权",
                    )
                )
    return out


def annotation(lien: Lien) -> str:
    return (
        f"他项权利：抵押权 / mortgage — 抵押权人 {lien.lender_name}，担保债权 "
        f"{yuan(lien.secured_amount_fen)} 元，第 {lien.rank} 顺位，"
        f"登记于 {local_date(lien.registered_at)}，至 {lien.term_end}，登记号 {lien.id}"
    )


async def register(session: AsyncSession, app: LienApplication, who: Principal) -> Lien:
    """R9: check, then register, annotate the certificate and publish the mortgaged right."""
    still_open(app)
    right = (
        await session.execute(
            select(Right).where(Right.certificate_no == app.certificate_no).with_for_update()
        )
    ).scalar_one()
    problems = await registration_problems(session, app, right)
    if problems:
        raise invalid(
            problems,
            rule=problems[0].rule,
            code="registration-refused",
            title_en="The lien cannot be registered",
            title_zh="不予办理抵押登记",
        )
    now = session_context(session).clock.now()
    rank = len(await active_liens(session, right.certificate_no)) + 1
    lien = Lien(
        id=uuid.uuid4().hex,
        application_id=app.id,
        certificate_no=right.certificate_no,
        county=right.county,
        lender_org_id=app.lender_org_id,
        lender_name=app.lender_name,
        borrower_party_id=app.borrower_party_id,
        borrower_name=app.borrower_name,
        secured_amount_fen=app.loan_amount_fen,
        appraised_value_fen=app.appraised_value_fen or 0,
        rank=rank,
        term_end=app.lien_term_end,
        registered_at=now,
        annotation="",
        publicity={},
        status="active",
        version=1,
    )
    lien.annotation = annotation(lien)
    lien.publicity = {
        "published_at": now.isoformat(),
        "text": (
            f"抵押登记公示：权证号 {right.certificate_no}（{right.location}，{right.area_mu} 亩）"
            f"已抵押予 {app.lender_name}，担保债权 {yuan(app.loan_amount_fen)} 元，"
            f"抵押期限至 {app.lien_term_end}。"
        ),
    }
    session.add(lien)
    app.status = "registered"
    app.lien_id = lien.id
    right.version += 1
    right.updated_at = now
    await session.flush()
    await _history(session, right, "encumbered", who, lien.annotation)
    await record_decision(
        session,
        subject_type="lien",
        subject_id=lien.id,
        action="lien.registered",
        by=who,
        reason="R2–R9 checks passed",
        rule="R9",
        data={"application_id": app.id, "rank": rank, "secured": yuan(app.loan_amount_fen)},
    )
    await record_event(
        session,
        LienRegistered(
            lien_id=lien.id,
            certificate_no=lien.certificate_no,
            lender_org_id=lien.lender_org_id,
            borrower_party_id=lien.borrower_party_id,
            secured_amount=from_fen(lien.secured_amount_fen),
            appraised_value=from_fen(lien.appraised_value_fen),
            rank=rank,
            term_end=lien.term_end,
            registered_at=now,
        ),
    )
    from registry.visits.service import schedule_next_visit

    await schedule_next_visit(session, lien, after=local_date(now))
    return lien


# --- liens ------------------------------------------------------------------------------


async def get_lien(
    session: AsyncSession, lien_id: str, who: Principal | None, *, lock: bool = False
) -> Lien:
    lien = await load_or_404(
        session, Lien, Lien.id, lien_id, f"lien {lien_id}", f"抵押权{lien_id}", lock=lock
    )
    if who is not None:
        _lender_or_county(who, lien.lender_org_id, lien.county, "the lien", "该抵押权")
    return lien


def must_be_active(lien: Lien) -> None:
    if lien.status != "active":
        raise Problem(
            409, "lien-discharged", "the lien is discharged", "该抵押权已注销", rule="R11"
        )


async def register_change(
    session: AsyncSession, lien: Lien, body: ChangeIn, who: Principal
) -> LienChange:
    """R10: a change is registered; later than 30 days after the change it is flagged."""
    must_be_active(lien)
    if body.version != lien.version:
        raise Problem(
            409,
            "stale-version",
            f"the lien changed meanwhile: version {lien.version}, the request read {body.version}",
            "抵押权已被修改，请重新读取后再提交",
            rule="R10",
        )
    on = today(session)
    right = await get_right(session, lien.certificate_no)
    problems = []
    if body.changed_on > on:
        problems.append(
            FieldProblem(
                "changed_on", "R10", "the change date is in the future", "变更日期不得晚于今日"
            )
        )
    amount = to_fen(body.secured_amount)
    if amount <= 0:
        problems.append(FieldProblem("secured_amount", "R7", "must be positive", "须大于零"))
    problems += [
        fp(p)
        for p in term_problems(
            right_term_end=right.term_end,
            lien_term_end=body.term_end,
            loan_term_end=body.term_end,
            today=on,
            lien_field="term_end",
        )
        if p[0] != "loan_term_end"
    ]
    if amount > lien.secured_amount_fen:
        app = await session.get(LienApplication, lien.application_id)
        enh = len(await enhancements_of(session, lien.application_id))
        problems += [
            fp(p)
            for p in ltv_problems(
                amount,
                lien.appraised_value_fen,
                await ltv_limits(session, lien.county),
                enhancements=enh,
                above_normal_reason=(app.above_normal_reason if app else None) or body.reason,
            )
        ]
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    limit = await PARAMS.get(session, lien.county, "change_registration_days", on=on)
    days = (on - body.changed_on).days
    overdue = days > limit
    now = session_context(session).clock.now()
    change = LienChange(
        lien_id=lien.id,
        changed_on=body.changed_on,
        registered_at=now,
        overdue=overdue,
        days_late=max(0, days - limit),
        old_amount_fen=lien.secured_amount_fen,
        new_amount_fen=amount,
        old_term_end=lien.term_end,
        new_term_end=body.term_end,
        reason=body.reason,
        recorded_by=actor(who),
    )
    session.add(change)
    lien.secured_amount_fen = amount
    lien.term_end = body.term_end
    lien.version += 1
    lien.annotation = annotation(lien)
    await session.flush()
    await record_decision(
        session,
        subject_type="lien",
        subject_id=lien.id,
        action="lien.changed" + (".overdue" if overdue else ""),
        by=who,
        reason=body.reason,
        rule="R10",
        data={"changed_on": str(body.changed_on), "days": days, "limit": limit},
    )
    await record_event(
        session,
        LienChanged(
            lien_id=lien.id,
            certificate_no=lien.certificate_no,
            secured_amount=from_fen(amount),
            term_end=body.term_end,
            overdue=overdue,
            changed_at=now,
        ),
    )
    return change


async def discharge(
    session: AsyncSession,
    lien: Lien,
    reason: str,
    by: Principal | None,
    note: str,
) -> Lien:
    """R11: discharged and the annotation removed; the lien row and history stay."""
    must_be_active(lien)
    now = session_context(session).clock.now()
    lien.status = "discharged"
    lien.discharge_reason = reason
    lien.discharged_at = now
    lien.version += 1
    # The remaining liens move up: ranks follow the time of registration.
    remaining = [x for x in await active_liens(session, lien.certificate_no) if x.id != lien.id]
    for i, other in enumerate(remaining, start=1):
        if other.rank != i:
            other.rank = i
            other.annotation = annotation(other)
    right = (
        await session.execute(
            select(Right).where(Right.certificate_no == lien.certificate_no).with_for_update()
        )
    ).scalar_one()
    right.version += 1
    right.updated_at = now
    await session.flush()
    await _history(session, right, "encumbrance_removed", by, f"lien {lien.id} {reason}: {note}")
    await record_decision(
        session,
        subject_type="lien",
        subject_id=lien.id,
        action=f"lien.discharged.{reason}",
        by=by,
        reason=note,
        rule="R11",
    )
    await record_event(
        session,
        LienDischarged(
            lien_id=lien.id,
            certificate_no=lien.certificate_no,
            reason=reason,  # type: ignore[arg-type]
            discharged_at=now,
        ),
    )
    from registry.visits.service import cancel_visits

    await cancel_visits(session, lien.id)
    return lien


def waterfall(total_fen: int, liens: list[tuple[str, int]]) -> tuple[list[int], int]:
    """Pay each claim in order up to its amount; the rest goes to the holder (R12, R13)."""
    left = total_fen
    paid = []
    for _, claim in liens:
        p = min(left, claim)
        paid.append(p)
        left -= p
    return paid, left


async def compensate(
    session: AsyncSession, right: Right, total_fen: int, reference: str, who: Principal
) -> Compensation:
    """R12: compensation for expropriated mortgaged land goes to the lienholders first."""
    if not right.expropriation:
        raise invalid(
            [
                FieldProblem(
                    "certificate_no",
                    "R12",
                    "the right is not flagged as inside an expropriation scope",
                    "该权利未列入征地拆迁范围",
                )
            ],
            rule="R12",
        )
    if total_fen <= 0:
        raise invalid(
            [FieldProblem("amount", "R12", "must be positive", "补偿款须大于零")], rule="R12"
        )
    liens = await active_liens(session, right.certificate_no)
    paid, rest = waterfall(total_fen, [(x.id, x.secured_amount_fen) for x in liens])
    payouts: list[dict[str, Any]] = [
        {
            "payee": f"bank:{x.lender_org_id}",
            "lien_id": x.id,
            "rank": x.rank,
            "amount": yuan(p),
        }
        for x, p in zip(liens, paid, strict=True)
        if p > 0
    ]
    if rest:
        payouts.append({"payee": right.holder_party_id, "lien_id": None, "amount": yuan(rest)})
    now = session_context(session).clock.now()
    comp = Compensation(
        certificate_no=right.certificate_no,
        total_fen=total_fen,
        payouts=payouts,
        reference=reference,
        decided_by=actor(who),
        decided_at=now,
    )
    session.add(comp)
    await session.flush()
    await record_decision(
        session,
        subject_type="right",
        subject_id=right.certificate_no,
        action="expropriation.compensated",
        by=who,
        reason=reference,
        rule="R12",
        data={"total": yuan(total_fen), "payouts": payouts},
    )
    return comp


def lien_dict(lien: Lien, changes: list[LienChange] | None = None) -> dict[str, Any]:
    return {
        "id": lien.id,
        "certificate_no": lien.certificate_no,
        "county": lien.county,
        "lender_org_id": lien.lender_org_id,
        "lender_name": lien.lender_name,
        "borrower_party_id": lien.borrower_party_id,
        "borrower_name": lien.borrower_name,
        "secured_amount": from_fen(lien.secured_amount_fen),
        "appraised_value": from_fen(lien.appraised_value_fen),
        "rank": lien.rank,
        "term_end": lien.term_end,
        "registered_at": lien.registered_at,
        "annotation": lien.annotation,
        "publicity": lien.publicity,
        "status": lien.status,
        "discharge_reason": lien.discharge_reason,
        "discharged_at": lien.discharged_at,
        "version": lien.version,
        "changes": [
            {
                "changed_on": c.changed_on.isoformat(),
                "registered_at": c.registered_at.isoformat(),
                "overdue": c.overdue,
                "days_late": c.days_late,
                "old_amount": yuan(c.old_amount_fen),
                "new_amount": yuan(c.new_amount_fen),
                "old_term_end": c.old_term_end.isoformat(),
                "new_term_end": c.new_term_end.isoformat(),
                "reason": c.reason,
            }
            for c in changes or []
        ],
    }


async def changes_of(session: AsyncSession, lien_id: str) -> list[LienChange]:
    rows = await session.execute(
        select(LienChange).where(LienChange.lien_id == lien_id).order_by(LienChange.id)
    )
    return list(rows.scalars())


async def count_liens_of_bank(session: AsyncSession, cert: str, bank: str) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Lien)
            .where(Lien.certificate_no == cert, Lien.lender_org_id == bank)
        )
        or 0
    )


async def refuse(
    session: AsyncSession, app: LienApplication, reason: str, who: Principal
) -> LienApplication:
    """The authority's formal refusal (不予登记): every open reason recorded at once."""
    still_open(app)
    right = await get_right(session, app.certificate_no)
    open_problems = [p.as_dict() for p in await registration_problems(session, app, right)]
    app.status = "refused"
    app.refusals = open_problems
    await session.flush()
    await record_decision(
        session,
        subject_type="lien_application",
        subject_id=app.id,
        action="lien.registration_refused",
        by=who,
        reason=reason,
        rule="R9",
        data={"problems": open_problems},
    )
    return app
