"""The share register — 股权登记 (DOMAIN Z11): each confirmed member's shares in the
collective; dividends are paid by a snapshot of it."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.columns import UTCTimestamp
from common.keys import IdType


class Shareholding(Base):
    __tablename__ = "shareholdings"
    __audit_subject__ = "shareholding"
    __table_args__ = (
        UniqueConstraint("collective_id", "party_id", name="uq_shareholdings_member"),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    collective_id: Mapped[str] = mapped_column(ForeignKey("collectives.id"), index=True)
    party_id: Mapped[str] = mapped_column(String(18))
    shares: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[UTCTimestamp]
