"""The registry's county parameters — 县级参数, seeded with the documents' numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.county_config import CountyParameters, Parameter, at_least, at_most, between
from common.money import Money, Rate
from registry.valuation.schemas import (
    BuildingRow,
    ColdStoreRow,
    CropRow,
    GreenhouseRow,
    ValuationTables,
)

#: 001 Appendix E as seeded: the default of ``valuation_tables`` (a county replaces it).
D = Decimal
DEFAULT_TABLES = ValuationTables(
    buildings=[
        BuildingRow(
            kind="brick_concrete",
            min_price=D(700),
            max_price=D(900),
            life_years_max=20,
            high_ceiling_uplift=D("0.5"),
        ),
        BuildingRow(
            kind="brick_steel",
            min_price=D(800),
            max_price=D(1000),
            life_years_max=20,
            high_ceiling_uplift=D("0.5"),
        ),
        BuildingRow(
            kind="steel_shed",
            min_price=D(300),
            max_price=D(500),
            life_years_max=10,
            simple_discount=D("0.5"),
        ),
        BuildingRow(kind="brick_wood", min_price=D(500), max_price=D(700), life_years_max=20),
        BuildingRow(
            kind="steel_frame_factory", min_price=D(700), max_price=D(900), life_years_max=20
        ),
    ],
    greenhouses=[
        GreenhouseRow(kind="single_span", min_price=D(18), max_price=D(25), life_years_max=8),
        GreenhouseRow(kind="multi_span", min_price=D(70), max_price=D(150), life_years_max=10),
        GreenhouseRow(kind="glass_solar", min_price=D(500), max_price=D(800), life_years_max=15),
    ],
    cold_stores=[
        ColdStoreRow(max_room_m3=200, min_price=D(250), max_price=D(300), life_years_max=10),
        ColdStoreRow(max_room_m3=None, min_price=D(220), max_price=D(270), life_years_max=10),
    ],
    # group, stage, age after, age up to (years), min and max price (元/亩)
    crops=[
        CropRow(
            group=group,
            stage=stage,
            age_after=D(after),
            age_up_to=D(up_to),
            min_price=D(low),
            max_price=D(high),
        )
        for group, stage, after, up_to, low, high in (
            ("pear_peach_citrus", "pre_production", 0, 3, 2000, 3000),
            ("pear_peach_citrus", "early_production", 3, 5, 3000, 5000),
            ("pear_peach_citrus", "full_production", 5, 10, 5000, 8000),
            ("grape", "pre_production", 0, 2, 2000, 3000),
            ("grape", "early_production", 2, 3, 3500, 5500),
            ("grape", "full_production", 3, 10, 6000, 9000),
        )
    ],
)


class LoanPurpose(BaseModel):
    """A row of the county's loan purpose catalogue (R20)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")
    name: str = Field(min_length=1, max_length=100)
    agricultural: bool


#: R20: the purposes the seeds name (G2's list for farming; 000 房 三(二) housing loans
#: 「优先用于农业生产经营」), and the non-agricultural ones a county may allow with a warning.
DEFAULT_PURPOSES = [
    LoanPurpose(code=code, name=name, agricultural=agri)
    for code, name, agri in (
        ("grain", "粮食种植", True),
        ("livestock_aquaculture", "畜牧水产养殖", True),
        ("local_specialties", "特色种养", True),
        ("agricultural_services", "农业社会化服务", True),
        ("farmland_infrastructure", "农田基础设施", True),
        ("integrated_industries", "农村一二三产业融合", True),
        ("leisure_agriculture", "休闲农业", True),
        ("rural_business", "农村牧区非农经营", False),
        ("housing_repair", "农房修缮", False),
        ("consumption", "消费", False),
    )
]

#: R19 (001 5.5.1; 000): the kinds of registration authority — 农业农村局, 不动产登记中心,
#: 交易平台 — and which registers which right type by default (forest falls under the
#: unified real-estate registration; a right type not named goes to the agriculture bureau).
AuthorityKind = Literal["agriculture_bureau", "real_estate_centre", "exchange_platform"]
DEFAULT_REGISTRATION_MAP: dict[str, str] = {
    "contracted_land": "agriculture_bureau",
    "four_wastes": "agriculture_bureau",
    "aquaculture_water": "agriculture_bureau",
    "small_water_facility": "agriculture_bureau",
    "collective_assets": "agriculture_bureau",
    "other": "agriculture_bureau",
    "farmer_housing": "real_estate_centre",
    "homestead": "real_estate_centre",
    "collective_construction_land": "real_estate_centre",
    "forest": "real_estate_centre",
}

