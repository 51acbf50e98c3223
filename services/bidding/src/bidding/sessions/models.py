"""Trading sessions — 交易场次 (DOMAIN B1–B4): the session, its bidders, bids and tenders."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bidding.db import Base
from bidding.listings.models import ListedFacts
from common.columns import CountyCode, Fen, UTCTimestamp
from common.keys import BigId


class TradeSession(ListedFacts, Base):
    # On PostgreSQL: fillfactor 70 and no vacuum truncation (migration bidding_0004), as
    # every accepted bid updates its session's row.
    __tablename__ = "trade_sessions"
    __audit_subject__ = "trade_session"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    listing_id: Mapped[str] = mapped_column(String(64), unique=True)
    # indexed here: the county's sessions are listed by it
    county: Mapped[CountyCode] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(24))  # sessions/states.py: SESSION
    area_mu: Mapped[str | None] = mapped_column(String(32))
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    lien_id: Mapped[str | None] = mapped_column(String(64))
    increment_fen: Mapped[Fen]
    extension_s: Mapped[int] = mapped_column(Integer)
    free_period_s: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[UTCTimestamp]
    # ascending / auction: the free period ends at free_ends_at; the session ends at ends_at
    free_ends_at: Mapped[UTCTimestamp | None]
    ends_at: Mapped[UTCTimestamp | None]
    tender_opening_at: Mapped[UTCTimestamp | None]
    best_fen: Mapped[Fen | None]
    leader_party_id: Mapped[str | None] = mapped_column(String(64))
    leader_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    bid_count: Mapped[int] = mapped_column(Integer, default=0)
    extensions: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # suspension (L12): what was left of each running period, restored on resume
    suspended_from: Mapped[str | None] = mapped_column(String(24))
    remaining_free_ms: Mapped[int | None] = mapped_column(BigInteger)
    remaining_ms: Mapped[int | None] = mapped_column(BigInteger)
    # negotiated transfer (B1)
    offer_fen: Mapped[Fen | None]
    buyer_confirmed_at: Mapped[UTCTimestamp | None]
    seller_confirmed_at: Mapped[UTCTimestamp | None]
    auctioneer: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[UTCTimestamp | None]
    outcome_reason: Mapped[str | None] = mapped_column(String(500))


class Bidder(Base):
    """A qualified buyer of the session, from ``listing.announcement_closed`` (L6, L10)."""

    __tablename__ = "bidders"

    session_id: Mapped[str] = mapped_column(ForeignKey("trade_sessions.id"), primary_key=True)
    party_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    registration_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[bool] = mapped_column(Boolean)
    registered_at: Mapped[UTCTimestamp]
    # the deposit is in our ledger (B2: only qualified buyers with the deposit paid bid)
    eligible: Mapped[bool] = mapped_column(Boolean)


class Bid(Base):
    """An accepted bid — 报价. Rejected bids are never stored (they change nothing)."""

    __tablename__ = "bids"
    # One accepted bid per price level; a priority holder's match of a level is the
    # only second bid a level can take (B3).
    __table_args__ = (UniqueConstraint("session_id", "amount_fen", "priority_match"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # looked up by session through the unique constraint above (it starts with session_id)
    session_id: Mapped[str] = mapped_column(ForeignKey("trade_sessions.id"))
    party_id: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[Fen]
    priority_match: Mapped[bool] = mapped_column(Boolean)
    placed_at: Mapped[UTCTimestamp]
    extended_to: Mapped[UTCTimestamp | None]


class SealedTender(Base):
    """A sealed tender — 密封投标 (B4): the amount encrypted until the opening time."""

    __tablename__ = "sealed_tenders"
    __table_args__ = (UniqueConstraint("session_id", "party_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("trade_sessions.id"), index=True)
    party_id: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    commitment: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[UTCTimestamp]
    # filled at the opening, never before
    amount_fen: Mapped[Fen | None]
    rank: Mapped[int | None] = mapped_column(Integer)
    valid: Mapped[bool | None] = mapped_column(Boolean)
