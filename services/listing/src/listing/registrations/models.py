"""Buyer registrations — 意向受让登记 (L6, L10, L11)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import Fen, UTCTimestamp
from listing.db import Base


class Registration(Base):
    """An intended buyer's registration for one listing."""

    __tablename__ = "registrations"
    __audit_subject__ = "registration"
    __table_args__ = (UniqueConstraint("listing_id", "party_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), index=True)
    party_id: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(100))
    buyer_kind: Mapped[str] = mapped_column(String(30))
    phone: Mapped[str] = mapped_column(String(30))
    priority_claimed: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_basis: Mapped[str | None] = mapped_column(Text)
    # L20 — an agent's registration: who, and the power of attorney (hash, validity)
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    extra_review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    extra_review_opinion: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # pending | qualified | rejected
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    deposit_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    deposit_paid_fen: Mapped[Fen] = mapped_column(default=0)
    deposit_reference: Mapped[str | None] = mapped_column(String(100))
    deposit_paid_at: Mapped[UTCTimestamp | None]
    registered_by: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[UTCTimestamp]
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[UTCTimestamp | None]
