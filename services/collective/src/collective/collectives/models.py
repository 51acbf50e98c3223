"""Collective economic organizations, households and their members — 集体经济组织、农户、成员.

The roster the homestead rules (Z1, Z2) work on. A person belongs to one household, so to
one collective at a time (Z1: 一人一集体); members are never deleted: one who leaves (成员身份
丧失) keeps the row with the date, the cause and its document, and may be enrolled again
elsewhere.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.columns import CountyCode, UTCTimestamp, unique_where
from common.keys import BigId, IdType


class Collective(Base):
    """A village (or group) collective economic organization; its id is the organization
    id its village homestead officer's token names (``collective:<id>``)."""

    __tablename__ = "collectives"
    __audit_subject__ = "collective"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[CountyCode] = mapped_column(index=True)
    township: Mapped[str] = mapped_column(String(9), index=True)
    created_at: Mapped[UTCTimestamp]


class CollectiveScoped:
    """The columns that place a row in its collective — 所属集体: the collective it belongs to,
    and that collective's county and township copied onto the row, so the X3 scope checks
    (``common.access``) and the county's lists filter without a join."""

    collective_id: Mapped[str] = mapped_column(ForeignKey("collectives.id"), index=True)
    county: Mapped[CountyCode]
    township: Mapped[str] = mapped_column(String(9))


class Household(CollectiveScoped, Base):
    """A farmer household (农户), the unit of homestead qualification (以农户为单位, Z1)."""

    __tablename__ = "households"
    __audit_subject__ = "household"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    head_party_id: Mapped[str] = mapped_column(String(18))
    address: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[UTCTimestamp]


class HouseholdMember(Base):
    """One person of a household; ``confirmed`` when the collective confirmed membership
    (成员身份确认, with its reference)."""

    __tablename__ = "household_members"
    # one collective per person (Z1): a person is on one household's current roll
    __table_args__ = (
        unique_where("uq_household_members_current_party", "party_id", where="left_at IS NULL"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    party_id: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(100))
    adult: Mapped[bool] = mapped_column(Boolean)
    confirmed: Mapped[bool] = mapped_column(Boolean)
    membership_ref: Mapped[str | None] = mapped_column(String(100))
    left_at: Mapped[UTCTimestamp | None]
    left_cause: Mapped[str | None] = mapped_column(String(30))
    left_ref: Mapped[str | None] = mapped_column(String(100))
