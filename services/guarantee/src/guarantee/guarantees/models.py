"""Guarantees and their loans — 担保项目与贷款 (DOMAIN G3–G7)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, Fen, UTCTimestamp
from common.keys import BigId, new_id
from guarantee.db import Base


class Guarantee(Base):
    """A Quangengdai guarantee from recommendation to closure — 劝耕贷担保项目."""

    __tablename__ = "guarantees"
    #: the decision log's subject type (X2)
    __audit_subject__ = "guarantee"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    county: Mapped[CountyCode] = mapped_column(index=True)
    borrower_id: Mapped[str] = mapped_column(ForeignKey("borrowers.id"), index=True)
    party_id: Mapped[str] = mapped_column(String(18), index=True)
    township_id: Mapped[str] = mapped_column(String(32), index=True)
    lender_org_id: Mapped[str] = mapped_column(String(32), index=True)
    guarantor_org_id: Mapped[str] = mapped_column(String(32), index=True)
    leading_enterprise: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(32))
    amount_fen: Mapped[Fen | None]
    loan_rate: Mapped[str | None] = mapped_column(String(16))
    fee_rate: Mapped[str | None] = mapped_column(String(16))
    fee_fen: Mapped[Fen | None]
    term_months: Mapped[int | None]
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    diligence_sha256: Mapped[str | None] = mapped_column(String(64))
    diligence_filename: Mapped[str | None] = mapped_column(String(200))
    diligence_summary: Mapped[str | None] = mapped_column(Text)
    #: G15 四个真实: identity, information, purpose, operation → the bank's note on each
    diligence_truths: Mapped[dict[str, str] | None] = mapped_column(JSON)
    bank_approved_by: Mapped[str | None] = mapped_column(String(100))
    guarantor_approved_by: Mapped[str | None] = mapped_column(String(100))
    complaint_phone: Mapped[str | None] = mapped_column(String(32))
    notice_places: Mapped[str | None] = mapped_column(String(300))
    notice_starts_at: Mapped[UTCTimestamp | None]
    notice_ends_at: Mapped[UTCTimestamp | None]
    notice_elapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_at: Mapped[UTCTimestamp | None]
    created_at: Mapped[UTCTimestamp]
    updated_at: Mapped[UTCTimestamp]


class Objection(Base):
    """An objection received during the public notice — 公示异议."""

    __tablename__ = "objections"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    guarantee_id: Mapped[str] = mapped_column(ForeignKey("guarantees.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[UTCTimestamp]
    recorded_by: Mapped[str] = mapped_column(String(100))
    resolved_at: Mapped[UTCTimestamp | None]
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolution: Mapped[str | None] = mapped_column(Text)
    upheld: Mapped[bool | None] = mapped_column(Boolean)


class LoanEntry(Base):
    """A bank's report on the loan — 放款/还款/逾期; balances are derived from these."""

    __tablename__ = "loan_entries"
    __table_args__ = (UniqueConstraint("guarantee_id", "bank_reference"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    guarantee_id: Mapped[str] = mapped_column(ForeignKey("guarantees.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # drawdown | repayment | overdue
    principal_fen: Mapped[Fen]
    interest_fen: Mapped[Fen]
    bank_reference: Mapped[str] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class CompensationRecord(Base):
    """The compensation of a default — 代偿 (G6); one per guarantee."""

    __tablename__ = "compensations"

    guarantee_id: Mapped[str] = mapped_column(ForeignKey("guarantees.id"), primary_key=True)
    overdue_fen: Mapped[Fen]
    guarantor_paid_fen: Mapped[Fen]
    county_share_fen: Mapped[Fen]
    bank_share_fen: Mapped[Fen]
    guarantor_net_fen: Mapped[Fen]
    basis: Mapped[str] = mapped_column(String(16))
    county_payment_id: Mapped[str | None] = mapped_column(String(32))
    paid_by: Mapped[str] = mapped_column(String(100))
    paid_at: Mapped[UTCTimestamp]


class Recovery(Base):
    """One recovery and its distribution — 追偿分配 (G7)."""

    __tablename__ = "recoveries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    guarantee_id: Mapped[str] = mapped_column(ForeignKey("guarantees.id"), index=True)
    recovered_fen: Mapped[Fen]
    costs_fen: Mapped[Fen]
    to_bank_fen: Mapped[Fen]
    to_county_fen: Mapped[Fen]
    to_guarantor_fen: Mapped[Fen]
    surplus_fen: Mapped[Fen]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class MonitoringRecord(Base):
    """Post-loan monitoring shared by all parties — 贷后管理 (G5): visits, warnings, notes."""

    __tablename__ = "monitoring_records"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    guarantee_id: Mapped[str] = mapped_column(ForeignKey("guarantees.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # visit | warning | note
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_org: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[UTCTimestamp]


class ArrearsRestriction(Base):
    """A borrower restricted for a calendar year by unpaid overdue amounts — 欠款限制 (G12).

    Made when an overdue is reported, and again at each new year while the borrower is
    still in arrears; never removed (the year ends it)."""

    __tablename__ = "arrears_restrictions"
    __audit_subject__ = "arrears_restriction"
    __table_args__ = (UniqueConstraint("party_id", "year"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    party_id: Mapped[str] = mapped_column(String(18), index=True)
    year: Mapped[int] = mapped_column(Integer)
    guarantee_id: Mapped[str] = mapped_column(String(32))
    since: Mapped[UTCTimestamp]
