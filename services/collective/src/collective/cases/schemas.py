"""Requests and views of dispute (X6) and violation (Z12) cases — 纠纷与违法用地案件."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ObjectType = Literal["right", "lien", "listing", "parcel", "homestead_transfer"]


class DisputeIn(BaseModel):
    collective_id: str = Field(min_length=1, max_length=64)
    object_type: ObjectType
    object_ref: str = Field(
        min_length=1,
        max_length=64,
        description="The object's id: a certificate number, lien, listing or parcel id.",
    )
    certificate_no: str | None = Field(
        None, max_length=64, description="The registry right concerned, when there is one."
    )
    parcel_id: str | None = Field(None, max_length=64, description="The homestead concerned.")
    ownership: bool = Field(
        True, description="An ownership case (权属争议) keeps the object disputed while open."
    )
    claimant: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=2000)


class EscalateIn(BaseModel):
    mediator: Literal["township", "collective"] | None = Field(
        None, description="Mediation by the township or the collective (X6); required then."
    )
    case_number: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="The arbitration or court case number; required for those stages.",
    )


class CloseDisputeIn(BaseModel):
    outcome: str = Field(min_length=1, max_length=2000, description="Closing needs an outcome.")
    outcome_ref: str | None = Field(None, max_length=100, description="调解书/裁决书/判决书.")


class DisputeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    collective_id: str
    county: str
    township: str
    object_type: str
    object_ref: str
    certificate_no: str | None
    parcel_id: str | None
    ownership: bool
    claimant: str
    description: str
    stage: str
    mediator: str | None
    case_number: str | None
    outcome: str | None
    outcome_ref: str | None
    version: int
    opened_at: datetime
    changed_at: datetime


class ViolationIn(BaseModel):
    parcel_id: str = Field(min_length=1, max_length=64)
    inspection_ref: str = Field(min_length=1, max_length=100, description="联合检查 record.")
    finding: str = Field(min_length=1, max_length=2000)


class CloseViolationIn(BaseModel):
    decision_ref: str = Field(min_length=1, max_length=100, description="处理决定书 number.")
    decision: str = Field(min_length=1, max_length=2000)


class ViolationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    collective_id: str
    county: str
    township: str
    parcel_id: str
    certificate_no: str | None
    inspection_ref: str
    finding: str
    status: str
    decision_ref: str | None
    decision: str | None
    version: int
    opened_at: datetime
    changed_at: datetime
