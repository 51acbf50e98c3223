"""The lien projection — 抵押权投影: registry's liens as this service follows them, so a
homestead transfer (Z5) and a withdrawal's payout (Z7) can see an active lien."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.db import UTCDateTime


class RightLien(Base):
    """Registry's liens as this service follows them (registry.lien_registered /
    lien_discharged): which homestead certificates carry an active lien."""

    __tablename__ = "right_liens"

    lien_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
