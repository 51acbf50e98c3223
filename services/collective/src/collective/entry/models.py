"""入市 before the trade — 入市方案、年度供应计划、部门联审 (DOMAIN E1–E6, E14).

One row per entry plan (the collective's plan for one parcel, with its seller, survey,
terms, reserve and adjusted users), one per county and year for the supply plan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import CountyCode, Fen, UTCTimestamp
from common.intermediaries import RegisteredIntermediary
from common.keys import IdType


class SupplyPlan(Base):
    """The county's annual supply plan of collective commercial construction land (E4):
    area in m² per use; entry plans draw on it."""

    __tablename__ = "entry_supply_plans"
    __audit_subject__ = "entry_supply_plan"
    __table_args__ = (UniqueConstraint("county", "year", name="uq_entry_supply_plans_year"),)

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    county: Mapped[CountyCode]
    year: Mapped[int] = mapped_column(Integer)
    quotas_m2: Mapped[dict[str, str]] = mapped_column(JSON)
    reference: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class EntryPlan(CollectiveScoped, Base):
    """A collective's 入市 plan for one parcel (E1 seller, E2 survey, E3 decision, E5
    reserve, E6 way and term, E14 adjusted users), then the joint review (E4)."""

    __tablename__ = "entry_plans"
    __audit_subject__ = "entry_plan"
    __table_args__ = (UniqueConstraint("county", "parcel_number", name="uq_entry_plans_parcel"),)

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    # E1 入市主体
    owner_level: Mapped[str] = mapped_column(String(10))
    seller: Mapped[dict[str, Any]] = mapped_column(JSON)
    # E2 摸底调查
    parcel_number: Mapped[str] = mapped_column(String(40))
    survey: Mapped[dict[str, Any]] = mapped_column(JSON)
    area_m2: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    # E3, E6 terms
    way: Mapped[str] = mapped_column(String(30))
    trading_method: Mapped[str] = mapped_column(String(20))
    land_use: Mapped[str] = mapped_column(String(30))
    term_years: Mapped[int] = mapped_column(Integer)
    lease_years: Mapped[int | None] = mapped_column(Integer)
    planning_conditions: Mapped[str] = mapped_column(Text)
    # E7 the conditions' source by the parcel's boundary (null: a plan recorded before E7)
    inside_urban_development_boundary: Mapped[bool | None] = mapped_column(Boolean)
    planning_source: Mapped[str | None] = mapped_column(String(20))
    planning_reference: Mapped[str | None] = mapped_column(String(200))
    resolution_id: Mapped[str] = mapped_column(IdType())
    members_choice: Mapped[str] = mapped_column(String(20))
    retention_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    # E5 底价
    reserve_price_fen: Mapped[Fen]
    appraisal: Mapped[dict[str, Any]] = mapped_column(JSON)
    reserve_below_appraisal: Mapped[bool] = mapped_column(Boolean, default=False)
    # E14 adjusted users
    users: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # E4 joint review and the supply plan
    supply_plan_id: Mapped[str | None] = mapped_column(ForeignKey("entry_supply_plans.id"))
    opinions: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON, default=dict)
    decided_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[UTCTimestamp]
    cleared_at: Mapped[UTCTimestamp | None]


class RegisteredAppraiser(RegisteredIntermediary, Base):
    """An appraiser of listing's intermediary register as this service follows it
    (``listing.intermediary_changed``, L20): E5 checks an appraisal's licence here. The
    columns and the follow step are libs/common's (``common.intermediaries``), shared with
    the registry (R6) and bidding (B4)."""

    __tablename__ = "registered_appraisers"
