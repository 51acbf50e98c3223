"""Inheritance of a homestead house — 农房继承 (DOMAIN Z8): the heirs waive for payment
(collective recovery), a member heir inherits, or a non-member heir keeps the house with
a paid-use contract (Z9) for the land."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import Fen, UTCTimestamp
from common.keys import IdType


class Inheritance(CollectiveScoped, Base):
    __tablename__ = "inheritances"
    __audit_subject__ = "inheritance"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"), index=True)
    from_household_id: Mapped[str] = mapped_column(IdType())
    deceased_party_id: Mapped[str] = mapped_column(String(18))
    death_ref: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(20))
    heirs: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    waivers: Mapped[list[str]] = mapped_column(JSON)
    heir_household_id: Mapped[str | None] = mapped_column(IdType())
    heir_party_id: Mapped[str | None] = mapped_column(String(18))
    paid_use_contract_id: Mapped[str | None] = mapped_column(IdType())
    compensation_fen: Mapped[Fen | None]
    agreement_ref: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]
