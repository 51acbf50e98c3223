"""Guarantee requests and views (G3–G7)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money, Rate, from_fen


class RecommendationIn(BaseModel):
    """A recommendation list to one bank — 批量推荐尽调项目."""

    lender_org_id: str = Field(min_length=1, max_length=32)
    borrower_ids: list[str] = Field(min_length=1, max_length=500)


class ApprovalIn(BaseModel):
    approve: bool
    fee_rate: Rate | None = Field(None, description="Set by the guarantor (G4: ≤ 1.2%).")
    reason: str = Field("", max_length=1000)


class NoticeIn(BaseModel):
    """Public notice at the township and village (公示) with a complaint phone."""

    complaint_phone: str = Field(pattern=r"^[0-9-]{7,20}$")
    places: str = Field(min_length=1, max_length=300, description="Township and village.")


class ObjectionIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class ResolutionIn(BaseModel):
    upheld: bool = Field(description="True: the objection stands and the application ends.")
    resolution: str = Field(min_length=1, max_length=2000)


class NoteIn(BaseModel):
    note: str = Field("", max_length=1000)


class DrawdownIn(BaseModel):
    amount: Money
    bank_reference: str = Field(min_length=1, max_length=64)


class RepaymentIn(BaseModel):
    principal: Money
    interest: Money = Field(default_factory=lambda: from_fen(0))
    bank_reference: str = Field(min_length=1, max_length=64)


class OverdueIn(BaseModel):
    """Overdue unpaid principal and interest — 逾期未清偿本息 (the G6 basis)."""

    principal: Money
    interest: Money
    bank_reference: str = Field(min_length=1, max_length=64)


class CompensationIn(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


class RecoveryIn(BaseModel):
    recovered: Money
    costs: Money = Field(default_factory=lambda: from_fen(0))
    note: str = Field("", max_length=1000)


class MonitoringIn(BaseModel):
    kind: Literal["visit", "warning", "note"]
    note: str = Field(min_length=1, max_length=4000)


class MonitoringOut(BaseModel):
    id: int
    kind: str
    note: str
    recorded_by: str
    recorded_org: str
    recorded_at: datetime


class ObjectionOut(BaseModel):
    id: str
    text: str
    received_at: datetime
    resolved_at: datetime | None
    resolution: str | None
    upheld: bool | None


class CompensationOut(BaseModel):
    overdue: Money
    guarantor_paid: Money
    county_share: Money
    bank_share: Money
    guarantor_net: Money
    basis: str
    county_payment_status: Literal["paid", "queued"]
    compensated_at: datetime = Field(description="When the guarantor paid the bank (代偿).")
    county_paid_at: datetime | None = Field(
        description="When county finance's share was paid from the reward pool; null while "
        "the payment is queued (G8)."
    )


class RecoveryOut(BaseModel):
    id: int
    recovered: Money
    costs: Money
    to_bank: Money
    to_county: Money
    to_guarantor: Money
    surplus: Money
    recorded_at: datetime


class EntryOut(BaseModel):
    id: int
    kind: str
    principal: Money
    interest: Money
    bank_reference: str
    recorded_at: datetime


class GuaranteeOut(BaseModel):
    id: str
    county: str
    borrower_id: str
    party_id: str
    township_id: str
    lender_org_id: str
    guarantor_org_id: str
    leading_enterprise: bool
    state: str
    amount: Money | None
    loan_rate: str | None
    fee_rate: str | None
    fee: Money | None = Field(
        description="amount × fee_rate, rounded once (G4); set as soon as both are known and "
        "fixed at the contract."
    )
    term_months: int | None
    certificate_no: str | None
    diligence_sha256: str | None
    diligence_truths: dict[str, str] | None = Field(
        None, description="G15: the bank's note on each of the four truths (四个真实)."
    )
    bank_approved: bool
    guarantor_approved: bool
    complaint_phone: str | None
    notice_places: str | None
    notice_starts_at: datetime | None
    notice_ends_at: datetime | None
    issued_at: datetime | None
    drawn: Money = Field(description="Derived from the bank's entries.")
    repaid: Money
    outstanding: Money
    overdue: Money
    objections: list[ObjectionOut] = []
    entries: list[EntryOut] = []
    compensation: CompensationOut | None = None
    recoveries: list[RecoveryOut] = []
    monitoring: list[MonitoringOut] = []
