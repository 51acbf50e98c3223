"""Building the caller's view of a session — what a bidder may see (DOMAIN B2, X3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from pydantic_core import to_json
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.access import is_county_staff, party_of
from bidding.listings.models import ListingView
from bidding.sessions.models import Bid, Bidder, SealedTender, TradeSession
from bidding.sessions.repository import standing_of
from bidding.sessions.rules import BidPlaced, book_state, minimum_next
from bidding.sessions.schemas import (
    BidRecord,
    PendingSession,
    SessionState,
    Standing,
    TenderReceipt,
    TenderResult,
)
from common.auth import Principal, Role
from common.context import now as clock_now
from common.money import fen_text, from_fen


def _money(fen: int | None) -> str | None:
    return None if fen is None else fen_text(fen)


def standing_party(principal: Principal) -> str | None:
    """The party whose standing a caller sees: a buyer's own; nobody else has one."""
    return party_of(principal) if principal.has(Role.buyer) else None


def standing_fields(
    ts: TradeSession, party: str | None, bidder: Any | None, best_fen: int | None
) -> dict[str, Any]:
    """``Standing`` as it goes on the wire, from the caller's bidder row and highest bid:
    the one builder, for a single view and for the live room's watchers."""
    if party is None or bidder is None:
        return {
            "is_bidder": False,
            "priority": False,
            "leading": False,
            "your_best": None,
            "eligible": False,
        }
    if ts.mode == "negotiated" and ts.offer_fen is not None:
        best_fen = ts.offer_fen
    return {
        "is_bidder": True,
        "priority": bool(bidder.priority),
        "leading": ts.leader_party_id == party and ts.mode != "tender",
        "your_best": _money(best_fen),
        "eligible": bool(bidder.eligible),
    }


async def standing(session: AsyncSession, ts: TradeSession, principal: Principal) -> Standing:
    party = standing_party(principal)
    bidder, best = (None, None) if party is None else await standing_of(session, ts.id, party)
    return Standing.model_validate(standing_fields(ts, party, bidder, best))


def state_fields(ts: TradeSession | SimpleNamespace, now: datetime) -> dict[str, Any]:
    """A session's state as it goes on the wire (``SessionState`` without ``you``): the
    one builder of the live room's figures, for the response model and for the bid's
    answer written without one."""
    end = ts.tender_opening_at if ts.mode == "tender" else ts.ends_at
    remaining = None
    if end is not None and ts.status in ("bidding", "tendering"):
        remaining = max(0, int((end - now).total_seconds() * 1000))
    elif ts.status == "suspended":
        remaining = ts.remaining_ms
    sealed = ts.mode == "tender" and ts.status in ("tendering", "suspended")
    nxt = None
    if ts.mode in ("ascending", "auction") and ts.status == "bidding":
        nxt = minimum_next(book_state(ts, now))
    return {
        "session_id": ts.id,
        "listing_id": ts.listing_id,
        "title": ts.title,
        "mode": ts.mode,
        "status": ts.status,
        "reserve_price": fen_text(ts.reserve_fen),
        "increment": fen_text(ts.increment_fen),
        "best_price": None if sealed else _money(ts.best_fen),
        "leader_is_priority_holder": False if sealed else bool(ts.leader_priority),
        "minimum_next": _money(nxt),
        "bid_count": ts.bid_count,
        "extensions": ts.extensions,
        "extension_seconds": ts.extension_s,
        "free_ends_at": ts.free_ends_at,
        "ends_at": ts.ends_at,
        "tender_opening_at": ts.tender_opening_at,
        "server_time": now,
        "remaining_ms": remaining,
        "version": ts.version,
    }


def state_of(ts: TradeSession, you: Standing, now: datetime) -> SessionState:
    return SessionState.model_validate({**state_fields(ts, now), "you": you})


def public_state(ts: TradeSession, now: datetime) -> SessionState:
    """The public watch view's state (围观): nobody's standing or identity."""
    return SessionState.model_validate(
        {**state_fields(ts, now), "you": standing_fields(ts, None, None, None)}
    )


def bid_answer(placed: BidPlaced, now: datetime) -> bytes:
    """The JSON of an accepted bid (``BidOut``), written straight from the book: the
    answer a rush repeats, built without a model's validation and per-field serializers
    (tests check it against ``BidOut``)."""
    ts, accepted = placed.book, placed.accepted
    amount = fen_text(accepted.amount_fen)
    state = state_fields(ts, now)
    state["you"] = {
        "is_bidder": True,
        "priority": bool(ts.leader_priority),
        "leading": True,
        "your_best": amount,
        "eligible": True,
    }
    return to_json(
        {
            "accepted": True,
            "amount": amount,
            "priority_match": accepted.priority_match,
            "extended": accepted.extended,
            "state": state,
        }
    )


async def view(session: AsyncSession, ts: TradeSession, principal: Principal) -> SessionState:
    now = clock_now(session)
    return state_of(ts, await standing(session, ts, principal), now)


def pending(listing: ListingView, now: datetime) -> PendingSession:
    """A published listing whose trade has not opened: only the announcement's facts."""
    return PendingSession(
        listing_id=listing.listing_id,
        title=listing.title,
        mode=listing.mode,
        announcement_ends_at=listing.announcement_ends_at,
        server_time=now,
        remaining_ms=max(0, int((listing.announcement_ends_at - now).total_seconds() * 1000)),
    )


def bid_records(bids: Sequence[Bid], names: dict[str, Bidder]) -> list[BidRecord]:
    """The bid log with identities, numbered from 1."""
    return [
        BidRecord(
            seq=i,
            party_id=b.party_id,
            name=names[b.party_id].name,
            amount=from_fen(b.amount_fen),
            priority_match=b.priority_match,
            placed_at=b.placed_at,
            extended_to=b.extended_to,
        )
        for i, b in enumerate(bids, start=1)
    ]


def tender_receipt(ts: TradeSession, tender: SealedTender) -> TenderReceipt:
    assert ts.tender_opening_at is not None
    return TenderReceipt(
        session_id=ts.id,
        commitment=tender.commitment,
        submitted_at=tender.submitted_at,
        opening_at=ts.tender_opening_at,
    )


def ranked_tenders(
    opened: Sequence[SealedTender], names: dict[str, Bidder], principal: Principal
) -> list[TenderResult]:
    """The ranked tenders; other bidders masked for bidders (B4, X3)."""
    staff = is_county_staff(principal)
    ranked = sorted(opened, key=lambda t: (t.rank is None, t.rank or 0, t.submitted_at))
    return [
        TenderResult(
            rank=t.rank,
            party_id=t.party_id if staff or party_of(principal) == t.party_id else "***",
            name=names[t.party_id].name if staff else "***",
            amount=from_fen(t.amount_fen or 0),
            valid=bool(t.valid),
            commitment=t.commitment,
            submitted_at=t.submitted_at,
        )
        for t in ranked
    ]
