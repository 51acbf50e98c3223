"""Paid use — 宅基地有偿使用 (DOMAIN Z9): the collective's fee per class (X5), contracts and
their yearly bills."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import CountyCode, Fen, UTCTimestamp
from common.keys import IdType


class PaidUseFee(CollectiveScoped, Base):
    """A fee per m² per year for one class, set by the collective's X5 decision."""

    __tablename__ = "paid_use_fees"
    __audit_subject__ = "paid_use_fee"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    klass: Mapped[str] = mapped_column(String(30))
    fee_per_m2_fen: Mapped[Fen]
    resolution_id: Mapped[str] = mapped_column(IdType())
    set_at: Mapped[UTCTimestamp]


class PaidUseContract(CollectiveScoped, Base):
    __tablename__ = "paid_use_contracts"
    __audit_subject__ = "paid_use_contract"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"), index=True)
    klass: Mapped[str] = mapped_column(String(30))
    occupant_party_id: Mapped[str] = mapped_column(String(18))
    occupant_name: Mapped[str] = mapped_column(String(100))
    area_m2: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    fee_per_m2_fen: Mapped[Fen]
    start_date: Mapped[date] = mapped_column(Date)
    template_id: Mapped[str] = mapped_column(IdType())
    contract_fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[UTCTimestamp]


class PaidUseBill(Base):
    """The bill of one contract year (按年收取); receipts go to Z11."""

    __tablename__ = "paid_use_bills"
    __audit_subject__ = "paid_use_bill"
    __table_args__ = (UniqueConstraint("contract_id", "year_no", name="uq_paid_use_bills_year"),)

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("paid_use_contracts.id"), index=True)
    collective_id: Mapped[str] = mapped_column(String(64))
    county: Mapped[CountyCode]
    township: Mapped[str] = mapped_column(String(9))
    year_no: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[Fen]
    issued_at: Mapped[UTCTimestamp]
    paid_at: Mapped[UTCTimestamp | None]
    receipt_ref: Mapped[str | None] = mapped_column(String(100))
