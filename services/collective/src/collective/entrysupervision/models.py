"""入市后监管 — 规划许可、三方监管 (DOMAIN E7, E10).

One row per permit of a deal (E7), one supervision per deal (the tripartite checklist,
its signatures, construction's state and the idle-land handling) and one row per
declaration or patrol (E10).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import Fen, UTCTimestamp
from common.keys import IdType


class EntryPermit(Base):
    """A planning or construction permit issued for entered land (E7)."""

    __tablename__ = "entry_permits"
    __audit_subject__ = "entry_permit"
    __table_args__ = (UniqueConstraint("deal_id", "kind", name="uq_entry_permits_kind"),)

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    deal_id: Mapped[str] = mapped_column(ForeignKey("entry_deals.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[UTCTimestamp]


class EntrySupervision(CollectiveScoped, Base):
    """The tripartite supervision of one deal's land (三方监管, E10)."""

    __tablename__ = "entry_supervisions"
    __audit_subject__ = "entry_supervision"
    __audit_key__ = "deal_id"

    deal_id: Mapped[str] = mapped_column(ForeignKey("entry_deals.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON)
    signatures: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON)
    start_by: Mapped[date] = mapped_column(Date)
    complete_by: Mapped[date] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    # E10 idle land: the fee owed and the recovery due (only when the county enables it)
    idle_fee_fen: Mapped[Fen | None]
    idle_fee_at: Mapped[UTCTimestamp | None]
    recovery_due_at: Mapped[UTCTimestamp | None]
    recovered: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    recorded_at: Mapped[UTCTimestamp]


class SupervisionRecord(Base):
    """A user's declaration (开发利用申报: start, completion) or a patrol (动态巡查)."""

    __tablename__ = "entry_supervision_records"
    __audit_subject__ = "entry_supervision_record"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    deal_id: Mapped[str] = mapped_column(ForeignKey("entry_supervisions.deal_id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text)
    compliant: Mapped[bool | None] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[UTCTimestamp]
