"""Mortgage applications and liens — 抵押登记 (DOMAIN R2–R12)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, Fen, UTCTimestamp
from registry.db import Base


class LienParties:
    """The right mortgaged and the parties to the mortgage — 抵押物与抵押当事人: the
    application names them and the registered lien carries them on unchanged."""

    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    county: Mapped[CountyCode]
    # the bank's organization id; null for a non-bank mortgagee (R23), which has no account
    lender_org_id: Mapped[str | None] = mapped_column(String(64), index=True)
    lender_name: Mapped[str] = mapped_column(String(200))
    # R23: bank, enterprise or person; a non-bank one by its credit code or resident id
    mortgagee_kind: Mapped[str] = mapped_column(String(12), default="bank")
    mortgagee_party_id: Mapped[str | None] = mapped_column(String(18))
    borrower_party_id: Mapped[str] = mapped_column(String(18))
    borrower_name: Mapped[str] = mapped_column(String(100))


class LienApplication(LienParties, Base):
    """A lender's application for lien registration with its R8 materials."""

    __tablename__ = "lien_applications"
    __audit_subject__ = "lien_application"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    loan_amount_fen: Mapped[Fen]
    loan_term_end: Mapped[date] = mapped_column(Date)
    lien_term_end: Mapped[date] = mapped_column(Date)
    loan_contract_no: Mapped[str] = mapped_column(String(64))
    mortgage_contract_no: Mapped[str] = mapped_column(String(64))
    full_civil_capacity: Mapped[bool] = mapped_column(Boolean)
    good_credit: Mapped[bool] = mapped_column(Boolean)
    management_capacity: Mapped[bool] = mapped_column(Boolean, default=False)
    employer_informed: Mapped[bool] = mapped_column(Boolean)
    contractor_consents: Mapped[bool] = mapped_column(Boolean, default=False)
    consenting_co_owners: Mapped[list[str]] = mapped_column(JSON, default=list)
    agent_party_id: Mapped[str | None] = mapped_column(String(18))
    above_normal_reason: Mapped[str | None] = mapped_column(Text)
    # R15: a third party mortgaging its right for the borrower's loan; null = the borrower
    mortgagor_party_id: Mapped[str | None] = mapped_column(String(18))
    mortgagor_name: Mapped[str | None] = mapped_column(String(100))
    land_class: Mapped[str | None] = mapped_column(String(20))
    collective_decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    township_approval_no: Mapped[str | None] = mapped_column(String(64))
    # R16: the applicant class (null: filed before R16, R8's checklist alone)
    applicant_class: Mapped[str | None] = mapped_column(String(30))
    retransferred: Mapped[bool] = mapped_column(Boolean, default=False)
    collateral_realisable: Mapped[bool | None] = mapped_column(Boolean)
    realisability_note: Mapped[str | None] = mapped_column(Text)
    # R20: purpose, rate, reference rate (and its basis), repayment method, other fees
    loan_terms: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # R17: the consent letters per outflow (form, signer, area, originals)
    outflow_consents: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    valuation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    appraised_value_fen: Mapped[Fen | None]
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    refusals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    lien_id: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[UTCTimestamp]


class ApplicationDocument(Base):
    """One R8 material: kind, file (content hash) and uploader."""

    __tablename__ = "lien_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[UTCTimestamp]


class CreditEnhancement(Base):
    """A recorded credit enhancement (R7): interest subsidy, insurance, guarantee."""

    __tablename__ = "credit_enhancements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(200))
    guarantee_id: Mapped[str | None] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[UTCTimestamp]


class Lien(LienParties, Base):
    """A registered lien: annotated on the certificate, published, ranked by time."""

    __tablename__ = "liens"
    __audit_subject__ = "lien"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    application_id: Mapped[str] = mapped_column(String(64))
    secured_amount_fen: Mapped[Fen]
    appraised_value_fen: Mapped[Fen]
    rank: Mapped[int] = mapped_column(Integer)
    term_end: Mapped[date] = mapped_column(Date)
    registered_at: Mapped[UTCTimestamp]
    annotation: Mapped[str] = mapped_column(Text)
    publicity: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="active")
    discharge_reason: Mapped[str | None] = mapped_column(String(20))
    discharged_at: Mapped[UTCTimestamp | None]
    version: Mapped[int] = mapped_column(Integer, default=1)


class LienChange(Base):
    """A registered change of the mortgage contract (R10); overdue after 30 days."""

    __tablename__ = "lien_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lien_id: Mapped[str] = mapped_column(String(64), index=True)
    changed_on: Mapped[date] = mapped_column(Date)
    registered_at: Mapped[UTCTimestamp]
    overdue: Mapped[bool] = mapped_column(Boolean)
    days_late: Mapped[int] = mapped_column(Integer)
    old_amount_fen: Mapped[Fen]
    new_amount_fen: Mapped[Fen]
    old_term_end: Mapped[date] = mapped_column(Date)
    new_term_end: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))


class Compensation(Base):
    """Expropriation compensation (R12): lienholders first, by rank, then the holder."""

    __tablename__ = "compensations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    total_fen: Mapped[Fen]
    payouts: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reference: Mapped[str] = mapped_column(String(200))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[UTCTimestamp]


class IssuedGuarantee(Base):
    """The guarantee service's signed guarantees (``guarantee.guarantee_issued``), a
    projection: a credit enhancement citing a guarantee id is checked against it (R21)."""

    __tablename__ = "issued_guarantees"

    guarantee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[CountyCode]
    borrower_party_id: Mapped[str] = mapped_column(String(18))
    lender_org_id: Mapped[str] = mapped_column(String(64))
    guarantor_org_id: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[Fen]
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[UTCTimestamp]
