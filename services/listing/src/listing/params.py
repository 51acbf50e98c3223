"""County parameters of the listing service — 县级参数 (L5, L9, L15, L16, R6).

Seeded with the documents' numbers; a county changes them through
``/county-parameters`` (versioned, audited), never through code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from common.county_config import (
    CountyParameters,
    Parameter,
    all_of,
    at_least,
    between,
    upward_only,
)
from common.money import Money


class CentreContact(BaseModel):
    """The exchange centre's public contact on an announcement — 联系方式 (L5)."""

    name: str = Field(min_length=1, max_length=100, description="Who to ask, e.g. the centre.")
    phone: str = Field("", max_length=40, description="Public telephone; empty when unset.")
    address: str = Field("", max_length=200, description="Public address; empty when unset.")


#: Where and how the deposit is paid while the platform keeps no bank account data.
DEPOSIT_INSTRUCTIONS = "保证金由交易中心指定银行收取，按报名后通知缴纳"


class BaseLandPrice(BaseModel):
    """One cell of a base land price table — 基准地价 (004): use × grade."""

    use: str = Field(description="Land use class, e.g. retail_commercial, residential.")
    grade: int = Field(ge=1, description="Land grade (土地级别), 1 = best.")
    price_per_m2: int = Field(gt=0, description="基准地价 元/m².")
    range_low: int = Field(gt=0, description="变幅 lower bound 元/m².")
    range_high: int = Field(gt=0, description="变幅 upper bound 元/m².")
    price_wan_per_mu: Decimal = Field(description="换算价格 万元/亩.")
    plot_ratio: Decimal | None = Field(None, description="设定容积率.")


class BaseLandPriceTable(BaseModel):
    """The base land price tables, versioned by their valuation date (估价期日)."""

    valuation_date: date
    rows: list[BaseLandPrice]

    def find(self, use: str, grade: int) -> BaseLandPrice | None:
        return next((r for r in self.rows if r.use == use and r.grade == grade), None)


def _rows(use: str, prices: list[tuple[int, int, int, str, str | None]]) -> list[BaseLandPrice]:
    return [
        BaseLandPrice(
            use=use,
            grade=i + 1,
            price_per_m2=price,
            range_high=high,
            range_low=low,
            price_wan_per_mu=Decimal(wan),
            plot_ratio=Decimal(ratio) if ratio else None,
        )
        for i, (price, high, low, wan, ratio) in enumerate(prices)
    ]


# 004 青阳县城区基准地价表, valuation date 2018-01-01: (元/m², 变幅 high, low, 万元/亩, 容积率)
QINGYANG_2018 = BaseLandPriceTable(
    valuation_date=date(2018, 1, 1),
    rows=[
        *_rows(
            "retail_commercial",
            [
                (2580, 3350, 1810, "172.00", "1.6"),
                (1720, 2235, 1210, "114.67", "1.5"),
                (1130, 1465, 795, "75.33", "1.3"),
                (750, 970, 525, "50.00", "1.1"),
            ],
        ),
        *_rows(
            "other_commercial",
            [
                (2300, 2990, 1610, "153.33", "1.6"),
                (1500, 1950, 1050, "100.00", "1.5"),
                (980, 1270, 690, "65.33", "1.3"),
                (650, 845, 460, "43.33", "1.1"),
            ],
        ),
        *_rows(
            "catering_hotel_entertainment",
            [
                (2100, 2730, 1470, "140.00", "1.6"),
                (1360, 1765, 960, "90.67", "1.5"),
                (900, 1170, 630, "60.00", "1.3"),
                (600, 780, 420, "40.00", "1.1"),
            ],
        ),
        *_rows(
            "business_finance",
            [
                (1950, 2535, 1370, "130.00", "1.6"),
                (1280, 1660, 900, "85.33", "1.5"),
                (860, 1115, 610, "57.33", "1.3"),
                (560, 725, 395, "37.33", "1.1"),
            ],
        ),
        *_rows(
            "wholesale_market",
            [
                (1880, 2440, 1320, "125.33", "1.6"),
                (1250, 1625, 875, "83.33", "1.5"),
                (820, 1065, 575, "54.67", "1.3"),
                (540, 700, 380, "36.00", "1.1"),
            ],
        ),
        *_rows(
            "residential",
            [
                (1310, 1700, 995, "87.33", "1.7"),
                (990, 1285, 720, "66.00", "1.6"),
                (720, 935, 545, "48.00", "1.4"),
                (540, 700, 380, "36.00", "1.1"),
            ],
        ),
        # 工业仓储: the 控制区 column has no price ("/"); grades 一, 二 follow.
        *_rows("storage", [(240, 310, 200, "16.00", "1.0"), (190, 235, 140, "12.67", "1.0")]),
        *_rows("industrial", [(225, 290, 185, "15.00", "1.0"), (180, 220, 130, "12.00", "1.0")]),
        *_rows(
            "public_culture_education",
            [
                (810, 1050, 575, "54.00", "1.4"),
                (570, 740, 400, "38.00", "1.3"),
                (350, 455, 245, "23.33", "1.1"),
            ],
        ),
        *_rows(
            "public_medical_welfare",
            [
                (780, 1010, 550, "52.00", "1.4"),
                (540, 700, 380, "36.00", "1.3"),
                (305, 395, 215, "20.33", "1.1"),
            ],
        ),
        *_rows(
            "public_utilities",
            [
                (370, 480, 275, "24.67", None),
                (270, 350, 230, "18.00", None),
                (225, 265, 160, "15.00", None),
            ],
        ),
    ],
)

