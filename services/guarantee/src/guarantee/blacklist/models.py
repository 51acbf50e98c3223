"""Blacklist — 失信黑名单 (DOMAIN G11)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, UTCTimestamp, unique_where
from common.keys import BigId
from guarantee.db import Base


class BlacklistEntry(Base):
    """One listing of a party; cleared by recording who cleared it and why (kept forever).

    ``listed_by_org`` is the organization that listed it (``type:id``, as in the audit
    trail); only it, or the authority of the county where it was listed, clears it.
    """

    __tablename__ = "blacklist"
    # at most one standing entry per party, even when two staff decide at once
    __table_args__ = (
        unique_where("uq_blacklist_active_party", "party_id", where="cleared_at IS NULL"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    party_id: Mapped[str] = mapped_column(String(18), index=True)
    party_name: Mapped[str] = mapped_column(String(100))
    county: Mapped[CountyCode | None]
    listed_by_org: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[UTCTimestamp]
    cleared_by: Mapped[str | None] = mapped_column(String(100))
    cleared_at: Mapped[UTCTimestamp | None]
    cleared_reason: Mapped[str | None] = mapped_column(Text)
