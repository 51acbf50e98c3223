"""Post-loan visits — 贷后回访 (DOMAIN R14)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import UTCTimestamp
from registry.db import Base


class Visit(Base):
    """One scheduled visit: due, then done (with findings) or overdue (a warning)."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lien_id: Mapped[str] = mapped_column(String(64), index=True)
    lender_org_id: Mapped[str] = mapped_column(String(64), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    visited_on: Mapped[date | None] = mapped_column(Date)
    findings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    warning: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[UTCTimestamp | None]
