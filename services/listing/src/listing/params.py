"""County parameters of the listing service — 县级参数 (L5, L9, L15, L16, R6).

Seeded with the documents' numbers; a county changes them through
``/county-parameters`` (versioned, audited), never through code.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
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
from common.quantities import M2_PER_MU


class CentreContact(BaseModel):
    """The exchange centre's public contact on an announcement — 联系方式 (L5)."""

    name: str = Field(min_length=1, max_length=100, description="Who to ask, e.g. the centre.")
    phone: str = Field("", max_length=40, description="Public telephone; empty when unset.")
    address: str = Field("", max_length=200, description="Public address; empty when unset.")


class AdministrativeNames(BaseModel):
    """What a county calls its administrative levels on every public page — 行政区划名称
    (L23): 县/乡镇/村 by default, 旗县/苏木/嘎查 in a pastoral county (000-地)."""

    county: str = Field(min_length=1, max_length=10, description="县, or 旗县 (旗).")
    township: str = Field(min_length=1, max_length=10, description="乡镇, or 苏木.")
    village: str = Field(min_length=1, max_length=10, description="村, or 嘎查.")


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
    floor_price: int | None = Field(None, gt=0, description="楼面地价 元/m² (元/m² ÷ 容积率).")


class BaseLandPriceTable(BaseModel):
    """The base land price tables, versioned by their valuation date (估价期日), with the
    notice that published them and the one they supersede (L22)."""

    document_no: str = Field("", max_length=200, description="The publishing notice (文号).")
    published_on: date | None = Field(None, description="公布日期.")
    valuation_date: date
    supersedes: str | None = Field(None, max_length=200, description="The notice it replaces.")
    rows: list[BaseLandPrice]
    zones: dict[str, int] = Field(
        default_factory=dict,
        description="Graded zones (土地级别) of a use where they outnumber its price columns.",
    )
    zone_columns: dict[str, dict[int, int | None]] = Field(
        default_factory=dict,
        description="L22: a use's zone → its price column (grade), null for a column without "
        "a price (控制区 '/'); required for every zone of such a use.",
    )

    def find(self, use: str, grade: int) -> BaseLandPrice | None:
        return next((r for r in self.rows if r.use == use and r.grade == grade), None)

    def zone_price(self, use: str, zone: int) -> tuple[bool, BaseLandPrice | None]:
        """L22: (zone graded?, its price row or None when the zone's column has no price)."""
        mapping = self.zone_columns.get(use)
        if mapping is not None and zone in mapping:
            column = mapping[zone]
            return True, None if column is None else self.find(use, column)
        row = self.find(use, zone)
        return row is not None, row


def _floor(price: int, ratio: str | None) -> int | None:
    """楼面地价 = 元/m² ÷ 设定容积率, to the yuan, half up (2580 ÷ 1.6 = 1612.5 → 1613)."""
    if ratio is None:
        return None
    return int((Decimal(price) / Decimal(ratio)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
            floor_price=_floor(price, ratio),
        )
        for i, (price, high, low, wan, ratio) in enumerate(prices)
    ]


