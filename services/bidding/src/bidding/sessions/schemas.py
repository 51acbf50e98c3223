"""Request and response shapes of trading sessions (DOMAIN B1–B4)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.money import Money


class BidIn(BaseModel):
    amount: Money = Field(description='The bid in yuan, as a string ("1250000.00").')


class AuctionStartIn(BaseModel):
    """Who opens the auction (B4): the auctioneer's licence in the county's register (L20)."""

    model_config = ConfigDict(extra="forbid")

    auctioneer_licence_no: str | None = Field(
        None, min_length=1, max_length=40, description="拍卖机构资质证书编号 (L20)."
    )


class Standing(BaseModel):
    """The caller's own standing — never anyone else's identity (B2)."""

    is_bidder: bool
    priority: bool = False
    leading: bool = False
    your_best: Money | None = None
    eligible: bool = False


class SessionState(BaseModel):
    """The live room's view of a session, timed by the server's clock only."""

    session_id: str
    listing_id: str
    title: str
    mode: str
    status: str
    reserve_price: Money
    increment: Money
    best_price: Money | None
    leader_is_priority_holder: bool
    minimum_next: Money | None
    bid_count: int
    extensions: int
    extension_seconds: int
    free_ends_at: datetime | None
    ends_at: datetime | None
    tender_opening_at: datetime | None
    server_time: datetime = Field(description="The server's clock; clients never use their own.")
    remaining_ms: int | None = Field(description="Until the end (or opening), by the server.")
    version: int
    you: Standing


class PendingSession(BaseModel):
    """A published listing whose trade has not opened yet — 未开始 (L7): the announcement
    runs, or its close has not reached bidding yet. Only the public announcement's facts."""

    session_id: None = None
    listing_id: str
    title: str
    mode: str
    status: Literal["pending"] = "pending"
    announcement_ends_at: datetime
    server_time: datetime = Field(description="The server's clock; clients never use their own.")
    remaining_ms: int = Field(
        description="Until the announcement ends, by the server; 0 once it has ended and "
        "the trade is being opened."
    )


class BidOut(BaseModel):
    accepted: bool = True
    amount: Money
    priority_match: bool
    extended: bool
    state: SessionState


class BidRecord(BaseModel):
    """One accepted bid, as staff and the supervisor see the log (X3)."""

    seq: int
    party_id: str
    name: str
    amount: Money
    priority_match: bool
    placed_at: datetime
    extended_to: datetime | None


class TenderReceipt(BaseModel):
    session_id: str
    commitment: str = Field(description="SHA-256 commitment to the sealed amount (B4).")
    submitted_at: datetime
    opening_at: datetime


class TenderResult(BaseModel):
    rank: int | None
    party_id: str
    name: str
    amount: Money
    valid: bool
    commitment: str
    submitted_at: datetime


class DecisionIn(BaseModel):
    reason: str = Field(default="", max_length=1000)
