"""Collective decision records — 四议两公开 (DOMAIN X5).

A resolution of a collective keeps its four deliberations in order (``resolution_steps``),
its publicity and the objections raised during it; other services cite it by id.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import UTCTimestamp
from common.keys import BigId, IdType


class Resolution(CollectiveScoped, Base):
    __tablename__ = "resolutions"
    __audit_subject__ = "resolution"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    matter: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    # what is decided on (R15: the mortgaged right's certificate no.), cited by the registry
    subject_ref: Mapped[str | None] = mapped_column(String(64))
    # fixed when proposed: a later change of the county's threshold does not move it
    threshold: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    publicity_ends_at: Mapped[UTCTimestamp | None]
    result_summary: Mapped[str | None] = mapped_column(Text)
    result_published_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[UTCTimestamp]


class ResolutionStep(Base):
    """One of the four deliberations (``seq`` 1–4), with its votes and minutes hash."""

    __tablename__ = "resolution_steps"
    __table_args__ = (UniqueConstraint("resolution_id", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    resolution_id: Mapped[str] = mapped_column(ForeignKey("resolutions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(String(200))
    eligible: Mapped[int] = mapped_column(Integer)
    attendance: Mapped[int] = mapped_column(Integer)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    abstained: Mapped[int] = mapped_column(Integer)
    minutes_sha256: Mapped[str] = mapped_column(String(64))
    passed: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class Objection(Base):
    """An objection raised during the resolution's publicity (公示异议)."""

    __tablename__ = "resolution_objections"
    __audit_subject__ = "resolution_objection"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    resolution_id: Mapped[str] = mapped_column(ForeignKey("resolutions.id"), index=True)
    raised_by: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    answer: Mapped[str | None] = mapped_column(Text)
    raised_at: Mapped[UTCTimestamp]
    answered_at: Mapped[UTCTimestamp | None]
