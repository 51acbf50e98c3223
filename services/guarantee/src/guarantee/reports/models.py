"""Rectification notices — 通报整改 (DOMAIN G14)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, UTCTimestamp
from common.filings import FilingMixin
from common.keys import new_id
from guarantee.db import Base


class Rectification(Base):
    """A 通报 to a township whose 劝耕贷 work lags, with a deadline; it closes only with
    the township's result (what was done). ``late`` is set by a persisted timer at the
    deadline when it is still open."""

    __tablename__ = "rectifications"
    __audit_subject__ = "rectification"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    county: Mapped[CountyCode] = mapped_column(index=True)
    township_id: Mapped[str] = mapped_column(String(32), index=True)
    period: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[UTCTimestamp]
    deadline: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[str | None] = mapped_column(String(100))
    closed_at: Mapped[UTCTimestamp | None]


class Filing(FilingMixin, Base):
    """A filed version of a periodic report (X7, common.filings): G9's quarterly and
    annual 劝耕贷 reports."""

    __tablename__ = "filings"
    __audit_subject__ = "filing"
