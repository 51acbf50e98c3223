"""Deals — 成交 (DOMAIN B5, B6): the deal confirmation, contract, payment and release."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bidding.db import Base
from common.db import UTCDateTime


class Deal(Base):
    __tablename__ = "deals"
    __audit_subject__ = "deal"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("trade_sessions.id"), index=True)
    listing_id: Mapped[str] = mapped_column(String(64), index=True)
    county: Mapped[str] = mapped_column(String(6))
    confirmation_no: Mapped[str] = mapped_column(String(64), unique=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(24))  # deals/states.py: DEAL
    # indexed: a buyer's own deals (GET /me/deals)
    buyer_party_id: Mapped[str] = mapped_column(String(64), index=True)
    buyer_name: Mapped[str] = mapped_column(String(200))
    price_fen: Mapped[int] = mapped_column(BigInteger)
    deposit_applied_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    via_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    concluded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    contract_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    # E9: an 入市 trade's result publicity ends here; the contract deadline runs from it
    entry_publicity_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # E12/E15: the re-transfer fund the release withholds (0 when proven paid; None while
    # the collective has not settled it)
    adjustment_fund_fen: Mapped[int | None] = mapped_column(BigInteger)
    contract_id: Mapped[str | None] = mapped_column(String(36))
    contract_no: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fee_fen: Mapped[int | None] = mapped_column(BigInteger)
    to_lender_fen: Mapped[int | None] = mapped_column(BigInteger)
    to_seller_fen: Mapped[int | None] = mapped_column(BigInteger)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    defaulted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    default_decision: Mapped[str | None] = mapped_column(String(24))
