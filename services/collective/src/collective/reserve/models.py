"""The homestead reserve — 宅基地收储台账 (DOMAIN Z10): recovered and idle parcels with
their disposition (宜耕则耕、宜林则林、宜建则建; 暂不能利用的收储)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import UTCTimestamp, unique_where
from common.keys import IdType


class ReserveEntry(CollectiveScoped, Base):
    __tablename__ = "reserve_entries"
    __audit_subject__ = "reserve_entry"
    __table_args__ = (
        # a parcel is in the reserve once at a time
        unique_where(
            "uq_reserve_entries_reserved_parcel", "parcel_id", where="status = 'reserved'"
        ),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100))
    disposition: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    household_id: Mapped[str | None] = mapped_column(IdType())
    resolution_id: Mapped[str | None] = mapped_column(IdType())
    entered_at: Mapped[UTCTimestamp]
    closed_at: Mapped[UTCTimestamp | None]
