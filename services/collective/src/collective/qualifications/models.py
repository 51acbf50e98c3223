"""The homestead qualification register — 宅基地资格权登记台账 (DOMAIN Z1), per household."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import UTCTimestamp, unique_where
from common.keys import IdType


class Qualification(CollectiveScoped, Base):
    """One household's qualification; ``active`` until refused or extinguished."""

    __tablename__ = "qualifications"
    __audit_subject__ = "qualification"
    # one active qualification per household (Z1), even when two proposals race
    __table_args__ = (
        unique_where("uq_qualifications_active_household", "household_id", where="active"),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean)
    resolution_id: Mapped[str] = mapped_column(IdType())
    # membership, contracting, residence, obligations (统筹考虑的四个因素)
    factors: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(2000))
    parcel_id: Mapped[str | None] = mapped_column(IdType())
    reference: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    proposed_at: Mapped[UTCTimestamp]
    confirmed_at: Mapped[UTCTimestamp | None]
    changed_at: Mapped[UTCTimestamp]
