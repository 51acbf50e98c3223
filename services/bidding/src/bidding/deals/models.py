"""Deals — 成交 (DOMAIN B5, B6): the deal confirmation, contract, payment and release."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bidding.db import Base
from common.columns import CountyCode, Fen, UTCTimestamp


class Deal(Base):
    __tablename__ = "deals"
    __audit_subject__ = "deal"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("trade_sessions.id"), index=True)
    listing_id: Mapped[str] = mapped_column(String(64), index=True)
    county: Mapped[CountyCode]
    confirmation_no: Mapped[str] = mapped_column(String(64), unique=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(24))  # deals/states.py: DEAL
    # indexed: a buyer's own deals (GET /me/deals)
    buyer_party_id: Mapped[str] = mapped_column(String(64), index=True)
    buyer_name: Mapped[str] = mapped_column(String(200))
    price_fen: Mapped[Fen]
    deposit_applied_fen: Mapped[Fen] = mapped_column(default=0)
    paid_fen: Mapped[Fen] = mapped_column(default=0)
    via_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    concluded_at: Mapped[UTCTimestamp]
    contract_deadline: Mapped[UTCTimestamp]
    # E9: an 入市 trade's result publicity ends here; the contract deadline runs from it
    entry_publicity_ends_at: Mapped[UTCTimestamp | None]
    # E12/E15: the re-transfer fund the release withholds (0 when proven paid; None while
    # the collective has not settled it)
    adjustment_fund_fen: Mapped[Fen | None]
    contract_id: Mapped[str | None] = mapped_column(String(36))
    contract_no: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[UTCTimestamp | None]
    settled_at: Mapped[UTCTimestamp | None]
    fee_fen: Mapped[Fen | None]
    to_lender_fen: Mapped[Fen | None]
    to_seller_fen: Mapped[Fen | None]
    released_at: Mapped[UTCTimestamp | None]
    defaulted_at: Mapped[UTCTimestamp | None]
    default_decision: Mapped[str | None] = mapped_column(String(24))
