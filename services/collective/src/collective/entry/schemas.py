"""Requests and views of 入市 before the trade — 入市方案 (DOMAIN E1–E6, E14)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.money import Money
from common.quantities import AreaM2

OwnerLevel = Literal["township", "village", "group"]
SellerKind = Literal[
    "economic_organization", "township_government", "village_committee", "villagers_group"
]
#: E6: 出让, 出租, 作价入股, 联营, 先租后让, 租让结合, 弹性年期
Way = Literal[
    "transfer",
    "lease",
    "equity",
    "joint_venture",
    "lease_then_transfer",
    "lease_and_transfer",
    "flexible_term",
]
#: B7: 招标, 拍卖, 挂牌, 协议
PlanningSource = Literal["detailed_plan", "village_plan", "general_rules"]
TradingMethod = Literal["tender", "auction", "posted", "agreement"]
Department = Literal[
    "natural_resources",
    "development_reform",
    "ecology_environment",
    "housing",
    "agriculture_rural",
    "finance",
]
CreditCode = Field(None, min_length=18, max_length=18, pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")


class AgentIn(BaseModel):
    """The legal-person agent a seller entrusts in writing (委托代理, E1)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    credit_code: str | None = CreditCode
    authorisation_ref: str | None = Field(
        None, max_length=100, description="The written authorisation (委托书) by reference."
    )


class SellerIn(BaseModel):
    """Who brings the land to market (入市主体, E1)."""

    model_config = ConfigDict(extra="forbid")

    kind: SellerKind
    name: str = Field(min_length=1, max_length=200)
    economic_organization_exists: bool = Field(
        description="The owner has a collective economic organization (else the township "
        "government, village committee or villagers' group acts)."
    )
    legal_person: bool = Field(description="登记赋码, 取得法人资格.")
    credit_code: str | None = CreditCode
    agent: AgentIn | None = None


class AppraisalIn(BaseModel):
    """The appraisal the reserve rests on (E5), by a registered appraiser (L20)."""

    model_config = ConfigDict(extra="forbid")

    value: Money
    appraiser_name: str = Field(min_length=1, max_length=200)
    licence_no: str = Field(min_length=1, max_length=64)
    licence_valid_from: date
    licence_valid_to: date
    appraised_on: date


class AdjustedUserIn(BaseModel):
    """A current user whose land use is adjusted, and their compensation (E14)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    area_m2: AreaM2
    compensation: Money
    agreed: bool = Field(description="The compensation agreement is signed.")


class EntryPlanIn(BaseModel):
    """The collective's 入市 plan for one parcel (E1–E3, E5, E6, E14)."""

    model_config = ConfigDict(extra="forbid")

    collective_id: str = Field(min_length=1, max_length=64)
    owner_level: OwnerLevel
    seller: SellerIn
    # E2 parcel survey (摸底调查)
    parcel_number: str = Field(min_length=1, max_length=40, description="宗地代码.")
    location: str = Field(min_length=1, max_length=200)
    boundaries: str = Field(min_length=1, max_length=500, description="四至.")
    area_m2: AreaM2
    registered_area_m2: AreaM2
    land_class: Literal["construction", "agricultural", "unused"] = Field(
        description="The 三调 land survey class."
    )
    ownership_certificate_no: str = Field(min_length=1, max_length=64)
    certificate_no: str = Field(
        min_length=1, max_length=64, description="The construction-land use right certificate."
    )
    planning_zone: str = Field(min_length=1, max_length=100)
    spatial_plan_done: bool
    historical_pre_2009: bool = False
    disposal_decision_ref: str | None = Field(None, max_length=100)
    # E3 / E6 the plan's terms
    way: Way
    trading_method: TradingMethod
    land_use: str = Field(
        min_length=1,
        max_length=30,
        description="industrial | commercial | affordable_rental_housing (E8: never "
        "commercial_housing, villa_compound, private_club)",
    )
    term_years: int = Field(ge=1, le=100)
    lease_years: int | None = Field(None, ge=1, le=100, description="先租后让: the lease phase.")
    conversion_conditions: str | None = Field(None, max_length=2000)
    collective_share_percent: Decimal | None = Field(
        None, gt=0, le=100, decimal_places=2, description="入股, 联营: the collective's share."
    )
    planning_conditions: str = Field(max_length=5000)
    # E7 where the planning conditions come from (规划条件来源)
    inside_urban_development_boundary: bool = Field(
        description="E7: the parcel lies inside the urban development boundary (城镇开发边界)."
    )
    planning_source: PlanningSource = Field(
        description="E7: detailed_plan (控制性详细规划, inside the boundary), village_plan "
        "(村庄规划) or general_rules (通则式管理规定), outside it."
    )
    planning_reference: str = Field(
        min_length=1, max_length=200, description="E7: the plan or rules the conditions cite."
    )
    resolution_id: str = Field(min_length=1, max_length=32, description="The X5 2/3 decision.")
    members_choice: Literal["entry", "expropriation"] = Field(
        description="The members' choice of 入市 over 成片开发征收 (E14)."
    )
    retention_percent: Decimal = Field(ge=0, le=100, decimal_places=2)
    reserve_price: Money
    appraisal: AppraisalIn
    reserve_below_appraisal: bool = Field(
        False, description="The 2/3 decision approves a reserve below the appraisal."
    )
    users: list[AdjustedUserIn] = Field(default_factory=list, max_length=50)
    rental_units_m2: list[AreaM2] = Field(
        default_factory=list,
        max_length=5000,
        description="E8: the floor area of each unit of a rental housing project.",
    )


class OpinionIn(BaseModel):
    """One department's joint-review opinion (部门联审, E4)."""

    model_config = ConfigDict(extra="forbid")

    department: Department
    passed: bool
    opinion: str = Field(min_length=1, max_length=2000)


class SupplyPlanIn(BaseModel):
    """The county's annual supply plan (年度供应计划, E4): area in m² by use."""

    model_config = ConfigDict(extra="forbid")

    county: str = Field(pattern=r"^\d{6}$")
    year: int = Field(ge=2000, le=2100)
    quotas_m2: dict[Literal["industrial", "commercial", "affordable_rental_housing"], AreaM2] = (
        Field(min_length=1)
    )
    reference: str = Field(min_length=1, max_length=100)


class SupplyIn(BaseModel):
    supply_plan_id: str = Field(min_length=1, max_length=32)


class SupplyPlanOut(BaseModel):
    id: str
    county: str
    year: int
    quotas_m2: dict[str, Decimal]
    used_m2: dict[str, Decimal]
    reference: str


class EntryPlanOut(BaseModel):
    id: str
    collective_id: str
    county: str
    township: str
    status: str
    owner_level: str
    seller: dict[str, object]
    parcel_number: str
    area_m2: Decimal
    certificate_no: str
    way: str
    trading_method: str
    land_use: str
    term_years: int
    lease_years: int | None
    planning_conditions: str
    inside_urban_development_boundary: bool | None  # null: recorded before E7 was built
    planning_source: str | None
    planning_reference: str | None
    resolution_id: str
    members_choice: str
    retention_percent: Decimal
    reserve_price: Money
    appraisal: dict[str, object]
    reserve_below_appraisal: bool
    users: list[dict[str, object]]
    supply_plan_id: str | None
    opinions: dict[str, dict[str, object]]
    recorded_at: datetime
    cleared_at: datetime | None
