"""入市后监管 — permits (E7) and the tripartite supervision (E10): inputs and outputs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.money import Money

#: E7 the permits: outside the urban development boundary 乡村建设规划许可证; inside it
#: 建设用地规划许可证 and 建设工程规划许可证 (003 「加强规划许可管理」)
PermitKind = Literal["rural_construction_planning", "land_use_planning", "works_planning"]


class PermitIn(BaseModel):
    """A permit issued for the land (E7)."""

    model_config = ConfigDict(extra="forbid")

    kind: PermitKind
    number: str = Field(min_length=1, max_length=100)
    issued_on: date
    issuer: str = Field(min_length=1, max_length=200)


class ChecklistIn(BaseModel):
    """The tripartite checklist (三方监管事项清单, E10), drawn up by the government side."""

    model_config = ConfigDict(extra="forbid")

    start_by: date = Field(description="The agreed construction start date (约定动工日期).")
    complete_by: date = Field(description="The agreed completion date (约定竣工日期).")
    land_use: str = Field(min_length=1, max_length=30)
    environment_terms: str = Field(min_length=1, max_length=2000)
    industry_terms: str = Field(min_length=1, max_length=2000)
    rental_housing_terms: str | None = Field(
        None, max_length=2000, description="Required for affordable rental housing (E8)."
    )


class SignaturesIn(BaseModel):
    """The collective's signature and the user's (土地使用权人), recorded by the village
    officer from the signed agreement."""

    model_config = ConfigDict(extra="forbid")

    user_signer: str = Field(min_length=1, max_length=200)
    user_signed_on: date


class DeclarationIn(BaseModel):
    """The user's declaration (开发利用申报): construction started or completed."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["start", "completion"]
    declared_on: date
    notes: str = Field("", max_length=2000)


class PatrolIn(BaseModel):
    """A patrol (动态巡查) and what it found."""

    model_config = ConfigDict(extra="forbid")

    patrolled_on: date
    compliant: bool
    findings: str = Field(min_length=1, max_length=2000)


class RecoveryIn(BaseModel):
    """The land recovered (收回): idle (after the recovery is due, no compensation) or
    early for public facilities (公共设施和公益事业, reasonable compensation)."""

    model_config = ConfigDict(extra="forbid")

    reason: Literal["idle", "public_interest"]
    decision_ref: str = Field(min_length=1, max_length=100)
    compensation: Money | None = None


class PermitOut(BaseModel):
    kind: str
    number: str
    issued_on: date
    issuer: str
    recorded_at: datetime


class RecordOut(BaseModel):
    kind: str
    on: date
    notes: str
    compliant: bool | None
    recorded_at: datetime


class SupervisionOut(BaseModel):
    """A deal's permits (E7) and supervision (E10): which permits are still missing,
    the checklist, its signatures, declarations and patrols, the idle-land state."""

    deal_id: str
    permits: list[PermitOut]
    permits_required: list[str]
    permits_missing: list[str]
    status: str | None
    checklist: dict[str, object] | None
    signatures: dict[str, dict[str, object]] | None
    started_on: date | None
    completed_on: date | None
    idle_fee: Decimal | None
    idle_fee_at: datetime | None
    recovery_due_at: datetime | None
    recovered: dict[str, object] | None
    records: list[RecordOut]
