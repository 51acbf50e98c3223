"""Lien rules — pure (DOMAIN R2–R13): what an application must satisfy, every reason a
registration is refused (一次性告知, 001 5.4.3), the annotation and publicity texts, and
the payment waterfall. No session, no clock: the service passes the facts in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from common.clock import local_date
from common.ids import mask_name
from common.money import fen_text
from common.problems import FieldProblem
from common.products import LAND_RIGHT_TYPES
from registry.collectives.models import PassedResolution
from registry.liens.models import IssuedGuarantee, Lien, LienApplication
from registry.rights.models import Right
from registry.valuation.rules import LtvLimits, ltv_problems, term_problems

HOUSING = ("farmer_housing", "homestead")
BASE_DOCUMENTS = {
    "application_form": "抵押登记申请书",
    "borrower_id": "抵押人身份证明",
    "lender_id": "抵押权人身份证明",
    "loan_contract": "借款合同",
    "mortgage_contract": "抵押合同",
    "certificate": "权属证明",
}

#: R16 (001 5.1.1–5.1.3): the materials of each applicant class beyond R8's base list
#: (the borrower's ID, the certificate and the consent letter A/C/D are R8's already).
_TRANSFEREE = {
    "transfer_contract": "流转合同",
    "rent_receipt": "有效的土地流转费支付凭证",
    "transferred_right_certificate": "流转土地经营权证",
}
_FAMILY = {
    "marriage_certificate": "借款申请人及配偶的身份证、结婚证或单身证明",
    "joint_repayment_commitment": "共同还款承诺书",
}
CLASS_DOCUMENTS: dict[str, dict[str, str]] = {
    "household": _FAMILY,
    "legal_person_transferee": {
        "business_licence": "营业执照",
        "credit_rating": "资信等级证明",
        "financial_statements": "上一年度和当期的财务报表",
        "representative_ids": "法定代表人、实际经营者及其配偶的身份证明",
        **_TRANSFEREE,
    },
    "natural_person_transferee": {**_FAMILY, **_TRANSFEREE},
}
CLASS_ORIGIN = {
    "household": "family_contract",
    "legal_person_transferee": "transfer",
    "natural_person_transferee": "transfer",
}


def fp(t: tuple[str, str, str, str]) -> FieldProblem:
    return FieldProblem(*t)


def required_consent_form(right: Right) -> str | None:
    """Appendix A (family contract), C (transferred by the contractor), D (via collective)."""
    if right.right_type not in LAND_RIGHT_TYPES or right.origin == "collective":
        return None  # R15: the collective's decision and the township's approval instead
    if right.origin == "transfer":
        return "D" if right.via_collective else "C"
    return "A"


def application_problems(
    right: Right,
    borrower_party_id: str,
    loan_amount_fen: int,
    consenting: list[str],
    mortgagor_party_id: str | None = None,
) -> list[FieldProblem]:
    """What an application (new or corrected) must satisfy before it is filed. The
    mortgagor (抵押人) is the borrower unless a third party is named (R15); either way the
    mortgagor must hold the right."""
    problems = []
    if (mortgagor_party_id or borrower_party_id) != right.holder_party_id:
        problems.append(
            FieldProblem(
                "mortgagor_party_id" if mortgagor_party_id else "borrower_party_id",
                "R15" if mortgagor_party_id else "R2",
                "the mortgagor must hold the right",
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


def third_party_problems(
    app: LienApplication,
    right: Right,
    docs: set[str],
    threshold: str,
    resolution: PassedResolution | None = None,
) -> list[FieldProblem]:
    """R15 (000 三(十)): a right mortgaged for another's loan needs the mortgagor's and every
    co-owner's written consent; uncontracted collective 耕地 or 草牧场 needs the collective's
    democratic decision by ``threshold`` (of all entitled, exact in integers) and the
    township's approval. The decision is the cited resolution as the collective published
    it (``resolution``, followed from ``collective.resolution_passed``), never typed
    numbers. Construction land is R23's."""
    out: list[FieldProblem] = []
    if app.mortgagor_party_id and app.mortgagor_party_id != app.borrower_party_id:
        if "third_party_consent" not in docs:
            out.append(
                FieldProblem(
                    "documents.third_party_consent",
                    "R15",
                    "a third-party mortgage needs the mortgagor's and co-owners' written consent",
                    "以权利为他人贷款抵押的，须提交抵押人及共有人同意为他人担保的书面意见",
                )
            )
        missing = [
            c["party_id"]
            for c in right.co_owners or []
            if c["party_id"] not in (app.consenting_co_owners or [])
        ]
        if missing:
            out.append(
                FieldProblem(
                    "consenting_co_owners",
                    "R15",
                    f"co-owners who have not consented to the third-party mortgage: "
                    f"{', '.join(missing)}",
                    "尚有共有人未同意为他人贷款抵押",
                )
            )
    if right.origin != "collective":
        return out
    if app.land_class not in ("cultivated", "grassland"):
        out.append(
            FieldProblem(
                "land_class",
                "R15",
                "uncontracted collective land may be mortgaged only as cultivated land or "
                "grassland",
                "未承包到户的集体土地仅耕地、草牧场的经营权可以抵押",
            )
        )
    decision = app.collective_decision
    if not decision:
        out.append(
            FieldProblem(
                "collective_decision",
                "R15",
                "the collective's democratic decision is not recorded",
                "未记录集体经济组织民主决议",
            )
        )
    else:
        out += resolution_problems(decision.get("resolution_id"), resolution, right, threshold)
        if "collective_decision" not in docs:
            out.append(
                FieldProblem(
                    "documents.collective_decision",
                    "R15",
                    "the minutes of the collective's decision are missing",
                    "缺少集体经济组织民主决议记录",
                )
            )
    if not app.township_approval_no or "township_approval" not in docs:
        out.append(
            FieldProblem(
                "township_approval_no",
                "R15",
                "the township's approval (number and document) is missing",
                "缺少乡镇人民政府批准文件",
            )
        )
    return out


