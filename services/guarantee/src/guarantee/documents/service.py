"""The guarantee service's documents — 文书: issued from its own records
(common.documents)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.clock import local_date
from common.documents import COUNTY_NAMES, DocumentArea, IssuedDocumentMixin, Issuer, issue
from common.problems import Problem, not_found
from guarantee.borrowers.models import Borrower
from guarantee.documents import rules
from guarantee.documents.models import IssuedDocument
from guarantee.guarantees.models import CompensationRecord, Guarantee


def quangengdai_office(county: str) -> str:
    """Who issues the Quangengdai documents: the county's 劝耕贷 office."""
    return f"{COUNTY_NAMES.get(county, f'行政区划{county}')}劝耕贷工作办公室"


AREA = DocumentArea(
    "guarantee", IssuedDocument, Path(__file__).parent / "templates", quangengdai_office
)
PUBLIC_NOTICE = AREA.kind("public_notice", "劝耕贷公示", "G5")
COMPENSATION_NOTICE = AREA.kind("compensation_notice", "代偿通知", "G6")
issuer = AREA.issuer


async def _borrower(session: AsyncSession, g: Guarantee) -> Borrower:
    b = await session.get(Borrower, g.borrower_id)
    if b is None:  # a guarantee always has its borrower (foreign key)
        raise not_found("Borrower", "借款人")
    return b


async def public_notice(
    session: AsyncSession, who: Principal | None, g: Guarantee, issuer: Issuer
) -> IssuedDocumentMixin:
    """The guarantee's 劝耕贷公示 (G5), public, once the township has posted it."""
    if g.notice_starts_at is None:
        raise Problem(
            409,
            "not-on-notice",
            "The guarantee has not been put on public notice",
            "该担保项目尚未公示",
            rule="G5",
            extra={"state": g.state},
        )
    data, summary = rules.public_notice(g, await _borrower(session, g))
    return await issue(
        session,
        who,
        issuer,
        PUBLIC_NOTICE,
        subject_id=g.id,
        county=g.county,
        base_number=f"QGGS{g.county}{local_date(g.notice_starts_at):%Y%m%d}{g.id[:6].upper()}",
        data=data,
        summary=summary,
    )


async def compensation_notice(
    session: AsyncSession, who: Principal | None, g: Guarantee, issuer: Issuer
) -> IssuedDocumentMixin:
    """The guarantee's 代偿通知 (G6) for the bank and county finance, once compensated."""
    c = await session.get(CompensationRecord, g.id)
    if c is None:
        raise Problem(
            409,
            "not-compensated",
            "The guarantee has not been compensated",
            "该担保项目尚未代偿",
            rule="G6",
            extra={"state": g.state},
        )
    data, summary = rules.compensation_notice(g, await _borrower(session, g), c)
    return await issue(
        session,
        who,
        issuer,
        COMPENSATION_NOTICE,
        subject_id=g.id,
        county=g.county,
        base_number=f"DC{g.county}{local_date(c.paid_at):%Y%m%d}{g.id[:6].upper()}",
        data=data,
        summary=summary,
    )
