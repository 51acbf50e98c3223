"""The lien projection — 抵押权投影: registry's liens as this service follows them, so a
homestead transfer (Z5) and a withdrawal's payout (Z7) can see an active lien; and the
right flags projection — 争议/查封: registry's dispute and seizure flags (Z7)."""

from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.columns import UTCTimestamp


class RightLien(Base):
    """Registry's liens as this service follows them (registry.lien_registered /
    lien_discharged): which homestead certificates carry an active lien."""

    __tablename__ = "right_liens"

    lien_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[UTCTimestamp]


class RightFlag(Base):
    """Registry's dispute and seizure flags as this service follows them
    (``registry.right_flagged``): one row per certificate and flag, its latest state.
    A seized (查封) or disputed right is neither transferred (Z5) nor withdrawn (Z7)."""

    __tablename__ = "right_flags"

    certificate_no: Mapped[str] = mapped_column(String(64), primary_key=True)
    flag: Mapped[str] = mapped_column(String(16), primary_key=True)
    set: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[UTCTimestamp]