def resolution_problems(
    resolution_id: str | None,
    resolution: PassedResolution | None,
    right: Right,
    threshold: str,
) -> list[FieldProblem]:
    """R15 with X5: the cited resolution is one the collective published as effective, of
    the right's collective, deciding to mortgage this right (matter ``land_mortgage``, its
    certificate the subject), passed by ``threshold`` of all entitled (exact integers:
    two thirds is 3 × for ≥ 2 × entitled, a majority 2 × for > entitled)."""
    field = "collective_decision.resolution_id"
    if resolution is None:
        return [
            FieldProblem(
                field,
                "R15",
                f"no effective resolution {resolution_id} of the collective is known",
                "未查到该集体经济组织已生效的民主决议",
            )
        ]
    out: list[FieldProblem] = []
    if resolution.collective_id != right.collective_id:
        out.append(
            FieldProblem(
                field,
                "R15",
                f"resolution {resolution.resolution_id} is another collective's",
                "该决议不是本集体经济组织作出的",
            )
        )
    if resolution.matter != "land_mortgage" or resolution.subject_ref != right.certificate_no:
        out.append(
            FieldProblem(
                field,
                "R15",
                f"resolution {resolution.resolution_id} decides {resolution.matter} on "
                f"{resolution.subject_ref or 'nothing named'}, not the mortgage of "
                f"{right.certificate_no}",
                f"该决议事项不是以{right.certificate_no}抵押",
            )
        )
    votes, entitled = resolution.votes_for, resolution.entitled
    ok = 3 * votes >= 2 * entitled if threshold == "two_thirds" else 2 * votes > entitled
    if not ok:
        share = "two thirds" if threshold == "two_thirds" else "more than half"
        out.append(
            FieldProblem(
                field,
                "R15",
                f"{votes} of {entitled} entitled is less than {share}",
                f"同意票{votes}/{entitled}未达到"
                + ("三分之二" if threshold == "two_thirds" else "半数以上"),
            )
        )
    return out


