"""Model contracts — 示范合同 (DOMAIN Z14): county-versioned templates with their required
fields; every Z5–Z9 record cites one version."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.columns import CountyCode, UTCTimestamp
from common.keys import IdType


class ModelContract(Base):
    __tablename__ = "model_contracts"
    __audit_subject__ = "model_contract"
    __table_args__ = (
        UniqueConstraint("county", "kind", "version", name="uq_model_contracts_version"),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    required_fields: Mapped[list[str]] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date)
    created_at: Mapped[UTCTimestamp]
