"""County parameters of the collective service — 县级参数 (DOMAIN X5, Z2, Z3, Z5, Z7, Z9, Z11, Z13,
E3–E6, E14).

A county changes them through ``/county-parameters`` (audited, effective from a date).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from common.county_config import CountyParameters, Parameter, at_least, between
from common.workdays import STATE_COUNCIL_2026, WorkCalendar


def positive_when_set(new: Any, _current: Any) -> str | None:
    """An area limit is either unset (null) or a positive area."""
    if new is not None and new <= 0:
        return "must be a positive area or null / 须为正数或不设"
    return None


class FundRate(BaseModel):
    """One row of the adjustment fund's rate table (E12): ``way`` null is any way."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    use: Literal["industrial", "commercial", "affordable_rental_housing"]
    way: str | None = None
    first_entry: bool = True
    rate: Decimal = Field(ge=0, le=1, decimal_places=4)


class FundRateTable(BaseModel):
    """The county's rate table with its bounds (E12); every rate inside the bounds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_rate: Decimal = Field(Decimal("0.20"), ge=0, le=1, decimal_places=4)
    max_rate: Decimal = Field(Decimal("0.50"), ge=0, le=1, decimal_places=4)
    rows: tuple[FundRate, ...]

    @model_validator(mode="after")
    def _bounded(self) -> FundRateTable:
        for row in self.rows:
            if not self.min_rate <= row.rate <= self.max_rate:
                raise ValueError(
                    f"E12: the {row.use} rate {row.rate:%} is outside {self.min_rate:%}–"
                    f"{self.max_rate:%} (调节金比例超出县定区间)"
                )
        return self


class IdleHandling(BaseModel):
    """E10 idle-land handling (闲置土地处置, EXTERNAL 国土资源部令第53号): off by default;
    when on, land not started ``fee_after_years`` after the agreed start date owes an idle
    fee of ``fee_percent`` of the price, and ``recovery_after_years`` after it is due for
    recovery without compensation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = False
    fee_percent: Decimal = Field(Decimal("20"), ge=0, le=100, decimal_places=2)
    fee_after_years: int = Field(1, ge=1, le=10)
    recovery_after_years: int = Field(2, ge=1, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> IdleHandling:
        if self.recovery_after_years <= self.fee_after_years:
            raise ValueError(
                "E10: recovery comes after the idle fee (收回年限须晚于征收闲置费年限)"
            )
        return self


#: E12 (CHOICE, the seed gives no rate): the lowest rate of the range for every use, first
#: entry and re-transfer alike, until the county sets its table
DEFAULT_FUND_TABLE = FundRateTable(
    rows=tuple(
        FundRate(use=use, first_entry=first, rate=Decimal("0.20"))
        for use in ("industrial", "commercial", "affordable_rental_housing")
        for first in (True, False)
    )
)

#: E6: the longest term by use (004-地价, 参照国有建设用地)
ENTRY_MAX_TERM_YEARS = {"industrial": 50, "commercial": 40, "affordable_rental_housing": 70}
#: E4: the joint review's departments (自然资源, 发改, 生态环境, 住建 for rental housing,
#: 农业农村, 财政)
REVIEW_DEPARTMENTS = (
    "natural_resources",
    "development_reform",
    "ecology_environment",
    "housing",
    "agriculture_rural",
    "finance",
)

PARAMS = CountyParameters(
    Parameter(
        "resolution_publicity_days",
        7,
        int,
        "Days a collective resolution is published before it takes effect (CHOICE) — 决议公开期",
        rule="X5",
        check=at_least(1),
    ),
    Parameter(
        "homestead_threshold",
        "majority",
        Literal["majority", "two_thirds"],
        "Votes a homestead matter needs at the villagers' (representatives') meeting: more "
        "than half, or at least two thirds, of those entitled — 宅基地事项表决比例",
        rule="X5",
    ),
    Parameter(
        "homestead_area_limit_m2",
        None,
        Decimal | None,
        "The county's homestead area limit per household in m² (限定面积; the seed gives no "
        "number, the provincial standard applies: null until the county sets it) — "
        "宅基地面积标准",
        rule="Z2",
        check=positive_when_set,
    ),
    Parameter(
        "homestead_filing_days",
        30,
        int,
        "Days after a township approval within which it is filed with the county (CHOICE; "
        "the seed says 及时) — 审批备案期限",
        rule="Z3",
        check=at_least(1),
    ),
    Parameter(
        "village_plan_max_floors",
        3,
        int | None,
        "Floors a new homestead house may have under the village plan (CHOICE: 三层及以下; "
        "null: no limit) — 村庄规划层数",
        rule="Z3",
        check=positive_when_set,
    ),
    Parameter(
        "village_plan_max_height_m",
        None,
        Decimal | None,
        "Height in m a new house may reach under the village plan (no seed number: null "
        "until the county sets it) — 村庄规划建筑高度",
        rule="Z3",
        check=positive_when_set,
    ),
    Parameter(
        "only_homestead_transfer",
        "allowed",
        Literal["allowed", "forbidden"],
        "Whether a household's only homestead may be transferred inside the collective "
        "(with another residence, every adult's consent and X5) — 唯一住宅宅基地转让",
        rule="Z5",
    ),
    Parameter(
        "homestead_farmer_min_percent",
        Decimal(50),
        Decimal,
        "The farmer part of a homestead income must be more than this percentage (主要收益归"
        "农民; never below 50) — 农民收益最低比例",
        rule="Z11",
        check=at_least(Decimal(50)),
    ),
    Parameter(
        "homestead_dividend_threshold",
        None,
        Decimal | None,
        "Yearly homestead income (元) from which a village pays the collective part as "
        "dividends by shares; below it, retained by X5 (收益较多/较少: no seed number, null "
        "until the county sets it) — 按股分红门槛",
        rule="Z11",
        check=positive_when_set,
    ),
    Parameter(
        "withdrawal_retains_qualification",
        True,
        bool,
        "A withdrawn household keeps its qualification (retained, regained through X5) or "
        "loses it — 退出后资格权保留",
        rule="Z7",
    ),
    Parameter(
        "homestead_lease_max_years",
        20,
        int,
        "The longest lease of an idle homestead the parcel's use follows; a longer term "
        "counts only this many years (EXTERNAL 民法典 705: the part beyond 20 is void) — "
        "闲置宅基地出租最长年限",
        rule="Z6",
        check=between(1, 20),
    ),
    Parameter(
        "inspection_sample_percent",
        Decimal(10),
        Decimal,
        "The share of a township's approvals of a year the joint inspection samples, in "
        "percent (at least one approval is drawn; CHOICE: the seed gives no rate) — "
        "联合检查抽查比例",
        rule="Z12",
        check=between(Decimal("0.01"), Decimal(100)),
    ),
    Parameter(
        "registration_target_percent",
        Decimal(90),
        Decimal,
        "房地一体 registration progress target in percent of the inventory's parcels (the "
        "seed: 90%以上) — 房地一体登记目标",
        rule="Z13",
        check=at_least(Decimal(0)),
    ),
    Parameter(
        "paid_use_classes",
        [],
        list[Literal["non_member_occupancy", "surplus_retained", "over_area"]],
        "The paid-use classes the county has enabled (分类有偿; none: paid use is off) — "
        "有偿使用类别",
        rule="Z9",
    ),
    Parameter(
        "entry_max_term_years",
        ENTRY_MAX_TERM_YEARS,
        dict[str, int],
        "The longest term of 入市 land by use, years (参照同类用途国有建设用地: industrial 50, "
        "commercial 40, rental housing 70) — 入市土地最高使用年限",
        rule="E6",
    ),
    Parameter(
        "entry_lease_max_years",
        20,
        int,
        "The longest lease (出租, and the lease phase of 先租后让) in years (EXTERNAL 民法典 "
        "705) — 出租最长期限",
        rule="E6",
        check=at_least(1),
    ),
    Parameter(
        "entry_review_departments",
        list(REVIEW_DEPARTMENTS),
        list[str],
        "The departments whose joint-review opinion an entry plan needs (housing only for "
        "affordable rental housing) — 部门联审",
        rule="E4",
    ),
    Parameter(
        "entry_reserve_factor_percent",
        Decimal(100),
        Decimal,
        "The reserve is at least the appraisal times this percentage, unless the members' "
        "2/3 decision approves less — 底价不低于评估价的比例",
        rule="E5",
        check=at_least(Decimal(1)),
    ),
    Parameter(
        "expropriation_standard_per_m2",
        None,
        Decimal | None,
        "The county's expropriation compensation standard per m² (区片综合地价, 元; no seed "
        "number: null until the county sets it) — 征地补偿标准",
        rule="E14",
        check=positive_when_set,
    ),
    Parameter(
        "rental_small_unit_percent",
        Decimal(50),
        Decimal,
        "Affordable rental housing: the units of at most 70 m² must be more than this "
        "percentage of all units (为主, CHOICE: more than half) — 小户型占比",
        rule="E8",
        check=at_least(Decimal(0)),
    ),
    Parameter(
        "entry_publicity_working_days",
        5,
        int,
        "Working days a 入市 result is published before the contract (CHOICE) — 成交结果公示期",
        rule="E9",
        check=at_least(1),
    ),
    Parameter(
        "entry_filing_days",
        30,
        int,
        "Days after the contract within which it is filed with the natural resources bureau "
        "(CHOICE) — 合同备案期限",
        rule="E9",
        check=at_least(1),
    ),
    Parameter(
        "entry_release_after_filing",
        True,
        bool,
        "The proceeds are released only after the contract is filed — 备案后方可结算",
        rule="E9",
    ),
    Parameter(
        "work_calendar",
        STATE_COUNCIL_2026,
        WorkCalendar,
        "Holidays and make-up working weekends the working-day deadlines follow (E9) — 工作日历",
        rule="E9",
    ),
    Parameter(
        "adjustment_fund_rates",
        DEFAULT_FUND_TABLE,
        FundRateTable,
        "The land value-increment adjustment fund's rate table by use, way and first entry "
        "or re-transfer, within its bounds (EXTERNAL 财税〔2016〕41号: 20%–50%; the seed "
        "gives no rate) — 土地增值收益调节金征收比例",
        rule="E12",
    ),
    Parameter(
        "entry_idle_handling",
        IdleHandling(),
        IdleHandling,
        "Idle 入市 land handled as idle state land: off by default; when on, a 20 % fee one "
        "year after the agreed start and recovery after two (EXTERNAL 国土资源部令第53号) — "
        "闲置土地处置",
        rule="E10",
    ),
)
