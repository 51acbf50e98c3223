"""Homestead transfers inside the collective — 宅基地转让、赠与、互换 (DOMAIN Z5); a swap is
two rows sharing ``swap_id``, written in one transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import Fen, UTCTimestamp
from common.keys import IdType


class HomesteadTransfer(CollectiveScoped, Base):
    __tablename__ = "homestead_transfers"
    __audit_subject__ = "homestead_transfer"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    swap_id: Mapped[str | None] = mapped_column(IdType(), index=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"), index=True)
    from_household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    to_household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    price_fen: Mapped[Fen]
    surplus: Mapped[bool] = mapped_column(Boolean)
    declaration_ref: Mapped[str] = mapped_column(String(100))
    resolution_id: Mapped[str] = mapped_column(IdType())
    residence_proof: Mapped[str | None] = mapped_column(String(200))
    consents: Mapped[list[str]] = mapped_column(JSON)
    template_id: Mapped[str] = mapped_column(IdType())
    contract_fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_at: Mapped[UTCTimestamp]
