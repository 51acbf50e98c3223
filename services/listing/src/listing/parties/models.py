"""Local projections of other services' facts about parties (L10, L11, L13), the
intermediary register and the party register (L20)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, UTCTimestamp
from listing.db import Base


class Restriction(Base):
    """A party that may not register as a buyer — 禁入/黑名单 (L13, G11).

    ``source`` is ``guarantee`` (the G11 blacklist, projected from its events) or
    ``centre`` (barred by the exchange centre for prohibited conduct, L13).
    ``county`` scopes a bar: the county whose centre barred the party, the only one
    that may lift it and the only one where it restricts. A blacklist entry restricts
    everywhere (一处失信、处处受限), so its county is empty.
    """

    __tablename__ = "restrictions"

    party_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    source: Mapped[str] = mapped_column(String(20), primary_key=True)
    county: Mapped[CountyCode] = mapped_column(primary_key=True, server_default="")
    name: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[UTCTimestamp]


class CollectiveMember(Base):
    """Membership of a collective economic organization — 集体经济组织成员 (L10, L11)."""

    __tablename__ = "collective_members"

    collective_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    party_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    collective_name: Mapped[str] = mapped_column(String(200))
    county: Mapped[CountyCode]
    township: Mapped[str] = mapped_column(String(9))
    name: Mapped[str] = mapped_column(String(100))
    member: Mapped[bool] = mapped_column(Boolean)
    homestead_qualified: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[UTCTimestamp]


class Intermediary(Base):
    """An intermediary in the county's register — 中介机构登记备案 (L20): an agent, appraiser,
    auctioneer, bank, insurer or guarantor, with its licence and validity."""

    __tablename__ = "intermediaries"
    __audit_subject__ = "intermediary"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    party_id: Mapped[str] = mapped_column(String(18))
    licence_no: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[UTCTimestamp]


class Party(Base):
    """A party filed once in the centre's register — 交易主体登记 (L20): a person (resident
    identity number) or an organization (unified social credit code), validated. A listing
    or buyer registration (L6) may cite it instead of retyping; the record copies the
    details it used, so a later change here does not rewrite it."""

    __tablename__ = "parties"
    __audit_subject__ = "party"
    __audit_key__ = "party_id"

    party_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # person | organization
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(300))
    county: Mapped[CountyCode] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[UTCTimestamp]
