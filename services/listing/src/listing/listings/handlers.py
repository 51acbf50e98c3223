"""Consumers that move a listing on: the trade's outcome (bidding) and disposals (registry)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.contracts.bidding import ContractSigned, TradeConcluded, TradeFailed
from common.contracts.registry import DisposalRequested, RightFlagged
from common.events import Envelope
from common.money import apply_rate, to_fen
from common.service import EventHandlers, Timer
from listing.listings.models import Listing
from listing.listings.service import (
    close_announcement,
    deposit_default,
    flush_and_record,
    new_id,
    now,
)
from listing.listings.states import move

handlers = EventHandlers()


async def _listing(session: AsyncSession, listing_id: str) -> Listing | None:
    return (
        await session.execute(select(Listing).where(Listing.id == listing_id).with_for_update())
    ).scalar_one_or_none()


@handlers.on(TradeConcluded)
async def on_trade_concluded(session: AsyncSession, event: TradeConcluded, _e: Envelope) -> None:
    """A deal: the result is published (L14)."""
    listing = await _listing(session, event.listing_id)
    if listing is None or listing.status not in {"trading", "suspended"}:
        return
    move(listing, "concluded", "trade_concluded")
    listing.trade_id = event.trade_id
    listing.result_buyer_party_id = event.buyer_party_id
    listing.result_buyer_name = event.buyer_name
    listing.result_price_fen = to_fen(event.price)
    listing.result_via_priority = event.via_priority
    listing.result_at = event.concluded_at
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.result_published",
        by=None,
        rule="L14",
        data={"trade_id": event.trade_id, "price_fen": listing.result_price_fen},
    )


@handlers.on(TradeFailed)
async def on_trade_failed(session: AsyncSession, event: TradeFailed, _e: Envelope) -> None:
    listing = await _listing(session, event.listing_id)
    if listing is None or listing.status not in {"trading", "suspended", "concluded"}:
        return
    move(listing, "failed", "trade_failed")
    listing.trade_id = event.trade_id
    listing.failed_reason = event.reason
    listing.result_at = event.failed_at
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.trade_failed",
        by=None,
        rule="L7",
        reason=event.reason,
        data={"reason_code": event.reason_code},
    )


@handlers.on(ContractSigned)
async def on_contract_signed(session: AsyncSession, event: ContractSigned, _e: Envelope) -> None:
    """The signed contract is published (L14)."""
    listing = await _listing(session, event.listing_id)
    if listing is None or listing.status not in {"concluded", "trading"}:
        return
    move(listing, "contracted", "contract_signed")
    listing.contract_no = event.contract_no
    listing.contract_signed_at = event.signed_at
    listing.result_buyer_party_id = event.buyer_party_id
    listing.result_buyer_name = event.buyer_name
    listing.result_price_fen = to_fen(event.price)
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.contract_published",
        by=None,
        rule="L14",
        data={"contract_no": event.contract_no},
    )


@handlers.on(DisposalRequested)
async def on_disposal_requested(
    session: AsyncSession, event: DisposalRequested, _e: Envelope
) -> None:
    """R13: a disposal listing skips the window; the centre registers and publishes it.
    The collective's members hold the priority right on equal terms (L10)."""
    existing = (
        await session.execute(select(Listing.id).where(Listing.disposal_id == event.disposal_id))
    ).first()
    if existing is not None:
        return
    at = now(session)
    reserve = to_fen(event.reserve_price)
    listing = Listing(
        id=new_id(),
        county=event.county,
        township=event.township,
        collective_id=event.collective_id,
        # a location may be 300 characters (contract), the title column holds 200
        title=f"抵押物处置：{event.location}"[: Listing.__table__.c.title.type.length],
        description=f"抵押权{event.lien_id}处置，权证{event.certificate_no}",
        product=event.product,
        way=event.way,
        mode=event.method,
        term_start=event.term_start,
        term_end=event.term_end,
        area_mu=Decimal(event.area_mu),
        location=event.location,
        right_certificate_no=event.certificate_no,
        seller_party_id=event.holder_party_id,
        seller_name=event.holder_name,
        seller_kind="farmer",
        reserve_price_fen=reserve,
        deposit_fen=deposit_default(reserve),
        increment_fen=max(apply_rate(reserve, Decimal("0.01")), 100),
        extension_seconds=300,
        free_period_seconds=3600,
        status="registered",
        return_reasons=[],
        disposal_id=event.disposal_id,
        lien_id=event.lien_id,
        created_by=f"registry:{event.lender_org_id}",
        created_at=at,
        updated_at=at,
    )
    session.add(listing)
    await flush_and_record(
        session,
        listing,
        action="listing.disposal_opened",
        by=None,
        rule="L10",
        data={"disposal_id": event.disposal_id, "lien_id": event.lien_id},
    )


LIVE = ("registered", "announced", "suspended", "trading")


@handlers.on(RightFlagged)
async def on_right_flagged(session: AsyncSession, event: RightFlagged, envelope: Envelope) -> None:
    """A flag on a live listing's right is recorded for the centre (a ground for L12
    suspension by staff); the listing is never suspended automatically."""
    rows = await session.execute(
        select(Listing).where(
            Listing.right_certificate_no == event.certificate_no, Listing.status.in_(LIVE)
        )
    )
    for listing in rows.scalars():
        await record_decision(
            session,
            subject_type="listing",
            subject_id=listing.id,
            action="listing.right_flagged" if event.set else "listing.right_flag_cleared",
            by=None,
            rule="L12",
            reason=event.reason,
            data={"flag": event.flag, "set": event.set, "event_id": str(envelope.event_id)},
        )


async def on_announcement_end(session: AsyncSession, timer: Timer) -> None:
    """The persisted announcement-end timer (L5, L7)."""
    await close_announcement(session, timer.key)
