"""Disposal of a mortgaged right on default — 抵押物处置 (DOMAIN R13)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.db import UTCDateTime
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
    outstanding_debt_fen: Mapped[int] = mapped_column(BigInteger)
    reserve_price_fen: Mapped[int | None] = mapped_column(BigInteger)
    residence_arrangement: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proceeds_fen: Mapped[int | None] = mapped_column(BigInteger)
    to_lender_fen: Mapped[int | None] = mapped_column(BigInteger)
    to_holder_fen: Mapped[int | None] = mapped_column(BigInteger)