def applicant_class_problems(
    app: LienApplication, right: Right, docs: set[str]
) -> list[FieldProblem]:
    """R16 (001 5.1.1–5.1.3, 5.4.2 e): the class's checklist, every missing item at once,
    and the lender's finding that the collateral can be realised. An application filed
    without a class (before R16) is held to R8's list alone."""
    cls = app.applicant_class
    if cls is None:
        return []
    out: list[FieldProblem] = []
    if right.origin != CLASS_ORIGIN[cls]:
        out.append(
            FieldProblem(
                "applicant_class",
                "R16",
                f"a {cls} applicant does not fit a right of origin {right.origin}",
                "申请人类别与权利来源不符",
            )
        )
    wanted = dict(CLASS_DOCUMENTS[cls])
    if cls != "household" and app.retransferred:
        wanted["retransfer_consent"] = "原承包方同意再流转的证明资料"
    for kind, zh in wanted.items():
        if kind not in docs:
            out.append(FieldProblem(f"documents.{kind}", "R16", f"{kind} is missing", f"缺少{zh}"))
    if app.collateral_realisable is None:
        out.append(
            FieldProblem(
                "collateral_realisable",
                "R16",
                "the lender has not recorded whether the collateral can be realised",
                "贷款人未记录能否实现抵押物变现",
            )
        )
    elif not app.collateral_realisable:
        out.append(
            FieldProblem(
                "collateral_realisable",
                "R16",
                f"the lender finds the collateral cannot be realised: "
                f"{app.realisability_note or 'no reason given'}",
                "贷款人认定抵押物不能变现",
            )
        )
    return out


def loan_terms_problems(app: LienApplication, right: Right) -> list[FieldProblem]:
    """R20 (000 房): a farmer housing or homestead loan carries no borrowing fee beyond the
    contract rate, attested by the lender; its terms must therefore be recorded."""
    if right.right_type not in HOUSING:
        return []
    terms = app.loan_terms
    if not terms:
        return [
            FieldProblem(
                "loan_terms",
                "R20",
                "a housing or homestead loan needs its terms recorded (purpose, rate, "
                "repayment, no extra fee)",
                "农房抵押贷款须记录贷款用途、利率、还款方式及无其他借款费用",
            )
        ]
    out = []
    if Decimal(terms["other_fees"]) > 0:
        out.append(
            FieldProblem(
                "loan_terms.other_fees",
                "R20",
                f"no borrowing fee beyond the contract rate on a housing loan "
                f"({terms['other_fees']} 元 recorded)",
                "农民住房财产权抵押贷款不得另外或变相增加其他借款费用",
            )
        )
    if not terms.get("no_extra_fee_attestation"):
        out.append(
            FieldProblem(
                "loan_terms.no_extra_fee_attestation",
                "R20",
                "the lender has not attested that no other fee is charged",
                "贷款人未承诺不收取其他借款费用",
            )
        )
    return out


def loan_purpose_problems(
    terms: dict[str, Any] | None, catalogue: list[dict[str, Any]]
) -> tuple[list[FieldProblem], list[FieldProblem]]:
    """R20 (000 三(四)): the purpose from the county's catalogue and a positive rate
    (refusals); a purpose that is not agricultural is only a warning (「主要」, 「优先」)."""
    if not terms:
        return [], []
    problems, warnings = [], []
    known = {p["code"]: p for p in catalogue}
    purpose = known.get(terms["purpose"])
    if purpose is None:
        problems.append(
            FieldProblem(
                "loan_terms.purpose",
                "R20",
                f"not a purpose of the county's catalogue: {terms['purpose']}",
                "贷款用途不在本县目录内",
            )
        )
    elif not purpose["agricultural"]:
        warnings.append(
            FieldProblem(
                "loan_terms.purpose",
                "R20",
                f"{purpose['code']} is not an agricultural purpose (the loan should mainly "
                "serve farming)",
                "贷款用途非农牧业生产经营（应主要用于农业生产经营）",
            )
        )
    for key in ("rate", "reference_rate"):
        if Decimal(terms[key]) <= 0:
            problems.append(
                FieldProblem(f"loan_terms.{key}", "R20", "must be positive", "利率须大于零")
            )
    return problems, warnings


