"""The rights ledger — 权利登记簿 (DOMAIN R1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, Fen, UTCTimestamp
from registry.db import Base


class Right(Base):
    """A right as the ledger knows it now; every version is also in ``right_history``."""

    __tablename__ = "rights"
    __audit_subject__ = "right"
    __audit_key__ = "certificate_no"  # the trail follows a right by its certificate

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    certificate_no: Mapped[str] = mapped_column(String(64), unique=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    township: Mapped[str] = mapped_column(String(16))
    collective_id: Mapped[str | None] = mapped_column(String(64))
    right_type: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(20))
    holder_party_id: Mapped[str] = mapped_column(String(18), index=True)
    holder_name: Mapped[str] = mapped_column(String(100))
    co_owners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    location: Mapped[str] = mapped_column(String(300))
    area_mu: Mapped[str] = mapped_column(String(24))
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    transfer_contract_no: Mapped[str | None] = mapped_column(String(64))
    contractor_party_id: Mapped[str | None] = mapped_column(String(18))
    contractor_name: Mapped[str | None] = mapped_column(String(100))
    via_collective: Mapped[bool] = mapped_column(Boolean, default=False)
    annual_rent_per_mu_fen: Mapped[Fen | None]
    rent_paid_until: Mapped[date | None] = mapped_column(Date)
    parent_certificate_no: Mapped[str | None] = mapped_column(String(64))
    # R17: each contractor's outflow in a right assembled from several
    outflows: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    seized: Mapped[bool] = mapped_column(Boolean, default=False)
    expropriation: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[UTCTimestamp]
    updated_at: Mapped[UTCTimestamp]


class RightHistory(Base):
    """Append-only: one row per version of a right (who, when, why, the whole record)."""

    __tablename__ = "right_history"
    __table_args__ = (UniqueConstraint("certificate_no", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[UTCTimestamp]
    reason: Mapped[str | None] = mapped_column(Text)


class RightFlagChange(Base):
    """A flag set or cleared — 争议/查封/征收范围 — with who, when and why."""

    __tablename__ = "right_flag_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    flag: Mapped[str] = mapped_column(String(20))
    set: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    authority_ref: Mapped[str | None] = mapped_column(String(200))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[UTCTimestamp]


class RightTransfer(Base):
    """A completed trade recorded in the ledger (R1, B6); one per trade."""

    __tablename__ = "right_transfers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    trade_id: Mapped[str] = mapped_column(String(64), unique=True)
    listing_id: Mapped[str] = mapped_column(String(64))
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    new_certificate_no: Mapped[str | None] = mapped_column(String(64))
    way: Mapped[str] = mapped_column(String(20))
    from_party_id: Mapped[str] = mapped_column(String(18))
    to_party_id: Mapped[str] = mapped_column(String(18))
    to_name: Mapped[str] = mapped_column(String(100))
    price_fen: Mapped[Fen]
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    transferred_at: Mapped[UTCTimestamp]


class RecordedInterest(Base):
    """A party with a recorded interest in a right (may obtain a search certificate)."""

    __tablename__ = "recorded_interests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    party_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[UTCTimestamp]


class SearchCertificate(Base):
    """An issued search certificate — 查询证明 — kept as issued."""

    __tablename__ = "search_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    issued_to: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[UTCTimestamp]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)


class TransactionCertificate(Base):
    """A 交易鉴证书 (L19) as the registry follows bidding's register of them
    (``bidding.transaction_certificate_changed``): an R18 filing that cites one is checked
    here — known, valid, the same parties and right."""

    __tablename__ = "transaction_certificates"

    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    number: Mapped[str] = mapped_column(String(64), index=True)
    trade_id: Mapped[str] = mapped_column(String(64))
    listing_id: Mapped[str] = mapped_column(String(64))
    # the certificate's status at bidding (valid, superseded, revoked): a followed fact,
    # not a state of the registry's own (no state machine moves it here)
    validity: Mapped[str] = mapped_column(String(16))
    right_certificate_no: Mapped[str | None] = mapped_column(String(64))
    seller_party_id: Mapped[str] = mapped_column(String(18))
    buyer_party_id: Mapped[str] = mapped_column(String(18))
    price_fen: Mapped[Fen]
    changed_at: Mapped[UTCTimestamp]
