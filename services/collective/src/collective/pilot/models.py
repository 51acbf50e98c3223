"""The pilot scope — 试点范围 (DOMAIN Z13): the collectives the county enables for Z5–Z11
(the seed's pilot: 7 towns, 21 collectives; 先期试点、面上铺开)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.columns import CountyCode, UTCTimestamp


class PilotScope(Base):
    __tablename__ = "pilot_scopes"
    __audit_subject__ = "pilot_scope"

    id: Mapped[str] = mapped_column(ForeignKey("collectives.id"), primary_key=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    township: Mapped[str] = mapped_column(String(9))
    enabled: Mapped[bool] = mapped_column(Boolean)
    reference: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[UTCTimestamp]
