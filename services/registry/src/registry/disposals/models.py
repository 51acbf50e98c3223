"""Disposal of a mortgaged right on default — 抵押物处置 (DOMAIN R13)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import Fen, UTCTimestamp
from registry.db import Base


class Disposal(Base):
    __tablename__ = "disposals"
    __audit_subject__ = "disposal"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lien_id: Mapped[str] = mapped_column(String(64), index=True)
    certificate_no: Mapped[str] = mapped_column(String(64))
    lender_org_id: Mapped[str] = mapped_column(String(64), index=True)
    method: Mapped[str] = mapped_column(String(20))
    through_exchange: Mapped[bool] = mapped_column(Boolean)
    default_on: Mapped[date] = mapped_column(Date)
    outstanding_debt_fen: Mapped[Fen]
    reserve_price_fen: Mapped[Fen | None]
    residence_arrangement: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    requested_at: Mapped[UTCTimestamp]
    settled_at: Mapped[UTCTimestamp | None]
    proceeds_fen: Mapped[Fen | None]
    to_lender_fen: Mapped[Fen | None]
    to_holder_fen: Mapped[Fen | None]
