"""入市政策公开 — the county's published 入市 policy documents (DOMAIN E16)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.columns import CountyCode, UTCTimestamp
from common.keys import IdType


class EntryPolicy(Base):
    """A policy document the natural resources bureau publishes on the board (E16): its
    title, document number (文号), date and the PDF (a document id) or link."""

    __tablename__ = "entry_policies"
    __audit_subject__ = "entry_policy"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    document_no: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    document_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(500))
    published_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[UTCTimestamp]