PARAMS = CountyParameters(
    Parameter(
        "valuation_tables",
        DEFAULT_TABLES,
        ValuationTables,
        "Valuation reference tables (001 Appendix E) — 抵押物价值评估参考标准",
        rule="R6",
    ),
    Parameter(
        "family_land_cap_per_mu",
        Decimal("10000"),
        Money,
        "Family-contract land value cap per mu (001 Appendix E 一(一)), 元/亩",
        rule="R6",
        check=at_most(Decimal("10000")),
    ),
    Parameter(
        "grassland_cap_per_mu",
        Decimal("10000"),
        Money,
        "Grassland (草牧场) value cap per mu, 元/亩 (L23): 001's cap is for farmland (耕地); "
        "the farmland figure until the county sets its own",
        rule="L23",
        check=at_least(Decimal("0.01")),
    ),
    Parameter(
        "ltv_normal",
        Decimal("0.5"),
        Rate,
        "Normal loan-to-value (001 5.4.4)",
        rule="R7",
        check=at_most(Decimal("0.5")),
    ),
    Parameter(
        "ltv_max",
        Decimal("0.6"),
        Rate,
        "Maximum loan-to-value without credit enhancement (001 5.4.4)",
        rule="R7",
        check=at_most(Decimal("0.6")),
    ),
    Parameter(
        "ltv_enhanced_cap",
        Decimal("0.7"),
        Rate,
        "Loan-to-value cap with a recorded credit enhancement (001 5.4.5)",
        rule="R7",
        check=between(Decimal("0.6"), Decimal("1")),
    ),
    Parameter(
        "change_registration_days",
        30,
        int,
        "Days to register a change of the mortgage contract (001 5.5.3)",
        rule="R10",
        check=between(1, 30),
    ),
    Parameter(
        "visit_interval_days",
        90,
        int,
        "Days between post-loan visits (001 6.1 says periodic; the county sets it)",
        rule="R14",
        check=between(7, 366),
    ),
    Parameter(
        "visit_grace_days",
        15,
        int,
        "Days after a visit's due date before it is raised as overdue",
        rule="R14",
        check=between(0, 60),
    ),
    Parameter(
        "collective_mortgage_threshold",
        "two_thirds",
        Literal["majority", "two_thirds"],
        "Votes of all entitled village representatives needed to mortgage uncontracted "
        "collective land (000 三(十); 004 第二十一条 by analogy) — 集体土地抵押表决比例",
        rule="R15",
    ),
    Parameter(
        "loan_purposes",
        DEFAULT_PURPOSES,
        list[LoanPurpose],
        "Loan purpose catalogue, each marked agricultural or not (000 三(四)) — 贷款用途目录",
        rule="R20",
    ),
    Parameter(
        "reference_rate_basis",
        "lpr",
        Literal["benchmark", "lpr"],
        "The reference rate a loan rate is compared with: the PBoC benchmark or the LPR "
        "(000 三(七)) — 参考利率",
        rule="R20",
    ),
    Parameter(
        "registration_map",
        DEFAULT_REGISTRATION_MAP,
        dict[str, AuthorityKind],
        "Which kind of authority registers liens on which right type (001 5.5.1; 000) — "
        "抵押登记机构分工",
        rule="R19",
    ),
    Parameter(
        "registration_authority_kinds",
        {},
        dict[str, AuthorityKind],
        "The kind of each registration authority account (token subject); none listed: "
        "one office registers every type — 登记机构类别",
        rule="R19",
    ),
    Parameter(
        "entry_ltv_max",
        Decimal("0.7"),
        Rate,
        "Loan-to-value cap of a construction-land use right acquired by 入市 (R23; CHOICE: "
        "R7's 50/60 % is for land management rights) — 入市土地抵押率上限",
        rule="R23",
        check=between(Decimal("0.01"), Decimal("1")),
    ),
)


def cap_parameter(right_type: str) -> str:
    """R6's per-mu cap of a right type: grassland's own (L23), else the farmland figure."""
    return "grassland_cap_per_mu" if right_type == "grassland" else "family_land_cap_per_mu"
