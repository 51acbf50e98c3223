"""Deposits — 保证金 (DOMAIN B5): one row per buyer per listing, its money in the ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bidding.db import Base
from common.db import UTCDateTime
from common.keys import BigId


class Deposit(Base):
    __tablename__ = "deposits"
    __table_args__ = (
        UniqueConstraint("listing_id", "party_id"),
        UniqueConstraint("bank_org_id", "bank_reference"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    listing_id: Mapped[str] = mapped_column(String(64), index=True)
    party_id: Mapped[str] = mapped_column(String(64))
    registration_id: Mapped[str | None] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    bank_org_id: Mapped[str] = mapped_column(String(64))
    bank_reference: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))  # deposits/states.py: DEPOSIT
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime())
    refund_due_by: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
