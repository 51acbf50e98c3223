"""Listing's documents — 文书: issued from its own records (common.documents)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import decisions_of
from common.auth import Principal
from common.clock import local_date
from common.documents import (
    DocumentKind,
    IssuedDocumentMixin,
    Issuer,
    Renderer,
    by_code,
    exchange_centre,
    issue,
)
from common.problems import Problem
from common.settings import Settings
from common.storage import DocumentStore
from listing.documents import rules
from listing.documents.models import IssuedDocument
from listing.listings import repository as listings
from listing.listings import service as listing_service

RENDERER = Renderer(Path(__file__).parent / "templates")
INTAKE_RECEIPT = DocumentKind(
    kind="intake_receipt",
    title="受理回执",
    template="intake_receipt.html",
    rule="L3",
)


def issuer(settings: Settings, store: DocumentStore) -> Issuer:
    return Issuer("listing", IssuedDocument, RENDERER, store, settings)


async def intake_receipt(
    session: AsyncSession, who: Principal, listing_id: str, issuer: Issuer
) -> IssuedDocumentMixin:
    """The listing's 受理回执 (L3) for its township's window and the county (X3): what was
    taken in at its latest submission. A re-submission after a return (L4) makes the
    next receipt a new one that supersedes the old."""
    listing = await listing_service.read_listing(session, who, listing_id)
    listing = await listings.get_listing(session, listing_id, lock=True)
    submitted = [
        d
        for d in await decisions_of(session, "listing", listing.id)
        if d.action == "listing.submitted"
    ]
    if not submitted:
        raise Problem(
            409,
            "not-submitted",
            "The application has not been submitted at the window yet",
            "该申请尚未在窗口提交受理",
            rule="L3",
            extra={"status": listing.status},
        )
    latest = submitted[-1]
    materials = await listings.documents_of(session, "listing", listing.id)
    data, summary = rules.intake_receipt(
        listing, materials, latest.decided_at, latest.actor_name or latest.actor_subject
    )
    return await issue(
        session,
        who,
        issuer,
        INTAKE_RECEIPT,
        subject_id=listing.id,
        county=listing.county,
        issuing_org=exchange_centre(listing.county),
        base_number=f"SL{listing.township}{local_date(latest.decided_at):%Y%m%d}"
        f"{listing.id[:6].upper()}",
        data=data,
        summary=summary,
    )


async def find(session: AsyncSession, code: str) -> IssuedDocumentMixin:
    return await by_code(session, IssuedDocument, code)