#: 004 四(一): statutory maximum terms (法定最高出让年期) by use, in years.
STATUTORY_MAX_TERMS = {"commercial": 40, "residential": 70, "industrial": 50, "public": 50}


def _table_check(new: BaseLandPriceTable, _current: object) -> str | None:
    for row in new.rows:
        if not row.range_low <= row.price_per_m2 <= row.range_high:
            return (
                f"{row.use} grade {row.grade}: the price must lie within its range"
                f" / {row.use} {row.grade}级: 基准地价须在变幅范围内"
            )
    return None


PARAMS = CountyParameters(
    Parameter(
        "announcement_min_days",
        20,
        int,
        "Minimum announcement days — 公告期最少天数 (004 第十三条)",
        rule="L5",
        check=all_of(at_least(20), upward_only),
    ),
    Parameter(
        "mandatory_exchange_threshold",
        Decimal("500000.00"),
        Money,
        "Collective non-land assets above this value must trade in the exchange (元)",
        rule="L9",
    ),
    Parameter(
        "statutory_max_terms",
        STATUTORY_MAX_TERMS,
        dict[str, int],
        "Statutory maximum terms by use, years — 法定最高出让年期 (004)",
        rule="L15",
    ),
    Parameter(
        "entry_plan_required",
        True,
        bool,
        "An 入市 listing is registered only for the collective's cleared plan (2/3 decision, "
        "supply plan, joint review) — 入市须有获准方案",
        rule="E4",
    ),
    Parameter(
        "agreement_transfer_uses",
        ["industrial", "commercial", "affordable_rental_housing"],
        list[str],
        "The uses of 入市 land a county allows to be sold by agreement (协议出让; default all, "
        "003 names it without a limit) — 协议出让用途",
        rule="B7",
    ),
    Parameter(
        "base_land_prices",
        QINGYANG_2018,
        BaseLandPriceTable,
        "Base land price tables — 基准地价 (004), versioned by valuation date",
        rule="L16",
        check=_table_check,
    ),
    Parameter(
        "farmland_value_cap_per_mu",
        Decimal("10000.00"),
        Money,
        "Appendix E farmland value cap per mu — 最高不超过1万元/亩 (001 附录E)",
        rule="L16",
    ),
    Parameter(
        "homestead_lease_max_years",
        20,
        int,
        "Longest lease of an idle homestead or farm house, years — 宅基地/农房租赁最长年限 "
        "(民法典 705: at most 20)",
        rule="L24",
        check=between(1, 20),
    ),
    Parameter(
        "deposit_instructions",
        DEPOSIT_INSTRUCTIONS,
        Annotated[str, Field(min_length=1, max_length=500)],
        "Where and how buyers pay the deposit, shown on every announcement — 保证金缴纳方式",
        rule="L5",
    ),
    Parameter(
        "centre_contact",
        CentreContact(name="县农村产权交易中心"),
        CentreContact,
        "The centre's public contact on every announcement — 交易中心联系方式",
        rule="L5",
    ),
)
