"""The registry's documents — 文书: issued from its own records (common.documents)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.clock import local_date
from common.documents import (
    DocumentArea,
    IssuedDocumentMixin,
    Issuer,
    issue,
    registration_authority,
)
from common.problems import Problem, forbidden
from registry.access import in_county, is_staff
from registry.documents import rules
from registry.documents.models import IssuedDocument
from registry.liens import applications
from registry.liens import service as liens
from registry.liens.models import Lien, LienApplication
from registry.rights import repository as rights
from registry.rights.models import SearchCertificate
from registry.rights.rules import search_certificate_number

AREA = DocumentArea(
    "registry", IssuedDocument, Path(__file__).parent / "templates", registration_authority
)
LIEN_CERTIFICATE = AREA.kind("lien_certificate", "抵押登记证明", "R9")
SEARCH_CERTIFICATE = AREA.kind("search_certificate", "查询证明", "R1")
CONSENT_LETTER = AREA.kind("consent_letter", "同意抵押意见书", "R8")
issuer = AREA.issuer


async def lien_certificate(
    session: AsyncSession, who: Principal, lien_id: str, issuer: Issuer
) -> IssuedDocumentMixin:
    """The lien's valid 抵押登记证明 (R9) for its bank or the county's staff (X3): the same
    document while the lien stands as registered; after a registered change (R10) or a
    discharge (R11) a new one that supersedes it."""
    lien = await liens.get_lien(session, who, lien_id, lock=True)
    right = await rights.get_right(session, lien.certificate_no)
    data, summary = rules.lien_certificate(lien, right)
    return await issue(
        session,
        who,
        issuer,
        LIEN_CERTIFICATE,
        subject_id=lien.id,
        county=lien.county,
        base_number=f"DY{lien.county}{local_date(lien.registered_at):%Y%m%d}{lien.id[:8].upper()}",
        data=data,
        summary=summary,
    )


def _no_such_certificate() -> Problem:
    return Problem(
        404,
        "not-found",
        "No search certificate with this number",
        "未查到该编号的查询证明",
        rule="R1",
        extra={"field": "number"},
    )


async def search_certificate(
    session: AsyncSession, who: Principal, number: str, issuer: Issuer
) -> IssuedDocumentMixin:
    """The 查询证明 ``number`` (R1) as a document — for the one it was issued to, or the
    county's registry staff (X3). It states what was found when it was issued, so it is
    issued once and never superseded (a new search is a new certificate)."""
    cert = await session.get(SearchCertificate, int(number[8:]), with_for_update=True)
    if cert is None:
        raise _no_such_certificate()
    right = await rights.get_right(session, cert.certificate_no)
    if search_certificate_number(right.county, cert.id) != number:
        raise _no_such_certificate()
    mine = cert.issued_to == f"{who.org.type}:{who.org.id}"
    if not (mine or (is_staff(who) and in_county(who, right.county))):
        raise forbidden(
            "a search certificate is given to the party it was issued to",
            "查询证明仅向申请出具的当事人提供",
        )
    data, summary = rules.search_certificate(right, cert)
    return await issue(
        session,
        who,
        issuer,
        SEARCH_CERTIFICATE,
        subject_id=number,
        county=right.county,
        base_number=number,
        data=data,
        summary=summary,
    )


async def on_lien_discharged(session: AsyncSession, who: Principal | None, lien: Lien) -> None:
    """A discharged lien (R11) voids its certificate: verification then says revoked."""
    await AREA.revoke_current(
        session, who, LIEN_CERTIFICATE, lien.id, "抵押权已注销 the lien is discharged (R11)"
    )


async def consent_letter(
    session: AsyncSession, who: Principal, app: LienApplication, issuer: Issuer
) -> IssuedDocumentMixin:
    """The application's 同意抵押意见书 (R8) to print and sign, in the form for the
    right's origin (001 Appendix A, C, D), three copies; a changed application (its
    amount, its bank) makes the next one supersede it."""
    letter = await applications.consent_letter(session, who, app)
    data, summary = rules.consent_letter(app, letter)
    return await issue(
        session,
        who,
        issuer,
        CONSENT_LETTER,
        subject_id=app.id,
        county=app.county,
        base_number=f"YJ{app.county}{letter['form']}{app.id[:10].upper()}",
        data=data,
        summary=summary,
    )
