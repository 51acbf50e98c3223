"""Collective economic organizations and their members — 集体经济组织成员 (L10, L11, R4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, FollowedCase, UTCTimestamp
from registry.db import Base


class Collective(Base):
    __tablename__ = "collectives"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[CountyCode] = mapped_column(index=True)
    township: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[UTCTimestamp]


class Member(Base):
    """A member; ``member`` false once they leave (kept, never deleted)."""

    __tablename__ = "collective_members"
    __table_args__ = (UniqueConstraint("collective_id", "party_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    collective_id: Mapped[str] = mapped_column(String(64), index=True)
    party_id: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(100))
    member: Mapped[bool] = mapped_column(Boolean, default=True)
    homestead_qualified: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[UTCTimestamp]


class CaseFlag(FollowedCase, Base):
    """A dispute (X6) or violation (Z12) case of the collective service as registry follows
    it (``collective.case_changed``): while ``flags`` the right ``certificate_no`` is
    disputed or its parcel in violation, and no lien is registered on it."""

    __tablename__ = "collective_cases"

    # the registry also keeps which flag the case sets and the parcel of a violation case
    flag: Mapped[str] = mapped_column(String(20))
    parcel_id: Mapped[str | None] = mapped_column(String(64))


class PassedResolution(Base):
    """A collective's effective decision as the registry follows it
    (``collective.resolution_passed``, X5): R15 verifies the cited resolution here — its
    collective, matter, subject and final vote — instead of numbers typed by the lender."""

    __tablename__ = "passed_resolutions"

    resolution_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    collective_id: Mapped[str] = mapped_column(String(64))
    county: Mapped[CountyCode]
    matter: Mapped[str] = mapped_column(String(40))
    subject_ref: Mapped[str | None] = mapped_column(String(64))
    threshold: Mapped[str] = mapped_column(String(40))
    entitled: Mapped[int] = mapped_column(Integer)
    votes_for: Mapped[int] = mapped_column(Integer)
    voted_on: Mapped[date] = mapped_column(Date)
    effective_at: Mapped[UTCTimestamp]
