"""Homestead applications and the joint review's opinions — 宅基地申请、联审意见 (DOMAIN Z3).

An approved application is the approval ledger's entry (审批台账): its approval and
planning-permit numbers, the county filing's deadline and late flag, the acceptance.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import CountyCode, UTCTimestamp, unique_where
from common.keys import IdType


class HomesteadApplication(CollectiveScoped, Base):
    __tablename__ = "homestead_applications"
    __audit_subject__ = "homestead_application"
    __table_args__ = (
        # one application under way per household (Z3), even when two windows race
        unique_where("uq_homestead_applications_open_household", "household_id", where="open"),
        # an approval document is issued once in a county (the ledger's key)
        UniqueConstraint("county", "approval_no", name="uq_homestead_applications_approval_no"),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    # indexed here: the township's review queue lists by it
    township: Mapped[str] = mapped_column(String(9), index=True)
    status: Mapped[str] = mapped_column(String(20))
    open: Mapped[bool] = mapped_column(Boolean)
    qualification_id: Mapped[str] = mapped_column(IdType())
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id"))
    return_parcel_id: Mapped[str | None] = mapped_column(IdType())
    area_m2: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    floors: Mapped[int] = mapped_column(Integer)
    height_m: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    in_plan_zone: Mapped[bool] = mapped_column(Boolean)
    in_year_plan: Mapped[bool] = mapped_column(Boolean)
    house_disposed: Mapped[bool] = mapped_column(Boolean)
    resolution_id: Mapped[str | None] = mapped_column(IdType())
    approval_no: Mapped[str | None] = mapped_column(String(100))
    permit_no: Mapped[str | None] = mapped_column(String(100))
    filing_due_at: Mapped[UTCTimestamp | None]
    filing_ref: Mapped[str | None] = mapped_column(String(100))
    filing_late: Mapped[bool] = mapped_column(Boolean, default=False)
    acceptance_no: Mapped[str | None] = mapped_column(String(100))
    built_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    refusal: Mapped[str | None] = mapped_column(String(2000))
    applied_at: Mapped[UTCTimestamp]
    village_reviewed_at: Mapped[UTCTimestamp | None]
    approved_at: Mapped[UTCTimestamp | None]
    filed_at: Mapped[UTCTimestamp | None]
    accepted_at: Mapped[UTCTimestamp | None]


class DepartmentOpinion(Base):
    """One department's opinion in the township joint review (联审联办): agriculture and
    rural affairs, natural resources and planning, housing and construction."""

    __tablename__ = "homestead_opinions"
    __table_args__ = (
        UniqueConstraint("application_id", "department", name="uq_homestead_opinions_department"),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("homestead_applications.id"), index=True)
    department: Mapped[str] = mapped_column(String(30))
    approve: Mapped[bool] = mapped_column(Boolean)
    opinion: Mapped[str] = mapped_column(String(2000))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[UTCTimestamp]


class InspectionSample(Base):
    """The joint inspection's yearly sample of a township's approvals — 联合检查抽查 (Z12):
    drawn once per township and year, deterministically from the recorded ``seed``, so
    anyone can draw it again from the ledger and check it. Findings on a sampled approval
    open a violation case (``cases/``) citing the sample."""

    __tablename__ = "inspection_samples"
    __audit_subject__ = "inspection_sample"
    __table_args__ = (
        UniqueConstraint("township", "year", name="uq_inspection_samples_township_year"),
    )

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    county: Mapped[CountyCode]
    township: Mapped[str] = mapped_column(String(9))
    year: Mapped[int] = mapped_column(Integer)
    seed: Mapped[str] = mapped_column(String(64))
    sample_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    population: Mapped[int] = mapped_column(Integer)
    application_ids: Mapped[list[str]] = mapped_column(JSON)
    drawn_by: Mapped[str] = mapped_column(String(100))
    drawn_at: Mapped[UTCTimestamp]
