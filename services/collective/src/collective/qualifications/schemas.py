"""Requests and views of the qualification register — 资格权登记 (Z1)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Factors(BaseModel):
    """The four factors weighed together (统筹考虑): membership, land contracting,
    residence and the obligations fulfilled."""

    membership: bool
    contracting: bool
    residence: bool
    obligations: bool


class ProposalIn(BaseModel):
    household_id: str = Field(min_length=1, max_length=32)
    resolution_id: str = Field(
        min_length=1, max_length=32, description="The collective's X5 recognition resolution."
    )
    factors: Factors
    note: str | None = Field(None, max_length=2000)


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class RealizeIn(BaseModel):
    parcel_id: str = Field(min_length=1, max_length=32, description="The homestead allocated.")
    approval_ref: str = Field(min_length=1, max_length=100, description="宅基地批准书 number.")


class RealizeOtherIn(BaseModel):
    reference: str = Field(
        min_length=1, max_length=100, description="How it was realized otherwise (e.g. a flat)."
    )


class WithdrawalIn(BaseModel):
    reference: str = Field(min_length=1, max_length=100, description="The withdrawal agreement.")
    retain: bool = Field(True, description="Qualification retained (default) or extinguished.")


class RegainIn(BaseModel):
    resolution_id: str = Field(min_length=1, max_length=32)


class QualificationOut(BaseModel):
    id: str
    household_id: str
    collective_id: str
    county: str
    township: str
    status: str
    qualified: bool
    active: bool
    resolution_id: str
    factors: Factors
    note: str | None
    parcel_id: str | None
    reference: str | None
    version: int
    proposed_at: datetime
    confirmed_at: datetime | None
    changed_at: datetime