def enhancement_problems(
    kind: str,
    guarantee_id: str | None,
    right: Right,
    app: LienApplication,
    guarantee: IssuedGuarantee | None,
) -> list[FieldProblem]:
    """R21: housing insurance only on a housing right; a cited guarantee id must be one the
    guarantee service issued, to this lender for this borrower."""
    out: list[FieldProblem] = []
    if kind == "housing_insurance" and right.right_type not in HOUSING:
        out.append(
            FieldProblem(
                "kind",
                "R21",
                "housing insurance enhances only a farmer housing or homestead lien",
                "农民住房保险仅适用于农民住房财产权抵押",
            )
        )
    if guarantee_id is None:
        return out
    if kind != "guarantee_company":
        out.append(
            FieldProblem(
                "guarantee_id",
                "R21",
                "only a guarantee company's entry cites a guarantee id",
                "仅担保公司担保可填写担保编号",
            )
        )
    elif guarantee is None:
        out.append(
            FieldProblem(
                "guarantee_id",
                "R21",
                f"the guarantee service has issued no guarantee {guarantee_id}",
                "担保服务未出具该担保",
            )
        )
    else:
        if guarantee.lender_org_id != app.lender_org_id:
            out.append(
                FieldProblem(
                    "guarantee_id",
                    "R21",
                    "the guarantee was issued to another lender",
                    "该担保的贷款人不是本行",
                )
            )
        if guarantee.borrower_party_id != app.borrower_party_id:
            out.append(
                FieldProblem(
                    "guarantee_id",
                    "R21",
                    "the guarantee was issued for another borrower",
                    "该担保的借款人不是本申请的借款人",
                )
            )
    return out


def authority_refusal(
    subject: str, right_type: str, accounts: dict[str, str], registration_map: dict[str, str]
) -> tuple[str, str] | None:
    """R19 (001 5.5.1; 000): the authority's kind must be the one the county's map names
    for the right type (a type not in the map: the agriculture bureau). A county that has
    listed no accounts has one office for every type. The refusal's (English, Chinese)
    text, or None: the caller's token is refused, no request field."""
    if not accounts:
        return None
    wanted = registration_map.get(right_type, "agriculture_bureau")
    kind = accounts.get(subject)
    if kind == wanted:
        return None
    return (
        f"a {right_type} right is registered by the {wanted}, not by "
        f"{kind or 'an unlisted authority'} (R19)",
        "该类权利的抵押登记不属于本登记机构的职责",
    )


def outflow_consent_problems(app: LienApplication, right: Right) -> list[FieldProblem]:
    """R17 (001 App. C, D): a right assembled from several contractors needs one App. C per
    direct outflow signed by its contractor, one App. D signed by the co-op for the
    entrusted ones; the consenting areas add up exactly to the mortgaged area (the right's,
    to 0.0001 亩); each letter is made out in three originals."""
    outflows = right.outflows or []
    if not outflows:
        return []
    consents = app.outflow_consents or []
    out: list[FieldProblem] = []
    signed_c = {c["signer_party_id"] for c in consents if c["form"] == "C"}
    direct = {o["contractor_party_id"]: o for o in outflows if not o.get("entrusted")}
    missing = [o["contractor_name"] for p, o in direct.items() if p not in signed_c]
    if missing:
        out.append(
            FieldProblem(
                "outflow_consents",
                "R17",
                f"outflows without their contractor's consent (App. C): {', '.join(missing)}",
                "尚有流出方未出具抵押意见书（附录C）",
            )
        )
    strangers = sorted(signed_c - set(direct))
    if strangers:
        out.append(
            FieldProblem(
                "outflow_consents",
                "R17",
                f"App. C signed by someone who is no direct outflow's contractor: "
                f"{', '.join(strangers)}",
                "附录C签章人不是该流出方",
            )
        )
    coop = right.collective_id
    d_signers = {c["signer_party_id"] for c in consents if c["form"] == "D"}
    if any(o.get("entrusted") for o in outflows) and coop not in d_signers:
        out.append(
            FieldProblem(
                "outflow_consents",
                "R17",
                "the entrusted outflows need the co-op's consent (App. D)",
                "委托流转部分须有村（股份）经济合作社的抵押意见书（附录D）",
            )
        )
    if d_signers - {coop}:
        out.append(
            FieldProblem(
                "outflow_consents",
                "R17",
                "App. D signed by someone other than the right's village co-op",
                "附录D签章人不是本村（股份）经济合作社",
            )
        )
    total = sum((Decimal(c["area_mu"]) for c in consents), Decimal(0))
    if total != Decimal(right.area_mu):
        out.append(
            FieldProblem(
                "outflow_consents",
                "R17",
                f"the consenting areas add up to {total} mu, not the mortgaged {right.area_mu} mu",
                "各抵押意见书同意的面积之和须等于抵押面积",
            )
        )
    if any(c.get("originals", 3) != 3 for c in consents):
        out.append(
            FieldProblem(
                "outflow_consents",
                "R17",
                "each consent letter is made out in three originals",
                "抵押意见书须一式三份",
            )
        )
    return out


