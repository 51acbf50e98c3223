"""Deposits — 保证金 (DOMAIN B5): one row per buyer per listing, its money in the ledger."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bidding.db import Base
from common.columns import Fen, UTCTimestamp
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
    amount_fen: Mapped[Fen]
    bank_org_id: Mapped[str] = mapped_column(String(64))
    bank_reference: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))  # deposits/states.py: DEPOSIT
    paid_at: Mapped[UTCTimestamp]
    refund_due_by: Mapped[UTCTimestamp | None]
    settled_at: Mapped[UTCTimestamp | None]
