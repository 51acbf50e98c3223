"""What the registry's documents certify — pure: the records → a document's data and
its masked summary (the public verification page's facts)."""

from __future__ import annotations

from typing import Any

from common.ids import mask_name
from common.money import fen_text
from common.products import PRODUCT_NAMES_ZH, Product
from registry.liens.models import Lien, LienApplication
from registry.rights.models import Right, SearchCertificate
from registry.rights.rules import FLAG_ZH, search_certificate_number

LIEN_STATUS_ZH = {"active": "有效", "discharged": "已注销"}


def _right_type_zh(right_type: str) -> str:
    try:
        return PRODUCT_NAMES_ZH[Product(right_type)]
    except ValueError:
        return right_type


def lien_certificate(lien: Lien, right: Right) -> tuple[dict[str, Any], dict[str, Any]]:
    """抵押登记证明／他项权利记载 (R9): the encumbrance annotated on the certificate —
    the right, the lienholder, the secured amount, the rank and term — as it stands
    (a registered change or a discharge makes the next certificate a new one)."""
    data = {
        "lien_id": lien.id,
        "certificate_no": lien.certificate_no,
        "right_type_zh": _right_type_zh(right.right_type),
        "location": right.location,
        "area_mu": right.area_mu,
        "holder": {"party_id": lien.borrower_party_id, "name": lien.borrower_name},
        "lender": lien.lender_name,
        "secured_amount": fen_text(lien.secured_amount_fen),
        "appraised_value": fen_text(lien.appraised_value_fen),
        "rank": lien.rank,
        "registered_at": lien.registered_at,
        "term_end": lien.term_end,
        "version": lien.version,
        "status": lien.status,
        "status_zh": LIEN_STATUS_ZH.get(lien.status, lien.status),
        "discharged_at": lien.discharged_at,
        "annotation": lien.annotation,
    }
    summary = {
        "certificate_no": lien.certificate_no,
        "location": right.location,
        "holder": mask_name(lien.borrower_name),
        "lender": lien.lender_name,
        "secured_amount": fen_text(lien.secured_amount_fen),
        "rank": lien.rank,
        "registered_at": lien.registered_at,
        "term_end": lien.term_end,
        "status": LIEN_STATUS_ZH.get(lien.status, lien.status),
    }
    return data, summary


def search_certificate(
    right: Right, cert: SearchCertificate
) -> tuple[dict[str, Any], dict[str, Any]]:
    """查询证明 (R1): the content kept with the certificate when it was issued — the
    right, its flags and every lien it had — with the labels a reader needs."""
    body = cert.content
    flags = [FLAG_ZH[f["flag"]] for f in body["flags"] if f["set"]]
    data = {
        "number": search_certificate_number(right.county, cert.id),
        "right": body["right"],
        "right_type_zh": _right_type_zh(body["right"]["right_type"]),
        "flags_zh": flags,
        "liens": [
            lien | {"status_zh": LIEN_STATUS_ZH.get(lien["status"], lien["status"])}
            for lien in body["liens"]
        ],
        "issued_to": cert.issued_to,
        "searched_at": cert.issued_at,
    }
    summary = {
        "certificate_no": body["right"]["certificate_no"],
        "holder": mask_name(body["right"]["holder"]),
        "location": body["right"]["location"],
        "flags": flags,
        "liens": [
            {"rank": x["rank"], "secured_amount": x["secured_amount"], "status": x["status"]}
            for x in body["liens"]
        ],
        "searched_at": cert.issued_at,
    }
    return data, summary


#: Who keeps each of the three signed copies (一式三份), by the letter's form (001).
CONSENT_COPIES = {
    "A": ("银行", "登记部门", "承包方"),
    "C": ("银行", "登记部门", "流出方"),
    "D": ("银行", "登记部门", "村（股份）经济合作社"),
}


def consent_letter(
    app: LienApplication, letter: dict[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """同意抵押意见书 (R8; 001 Appendix A, C, D): the filled-in form for the parties to
    sign, printed once per copy (一式三份: the bank, the registration office and the
    consenting party each keep one)."""
    form = letter["form"]
    data = {
        "application_id": app.id,
        "form": form,
        "form_title": letter["title"],
        "paragraphs": [p for p in letter["text"].split("\n\n") if p.strip()],
        "copies": list(CONSENT_COPIES[form]),
        "certificate_no": app.certificate_no,
        "lender": app.lender_name,
        "borrower": {"party_id": app.borrower_party_id, "name": app.borrower_name},
        "loan_amount": fen_text(app.loan_amount_fen),
    }
    summary = {
        "form": f"附录{form}",
        "certificate_no": app.certificate_no,
        "lender": app.lender_name,
        "borrower": mask_name(app.borrower_name),
        "amount": data["loan_amount"],
        "copies": "一式三份",
    }
    return data, summary
