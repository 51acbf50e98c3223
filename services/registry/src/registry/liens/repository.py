"""Lien queries: applications with their materials, liens by right, bank or county."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import all_of, contains_any, load_or_404, matching, page_of
from registry.liens.models import (
    ApplicationDocument,
    CreditEnhancement,
    Lien,
    LienApplication,
    LienChange,
)
from registry.rights.models import Right


async def load_application(
    session: AsyncSession, application_id: str, *, lock: bool = False
) -> LienApplication:
    return await load_or_404(
        session,
        LienApplication,
        LienApplication.id,
        application_id,
        f"lien application {application_id}",
        f"抵押登记申请{application_id}",
        lock=lock,
    )


async def load_lien(session: AsyncSession, lien_id: str, *, lock: bool = False) -> Lien:
    return await load_or_404(
        session, Lien, Lien.id, lien_id, f"lien {lien_id}", f"抵押权{lien_id}", lock=lock
    )


#: ``sort`` keys of the application list (the consoles' tables): "-" first for descending.
APPLICATION_SORTS = {
    "created_at": LienApplication.created_at,
    "loan_amount": LienApplication.loan_amount_fen,
    "certificate_no": LienApplication.certificate_no,
    "borrower_name": LienApplication.borrower_name,
}


async def applications(
    session: AsyncSession,
    *,
    bank: str | None,
    county: str | None,
    status: str | None = None,
    q: str | None = None,
    sort: str = "created_at",
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[LienApplication], int]:
    """A bank's own applications, or a county's (``county`` None: all), oldest first
    unless ``sort`` says otherwise; one page of them and how many match in all."""
    # a bank sees its own applications whatever the county
    scope = {"lender_org_id": bank} if bank is not None else {"county": county}
    query = select(LienApplication).where(
        *matching(LienApplication, **scope, status=status or None)
    )
    if q:
        query = query.where(
            contains_any(
                q,
                LienApplication.certificate_no,
                LienApplication.borrower_name,
                LienApplication.lender_name,
                LienApplication.id,
            )
        )
    return await page_of(
        session,
        query,
        sorts=APPLICATION_SORTS,
        sort=sort,
        tie=LienApplication.id,
        limit=limit,
        offset=offset,
    )


async def liens(
    session: AsyncSession, *, certificate_no: str | None, bank: str | None, county: str | None
) -> list[Lien]:
    q = select(Lien).order_by(Lien.registered_at)
    if certificate_no:
        q = q.where(Lien.certificate_no == certificate_no)
    if bank is not None:
        q = q.where(Lien.lender_org_id == bank)
    elif county is not None:
        q = q.where(Lien.county == county)
    return list((await session.execute(q)).scalars())


async def published(session: AsyncSession, county: str) -> list[tuple[Lien, Right]]:
    """The county's active liens with their rights (公示)."""
    rows = await session.execute(
        select(Lien, Right)
        .join(Right, Right.certificate_no == Lien.certificate_no)
        .where(Lien.county == county, Lien.status == "active")
        .order_by(Lien.registered_at)
    )
    return [(lien, right) for lien, right in rows.all()]


async def documents_of(session: AsyncSession, application_id: str) -> list[ApplicationDocument]:
    return await all_of(
        session,
        ApplicationDocument,
        ApplicationDocument.application_id == application_id,
        order_by=[ApplicationDocument.id],
    )


async def load_document(
    session: AsyncSession, application_id: str, document_id: int
) -> ApplicationDocument:
    return await load_or_404(
        session,
        ApplicationDocument,
        ApplicationDocument.id,
        document_id,
        "Document",
        "材料",
        of=(ApplicationDocument.application_id == application_id,),
    )


async def enhancements_of(session: AsyncSession, application_id: str) -> list[CreditEnhancement]:
    return await all_of(
        session,
        CreditEnhancement,
        CreditEnhancement.application_id == application_id,
        order_by=[CreditEnhancement.id],
    )


async def active_liens(session: AsyncSession, certificate_no: str) -> list[Lien]:
    """A right's active liens in the order registered (their ranks)."""
    return await all_of(
        session,
        Lien,
        Lien.certificate_no == certificate_no,
        Lien.status == "active",
        order_by=[Lien.registered_at, Lien.rank],
    )


async def changes_of(session: AsyncSession, lien_id: str) -> list[LienChange]:
    return await all_of(
        session, LienChange, LienChange.lien_id == lien_id, order_by=[LienChange.id]
    )
