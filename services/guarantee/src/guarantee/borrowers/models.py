"""Borrower files — 建档立卡 (DOMAIN G1, G2, G5)."""

from __future__ import annotations

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, UTCTimestamp
from common.keys import new_id
from guarantee.db import Base


class Borrower(Base):
    """One digital file per borrower — 电子档案, from a village survey sheet (摸底表)."""

    __tablename__ = "borrowers"
    #: the decision log's subject type (X2)
    __audit_subject__ = "borrower"
    __table_args__ = (UniqueConstraint("county", "party_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    county: Mapped[CountyCode] = mapped_column(index=True)
    township_id: Mapped[str] = mapped_column(String(32), index=True)
    village: Mapped[str] = mapped_column(String(100))
    party_id: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))  # G1 borrower class
    phone: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(String(32))  # G2 purpose
    main_business: Mapped[str] = mapped_column(String(200))
    haves: Mapped[dict[str, bool]] = mapped_column(JSON)  # the six haves (六有)
    category: Mapped[str] = mapped_column(String(20))
    category_by_rule: Mapped[str] = mapped_column(String(20))
    override_reason: Mapped[str | None] = mapped_column(Text)
    import_batch: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[UTCTimestamp]
    updated_at: Mapped[UTCTimestamp]
    #: G18 服务周期转换: set when a guarantee of this borrower is repaid; the file must be
    #: updated (a re-import) before the borrower is recommended again.
    renewal_due_at: Mapped[UTCTimestamp | None]
