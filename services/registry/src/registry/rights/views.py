"""Rights responses: a right with its encumbrances, the title search (产权查档) and the
search certificate (查询证明) as a person reads it."""

from __future__ import annotations

from common.clock import SHANGHAI
from common.contracts.registry_api import TitleHolder, TitleLien, TitleSearchResult
from common.money import from_fen
from common.views import yuan
from registry.rights.models import Right, SearchCertificate
from registry.rights.rules import (
    FLAG_ZH,
    Imported,
    Title,
    flag_states,
    search_certificate_number,
)
from registry.rights.schemas import ImportReport, RejectedRow, RightOut, SearchCertificateOut


def right_out(right: Right, encumbrances: list[str]) -> RightOut:
    out = RightOut.model_validate(right, from_attributes=True)
    out.annual_rent_per_mu = yuan(right.annual_rent_per_mu_fen)
    out.encumbrances = encumbrances
    return out


def holders_of(right: Right) -> list[TitleHolder]:
    return [TitleHolder(party_id=right.holder_party_id, name=right.holder_name)] + [
        TitleHolder(party_id=c["party_id"], name=c["name"], role="co_owner")
        for c in right.co_owners or []
    ]


def title_search_out(t: Title) -> TitleSearchResult:
    right = t.right
    return TitleSearchResult(
        certificate_no=right.certificate_no,
        right_type=right.right_type,
        # the contract knows three origins; uncontracted collective land (R15) is "other"
        origin=right.origin if right.origin in ("family_contract", "transfer") else "other",  # type: ignore[arg-type]
        holders=holders_of(right),
        location=right.location,
        area_mu=right.area_mu,
        term_start=right.term_start,
        term_end=right.term_end,
        flags=flag_states(right, t.flags),
        liens=[
            TitleLien(
                lien_id=lien.id,
                lender_org_id=lien.lender_org_id,
                mortgagee_kind=lien.mortgagee_kind,
                secured_amount=from_fen(lien.secured_amount_fen),
                rank=lien.rank,
                registered_at=lien.registered_at,
                term_end=lien.term_end,
            )
            for lien in t.liens
        ],
        version=right.version,
        searched_at=t.searched_at,
    )


def search_certificate_out(right: Right, cert: SearchCertificate) -> SearchCertificateOut:
    """The certificate as kept, with its printable text (times in the county's zone)."""
    body, flags, liens = cert.content["right"], cert.content["flags"], cert.content["liens"]
    number = search_certificate_number(right.county, cert.id)
    issued = cert.issued_at.astimezone(SHANGHAI).isoformat(timespec="seconds")
    lines = [
        "查询证明 / Search certificate",
        f"编号 No.: {number}    出具 Issued: {issued}",
        f"权证号 Certificate: {right.certificate_no}",
        f"权利人 Holder: {body['holder']}",
        f"坐落 Location: {body['location']}    面积 Area: {body['area_mu']} 亩",
        f"期限 Term: {body['term']}",
        "标记 Flags: " + ("、".join(FLAG_ZH[f["flag"]] for f in flags if f["set"]) or "无 none"),
        "抵押 Liens:",
    ]
    for lien in liens:
        lines.append(
            f"  #{lien['rank']} {lien['lender']} {lien['secured_amount']} 元 "
            f"登记 {lien['registered_at'][:10]} 至 {lien['term_end']} [{lien['status']}]"
        )
    if not liens:
        lines.append("  无 none")
    lines.append(f"出具对象 Issued to: {cert.issued_to}")
    return SearchCertificateOut(
        number=number,
        certificate_no=right.certificate_no,
        issued_to=cert.issued_to,
        issued_at=cert.issued_at,
        right=body,
        flags=flags,
        liens=liens,
        text="\n".join(lines),
    )


def import_report(result: Imported) -> ImportReport:
    return ImportReport(
        imported=len(result.certificate_nos),
        certificate_nos=result.certificate_nos,
        rejected=[RejectedRow.model_validate(r) for r in result.rejected],
    )
