"""Dispute cases (X6) and violation cases (Z12) — 纠纷案件与违法用地案件.

A case names the object it is about; while it is open the object is flagged in every
service (``collective.case_changed``): an open ownership dispute keeps it ``disputed``
(X6), an open violation case keeps its parcel ``violation`` (Z12).
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import UTCTimestamp
from common.keys import IdType


class DisputeCase(CollectiveScoped, Base):
    """A dispute on a right, lien, listing, parcel or homestead transfer (X6); ``stage``
    moves negotiation → mediation → arbitration → court, and ``closed`` needs an outcome."""

    __tablename__ = "dispute_cases"
    __audit_subject__ = "dispute_case"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    object_type: Mapped[str] = mapped_column(String(20))
    object_ref: Mapped[str] = mapped_column(String(64), index=True)
    certificate_no: Mapped[str | None] = mapped_column(String(64), index=True)
    parcel_id: Mapped[str | None] = mapped_column(ForeignKey("parcels.id"), index=True)
    ownership: Mapped[bool] = mapped_column(Boolean)
    claimant: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20))
    mediator: Mapped[str | None] = mapped_column(String(20))
    case_number: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_ref: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[UTCTimestamp]
    changed_at: Mapped[UTCTimestamp]


class ViolationCase(CollectiveScoped, Base):
    """A finding of the joint inspection on a parcel (Z12); closing needs a decision
    document (处理决定书)."""

    __tablename__ = "violation_cases"
    __audit_subject__ = "violation_case"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"), index=True)
    certificate_no: Mapped[str | None] = mapped_column(String(64), index=True)
    inspection_ref: Mapped[str] = mapped_column(String(100))
    finding: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    decision_ref: Mapped[str | None] = mapped_column(String(100))
    decision: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[UTCTimestamp]
    changed_at: Mapped[UTCTimestamp]
