"""Withdrawals and the lien projection — 宅基地退出、抵押登记投影 (DOMAIN Z7)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import Fen, UTCTimestamp, unique_where
from common.keys import IdType


class Withdrawal(CollectiveScoped, Base):
    __tablename__ = "homestead_withdrawals"
    __audit_subject__ = "homestead_withdrawal"
    __table_args__ = (
        # one withdrawal under way per parcel
        unique_where("uq_homestead_withdrawals_open_parcel", "parcel_id", where="status <> 'paid'"),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"))
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(10))
    urban_residence_proof: Mapped[str] = mapped_column(String(200))
    consents: Mapped[list[str]] = mapped_column(JSON)
    lienholder_consent: Mapped[str | None] = mapped_column(String(200))
    resolution_id: Mapped[str | None] = mapped_column(IdType())
    land_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    building_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    compensation_fen: Mapped[Fen | None]
    agreement_no: Mapped[str | None] = mapped_column(String(100))
    template_id: Mapped[str | None] = mapped_column(IdType())
    contract_fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    payer: Mapped[str | None] = mapped_column(String(20))
    payment_ref: Mapped[str | None] = mapped_column(String(100))
    retain: Mapped[bool] = mapped_column(Boolean)
    applied_at: Mapped[UTCTimestamp]
    paid_at: Mapped[UTCTimestamp | None]