# 004 青阳县城区基准地价表, valuation date 2018-01-01: (元/m², 变幅 high, low, 万元/亩, 容积率)
QINGYANG_2018 = BaseLandPriceTable(
    document_no="青阳县人民政府关于公布城区土地定级与基准地价更新成果的通知（2019）",
    published_on=date(2019, 2, 22),
    valuation_date=date(2018, 1, 1),
    supersedes="青政〔2015〕35号",
    # 工业仓储: zones 一/二/三级 against the price columns 控制区/一/二 (ERR-7). CHOICE: zone
    # 一 and 二 read the columns 一 and 二 (as before), zone 三 has no price (none, not 0).
    zones={"storage": 3, "industrial": 3},
    zone_columns={"storage": {1: 1, 2: 2, 3: None}, "industrial": {1: 1, 2: 2, 3: None}},
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


class AgriculturalUses(BaseModel):
    """The agricultural uses a land listing may state — 农业用途 (L18, 004 办法 第三条(四)):
    code → Chinese name, and the use recorded when the window states none."""

    uses: dict[str, str] = Field(min_length=1)
    default: str

    def check(self) -> str | None:
        if self.default not in self.uses:
            return "the default must be one of the uses / 默认用途须在用途清单内"
        return None


AGRICULTURAL_USES = AgriculturalUses(
    uses={
        "crop_farming": "种植业",
        "facility_agriculture": "设施农业",
        "animal_husbandry": "畜牧业",
        "grazing": "放牧",
        "forestry": "林业",
        "aquaculture": "水产养殖",
        "irrigation": "农田水利",
    },
    default="crop_farming",
)


def _table_check(new: BaseLandPriceTable, current: BaseLandPriceTable | None) -> str | None:
    """L16, L22: each price within its range; 万元/亩 = 元/m² × 666.67 ÷ 10,000 (±0.01);
    楼面地价 = 元/m² ÷ 容积率 (±1 元); every graded zone mapped to a price column; a new
    notice names the one it supersedes."""
    for row in new.rows:
        at = f"{row.use} grade {row.grade}"
        at_zh = f"{row.use} {row.grade}级"
        if not row.range_low <= row.price_per_m2 <= row.range_high:
            return f"{at}: the price must lie within its range / {at_zh}: 基准地价须在变幅范围内"
        wan = Decimal(row.price_per_m2) * M2_PER_MU / 10_000
        if abs(wan - row.price_wan_per_mu) > Decimal("0.01"):
            return (
                f"{at}: 万元/亩 {row.price_wan_per_mu} is not 元/m² × 666.67 ÷ 10,000 ({wan:.2f})"
                f" / {at_zh}: 换算价格与元/m²不一致（应为{wan:.2f}万元/亩）"
            )
        if row.floor_price is not None:
            if row.plot_ratio is None:
                return f"{at}: a floor price needs a plot ratio / {at_zh}: 无容积率不得有楼面地价"
            floor = Decimal(row.price_per_m2) / row.plot_ratio
            if abs(floor - row.floor_price) > 1:
                return (
                    f"{at}: 楼面地价 {row.floor_price} is not 元/m² ÷ 容积率 ({floor:.0f})"
                    f" / {at_zh}: 楼面地价与元/m²÷容积率不一致（应为{floor:.0f}元）"
                )
    for use, count in new.zones.items():
        mapping = new.zone_columns.get(use, {})
        for zone in range(1, count + 1):
            column = mapping.get(zone, zone) if zone in mapping else None
            if zone not in mapping or (column is not None and new.find(use, column) is None):
                return (
                    f"{use} zone {zone} has no explicit price column"
                    f" / {use} {zone}级地未指明对应的价格列"
                )
    if current is not None and current.document_no and new.document_no != current.document_no:
        if new.supersedes != current.document_no:
            return (
                f"a new notice names the one it supersedes ({current.document_no})"
                f" / 新文件须载明所替代的文件（{current.document_no}）"
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
        "price_table_stale_years",
        3,
        int,
        "Years after their valuation date when base land prices warn as stale — "
        "基准地价每隔2-3年更新 (004)",
        rule="L22",
        check=between(2, 3),
    ),
    Parameter(
        "farmland_value_cap_per_mu",
        Decimal("10000.00"),
        Money,
        "Appendix E farmland value cap per mu — 最高不超过1万元/亩 (001 附录E)",
        rule="L16",
    ),
    Parameter(
        "agricultural_uses",
        AGRICULTURAL_USES,
        AgriculturalUses,
        "Agricultural uses a land listing may state — 农业用途清单 (004 办法 第三条(四))",
        rule="L18",
        check=lambda new, _current: new.check(),
    ),
    Parameter(
        "grassland_value_cap_per_mu",
        Decimal("10000.00"),
        Money,
        "Appendix E value cap per mu for grassland — 草牧场每亩价值上限 (L23): the farmland "
        "figure until the county sets its own",
        rule="L23",
        check=at_least(Decimal("0.01")),
    ),
    Parameter(
        "administrative_names",
        AdministrativeNames(county="县", township="乡镇", village="村"),
        AdministrativeNames,
        "Names of the administrative levels — 行政区划名称 (旗县/苏木/嘎查 in pastoral areas)",
        rule="L23",
    ),
    Parameter(
        "site_inspection_products",
        [],
        list[str],
        "Products whose township initial review needs a site inspection — 现场勘察 (004 意见 "
        "二(二)); the rule's list is the land products and collective_assets",
        rule="L21",
    ),
    Parameter(
        "off_exchange_warning_days",
        30,
        int,
        "Age in days after which an off-exchange violation (L9) warns the township in the "
        "market report — 场外交易预警天数 (CHOICE)",
        rule="L25",
        check=between(1, 366),
    ),
    Parameter(
        "registered_appraiser_required",
        False,
        bool,
        "An L8 appraisal must name its registered appraiser — 评估机构须登记备案 (L20); off "
        "until the centre's forms carry the appraiser (a named appraiser is always checked)",
        rule="L20",
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
