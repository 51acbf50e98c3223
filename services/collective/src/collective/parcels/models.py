"""Homestead parcels — 宅基地宗地台账 (DOMAIN Z2), one row per parcel (以宗为单位)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import UTCTimestamp
from common.keys import IdType


class Parcel(CollectiveScoped, Base):
    __tablename__ = "parcels"
    __audit_subject__ = "parcel"
    # a parcel is recorded once, so it can never stand on two households (Z2)
    __table_args__ = (UniqueConstraint("county", "number", name="uq_parcels_county_number"),)

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), index=True)
    location: Mapped[str] = mapped_column(String(200))
    area_m2: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    origin: Mapped[str] = mapped_column(String(20))
    approval_ref: Mapped[str | None] = mapped_column(String(100))
    house_type: Mapped[str | None] = mapped_column(String(40))
    use: Mapped[str] = mapped_column(String(20))
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    violation: Mapped[bool] = mapped_column(Boolean, default=False)
    violation_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    resolution_id: Mapped[str | None] = mapped_column(IdType())
    recorded_at: Mapped[UTCTimestamp]
    finalised_at: Mapped[UTCTimestamp | None]


class ParcelLease(Base):
    """A lease of an idle homestead traded through the exchange (Z6, L24) — 闲置宅基地出租 —
    as registry recorded it (``registry.right_transferred``, way ``lease``): the parcel is
    ``leased`` until the term ends, the household keeps the qualification (Z1). Keyed by
    the lease's certificate, so a redelivered event changes nothing."""

    __tablename__ = "parcel_leases"
    __audit_subject__ = "parcel_lease"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"), index=True)
    certificate_no: Mapped[str] = mapped_column(String(64))
    listing_id: Mapped[str | None] = mapped_column(String(64))
    lessee_party_id: Mapped[str] = mapped_column(String(64))
    lessee_name: Mapped[str] = mapped_column(String(100))
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    previous_use: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[UTCTimestamp]
    ended_at: Mapped[UTCTimestamp | None]
