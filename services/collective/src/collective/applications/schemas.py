"""Requests and views of the homestead application chain — 宅基地申请审批 (Z3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# 农业农村, 自然资源和规划, 住房和城乡建设: the three opinions of the joint review
Department = Literal["agriculture", "natural_resources", "housing"]
DEPARTMENTS: tuple[str, ...] = ("agriculture", "natural_resources", "housing")


class ApplicationIn(BaseModel):
    """What the township window (一窗受理) takes in."""

    household_id: str = Field(min_length=1, max_length=32)
    parcel_id: str = Field(
        min_length=1, max_length=32, description="The site: a parcel of the collective's inventory."
    )
    return_parcel_id: str | None = Field(
        None, max_length=32, description="The household's old homestead, returned (建新退旧)."
    )
    area_m2: Decimal = Field(gt=0, le=Decimal("10000"), decimal_places=2)
    floors: int = Field(ge=1, le=20)
    height_m: Decimal = Field(gt=0, le=Decimal("100"), decimal_places=2)
    in_plan_zone: bool = Field(description="Inside the village plan's 宅基地建设范围.")
    in_year_plan: bool = Field(description="In the year's 用地计划.")
    house_disposed: bool = Field(
        description="The household sold, leased or gave away a house before (出卖、出租、赠与)."
    )


class VillageReviewIn(BaseModel):
    resolution_id: str = Field(
        min_length=1, max_length=32, description="The collective's X5 decision on the application."
    )


class OpinionIn(BaseModel):
    department: Department
    approve: bool
    opinion: str = Field(min_length=1, max_length=2000)


class ApprovalIn(BaseModel):
    approval_no: str = Field(min_length=1, max_length=100, description="农村宅基地批准书 number.")
    permit_no: str = Field(min_length=1, max_length=100, description="乡村建设规划许可证 number.")


class FilingIn(BaseModel):
    reference: str = Field(min_length=1, max_length=100, description="The county's filing record.")


class AcceptanceIn(BaseModel):
    acceptance_no: str = Field(
        min_length=1, max_length=100, description="农村宅基地和建房(规划许可)验收意见表 number."
    )
    built_area_m2: Decimal = Field(
        gt=0, le=Decimal("10000"), decimal_places=2, description="The land the house occupies."
    )


class RefusalIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class OpinionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    department: str
    approve: bool
    opinion: str
    recorded_by: str
    recorded_at: datetime


class ApplicationOut(BaseModel):
    id: str
    household_id: str
    collective_id: str
    county: str
    township: str
    status: str
    qualification_id: str
    parcel_id: str
    return_parcel_id: str | None
    area_m2: Decimal
    floors: int
    height_m: Decimal
    in_plan_zone: bool
    in_year_plan: bool
    house_disposed: bool
    resolution_id: str | None
    opinions: list[OpinionOut]
    approval_no: str | None
    permit_no: str | None
    filing_due_at: datetime | None
    filing_ref: str | None
    filing_late: bool
    acceptance_no: str | None
    built_area_m2: Decimal | None
    refusal: str | None
    applied_at: datetime
    village_reviewed_at: datetime | None
    approved_at: datetime | None
    filed_at: datetime | None
    accepted_at: datetime | None


class SampleIn(BaseModel):
    """Z12: draw the joint inspection's sample of the township's approvals of a year."""

    year: int = Field(ge=2000, le=2100, description="The calendar year of the approvals.")
    seed: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="The seed of the draw (e.g. the inspection's notice number); recorded "
        "with the sample. Left out: the service picks one.",
    )


class SampledApproval(BaseModel):
    application_id: str
    collective_id: str
    household_id: str
    parcel_id: str
    approval_no: str | None
    approved_at: datetime | None


class SampleOut(BaseModel):
    id: str
    county: str
    township: str
    year: int
    seed: str
    sample_percent: Decimal
    population: int = Field(description="The township's approvals in that year.")
    approvals: list[SampledApproval]
    drawn_by: str
    drawn_at: datetime