def registration_problems(
    app: LienApplication,
    right: Right,
    *,
    docs: set[str],
    today: date,
    enhancements: int,
    limits: LtvLimits,
    existing: list[Lien],
    collective_threshold: str = "two_thirds",
    resolution: PassedResolution | None = None,
) -> list[FieldProblem]:
    """Every reason the application cannot be registered now (一次性告知, 001 5.4.3):
    ``docs`` the kinds uploaded, ``enhancements`` how many are recorded, ``existing`` the
    right's active liens. Title conditions are the mortgagor's (the right's), credit
    conditions the borrower's (R15)."""
    out: list[FieldProblem] = third_party_problems(
        app, right, docs, collective_threshold, resolution
    )
    on = today
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

    out += applicant_class_problems(app, right, docs)
    out += loan_terms_problems(app, right)
    out += outflow_consent_problems(app, right)

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
        if not app.employer_informed and right.origin != "collective":
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
        out += [
            fp(p)
            for p in ltv_problems(
                app.loan_amount_fen,
                app.appraised_value_fen,
                limits,
                enhancements=enhancements,
                above_normal_reason=app.above_normal_reason,
            )
        ]
        # R9 duplicate mortgage / ranking: a junior lien needs the seniors' written
        # consent and a value that still covers every secured debt.
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
                        f"the value {fen_text(app.appraised_value_fen)} 元 does not cover all "
                        f"secured debts {fen_text(secured)} 元",
                        "抵押物价值不足以覆盖全部担保债权",
                    )
                )
    return out


def annotation(lien: Lien) -> str:
    return (
        f"他项权利：抵押权 / mortgage — 抵押权人 {lien.lender_name}，担保债权 "
        f"{fen_text(lien.secured_amount_fen)} 元，第 {lien.rank} 顺位，"
        f"登记于 {local_date(lien.registered_at)}，至 {lien.term_end}，登记号 {lien.id}"
    )


def mortgagee_shown(app: LienApplication) -> str:
    """The mortgagee as the public sees it: a person's name masked (X3), a bank's or an
    enterprise's in full."""
    return mask_name(app.lender_name) if app.mortgagee_kind == "person" else app.lender_name


def payee(lien: Lien) -> str:
    """Who a lien's share is paid to (R12, R13): ``bank:<id>``, or for a non-bank
    mortgagee (R23) ``enterprise:<credit code>`` / ``person:<resident id>``."""
    if lien.lender_org_id is not None:
        return f"bank:{lien.lender_org_id}"
    return f"{lien.mortgagee_kind}:{lien.mortgagee_party_id}"


def publicity_text(right: Right, app: LienApplication) -> str:
    """抵押登记公示: what the county publishes of a registered lien."""
    return (
        f"抵押登记公示：权证号 {right.certificate_no}（{right.location}，{right.area_mu} 亩）"
        f"已抵押予 {mortgagee_shown(app)}，担保债权 {fen_text(app.loan_amount_fen)} 元，"
        f"抵押期限至 {app.lien_term_end}。"
    )


def waterfall(total_fen: int, liens: list[tuple[str, int]]) -> tuple[list[int], int]:
    """Pay each claim in order up to its amount; the rest goes to the holder (R12, R13)."""
    left = total_fen
    paid = []
    for _, claim in liens:
        p = min(left, claim)
        paid.append(p)
        left -= p
    return paid, left


def compensation_payouts(right: Right, liens: list[Lien], total_fen: int) -> list[dict[str, Any]]:
    """R12: the lienholders by rank first, the rest to the holder."""
    paid, rest = waterfall(total_fen, [(x.id, x.secured_amount_fen) for x in liens])
    payouts: list[dict[str, Any]] = [
        {
            "payee": payee(x),
            "lien_id": x.id,
            "rank": x.rank,
            "amount": fen_text(p),
        }
        for x, p in zip(liens, paid, strict=True)
        if p > 0
    ]
    if rest:
        payouts.append({"payee": right.holder_party_id, "lien_id": None, "amount": fen_text(rest)})
    return payouts


def plain(value: object) -> object:
    """A value as the decision log stores it (JSON): dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value
