"""Listing's documents — 文书: issued from its own records (common.documents)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import decisions_of
from common.auth import Principal
from common.clock import local_date
from common.documents import (
    DocumentArea,
    DocumentKind,
    IssuedDocumentMixin,
    Issuer,
    exchange_centre,
    issue,
    plain,
)
from common.problems import Problem
from common.settings import Settings
from common.storage import document_store
from listing.archive.models import ListingArchive, sealed
from listing.documents import rules
from listing.documents.models import IssuedDocument
from listing.listings import repository as listings
from listing.listings import service as listing_service
from listing.listings.models import Listing

AREA = DocumentArea("listing", IssuedDocument, Path(__file__).parent / "templates", exchange_centre)
INTAKE_RECEIPT = AREA.kind("intake_receipt", "受理回执", "L3")
ANNOUNCEMENT = AREA.kind("announcement", "交易公告", "L5")
RESULT_PUBLICATION = AREA.kind("result_publication", "成交公示", "L14")
issuer = AREA.issuer
#: Where a listing's announcement has been published (and stays in force as history).
ANNOUNCED_STATES = frozenset(
    {"announced", "suspended", "trading", "concluded", "contracted", "failed", "terminated"}
)


async def _unless_sealed(
    session: AsyncSession, listing_id: str, kind: DocumentKind, data: dict[str, Any]
) -> None:
    """A sealed listing's file does not change (L19): its documents are downloaded as
    sealed; a new one — other data — is refused."""
    if await session.get(ListingArchive, listing_id) is None:
        return
    current = await AREA.current(session, kind, listing_id)
    if current is None or current.data != plain(data):
        raise sealed()


async def _issue(
    session: AsyncSession,
    who: Principal | None,
    issuer: Issuer,
    kind: DocumentKind,
    listing: Listing,
    *,
    prefix: str,
    on: date,
    data: dict[str, Any],
    summary: dict[str, Any],
    reason: str | None = None,
) -> IssuedDocumentMixin:
    """Issue the listing's document of ``kind`` unless its file is sealed (L19), numbered
    ``prefix`` (the kind's letters and its township or county), the day and the listing."""
    await _unless_sealed(session, listing.id, kind, data)
    return await issue(
        session,
        who,
        issuer,
        kind,
        subject_id=listing.id,
        county=listing.county,
        base_number=f"{prefix}{on:%Y%m%d}{listing.id[:6].upper()}",
        data=data,
        summary=summary,
        reason=reason,
    )


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
    return await _issue(
        session,
        who,
        issuer,
        INTAKE_RECEIPT,
        listing,
        prefix=f"SL{listing.township}",
        on=local_date(latest.decided_at),
        data=data,
        summary=summary,
    )


async def announcement(
    session: AsyncSession, who: Principal | None, listing_id: str, issuer: Issuer
) -> IssuedDocumentMixin:
    """The listing's 交易公告 (L5), public: as it stands — its end and every extension,
    suspension and resumption (L12). A change makes the next one supersede the old."""
    listing = await listings.get_listing(session, listing_id, lock=True)
    if listing.status not in ANNOUNCED_STATES or listing.published_at is None:
        raise Problem(
            409,
            "not-announced",
            "The listing's announcement has not been published",
            "该项目尚未发布交易公告",
            rule="L5",
            extra={"status": listing.status},
        )
    return await _issue_announcement(session, who, listing, issuer)


async def _issue_announcement(
    session: AsyncSession,
    who: Principal | None,
    listing: Listing,
    issuer: Issuer,
    reason: str | None = None,
) -> IssuedDocumentMixin:
    data, summary = rules.announcement(listing, await decisions_of(session, "listing", listing.id))
    assert listing.published_at is not None
    return await _issue(
        session,
        who,
        issuer,
        ANNOUNCEMENT,
        listing,
        prefix=f"GG{listing.county}",
        on=local_date(listing.published_at),
        data=data,
        summary=summary,
        reason=reason,
    )


async def reissue_announcement(
    session: AsyncSession, who: Principal, listing: Listing, issuer: Issuer, reason: str
) -> IssuedDocumentMixin | None:
    """After an extension (L5), a suspension or a resumption (L12): the announcement
    already issued is superseded at once by one that prints the change, so /verify says
    the old paper is no longer the announcement. None when none was issued yet (the
    first download issues it, with the change)."""
    if await AREA.current(session, ANNOUNCEMENT, listing.id) is None:
        return None
    return await _issue_announcement(session, who, listing, issuer, reason)


async def on_announcement_changed(
    session: AsyncSession, who: Principal, listing: Listing, reason: str, settings: Settings
) -> IssuedDocumentMixin | None:
    """``listing.listings.announcement.ON_CHANGE``: re-issue the printed announcement."""
    return await reissue_announcement(
        session, who, listing, issuer(settings, document_store(settings)), reason
    )


async def result_publication(
    session: AsyncSession, who: Principal | None, listing_id: str, issuer: Issuer
) -> IssuedDocumentMixin:
    """The listing's 成交公示 (L14), public: the result, and the contract once signed (the
    signed contract's publication supersedes the result-only one)."""
    listing = await listings.get_listing(session, listing_id, lock=True)
    if listing.status not in ("concluded", "contracted") or listing.result_price_fen is None:
        raise Problem(
            409,
            "no-result",
            "The listing has no concluded trade to publish",
            "该项目尚无可公示的成交结果",
            rule="L14",
            extra={"status": listing.status},
        )
    data, summary = rules.result_publication(listing)
    return await _issue(
        session,
        who,
        issuer,
        RESULT_PUBLICATION,
        listing,
        prefix=f"GS{listing.county}",
        on=local_date(listing.result_at or listing.updated_at),
        data=data,
        summary=summary,
    )
