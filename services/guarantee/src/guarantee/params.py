"""County parameters of the guarantee service — 县级参数 (DOMAIN G3, G4, G5, G6, G8, G10).

Defaults are the numbers of the 劝耕贷 plan (seed 004) and of seed 000; a county changes
them through ``/county-parameters`` (audited, effective from a date).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from common.county_config import CountyParameters, Parameter, at_least, at_most, between
from common.money import Money, Rate

#: G2/G16 the loan purpose catalogue — 贷款用途目录 (seed 004 二(一)2), code → Chinese label.
PURPOSE_LABELS = {
    "grain": "粮食生产",
    "livestock_aquaculture": "畜牧水产养殖",
    "specialty": "特色产业",
    "agri_service": "农业社会化服务",
    "infrastructure": "农田基础设施建设",
    "integrated": "一二三产业融合",
    "leisure": "休闲农业",
}
PurposeCode = Literal[
    "grain",
    "livestock_aquaculture",
    "specialty",
    "agri_service",
    "infrastructure",
    "integrated",
    "leisure",
]


def _some_purposes(new: list[str], _current: object) -> str | None:
    if not new:
        return "at least one purpose / 至少保留一项贷款用途"
    if len(set(new)) != len(new):
        return "a purpose is listed twice / 贷款用途重复"
    return None


PARAMS = CountyParameters(
    Parameter(
        "balance_min",
        Decimal("100000.00"),
        Money,
        "Smallest guaranteed outstanding balance per borrower (元) — 在保余额下限",
        rule="G3",
    ),
    Parameter(
        "balance_max",
        Decimal("2000000.00"),
        Money,
        "Largest guaranteed outstanding balance per borrower (元) — 单户在保余额上限",
        rule="G3",
    ),
    Parameter(
        "balance_max_leading",
        Decimal("10000000.00"),
        Money,
        "Largest balance of a leading enterprise (元) — 龙头企业单户上限",
        rule="G3",
    ),
    Parameter(
        "base_loan_rate",
        Decimal("0.0435"),
        Rate,
        "Base (benchmark) annual loan rate — 同期基准利率",
        rule="G4",
    ),
    Parameter(
        "loan_rate_max_markup",
        Decimal("0.2"),
        Rate,
        "Largest markup over the base rate (0.2 = base × 1.2) — 最高上浮比例",
        rule="G4",
        check=at_most(Decimal("0.2")),
    ),
    Parameter(
        "fee_rate_max",
        Decimal("0.012"),
        Rate,
        "Guarantee fee rate cap — 担保费率上限",
        rule="G4",
        check=at_most(Decimal("0.012")),
    ),
    Parameter(
        "notice_min_days",
        7,
        int,
        "Minimum public notice period in days (the plan names none) — 公示期",
        rule="G5",
        check=at_least(1),
    ),
    Parameter(
        "compensation_rate",
        Decimal("0.8"),
        Rate,
        "Share of the overdue principal and interest the guarantor pays the bank — 代偿比例",
        rule="G6",
        check=between(Decimal("0"), Decimal("1")),
    ),
    Parameter(
        "county_share_rate",
        Decimal("0.3"),
        Rate,
        "County finance's share paid to the guarantor — 县财政补偿比例",
        rule="G6",
        check=between(Decimal("0"), Decimal("1")),
    ),
    Parameter(
        "county_share_basis",
        "overdue",
        Literal["overdue", "compensation"],
        "Basis of the county's share: the overdue amount (二(一)6, default) or the actual "
        "compensation (三(三)) — 补偿基数",
        rule="G6",
    ),
    Parameter(
        "loan_purposes",
        list(PURPOSE_LABELS),
        list[PurposeCode],
        "The purposes the county's 劝耕贷 lends for (a subset of the plan's catalogue; "
        "other purposes are refused) — 贷款用途目录",
        rule="G16",
        check=_some_purposes,
    ),
    Parameter(
        "first_guarantee_by",
        None,
        date | None,
        "A township with no guarantee issued by this day is flagged on its scorecard; unset: "
        "no such deadline — 首笔担保期限",
        rule="G14",
    ),
    Parameter(
        "rectification_days",
        30,
        int,
        "Days a township has to rectify after a 通报 (our choice; the plan says 限期) — 整改期限",
        rule="G14",
        check=at_least(1),
    ),
    Parameter(
        "fiscal_deposit_basis",
        "new_loans",
        Literal["new_loans", "balance"],
        "What a bank's share of the county's fiscal deposits follows: its new 劝耕贷 loans "
        "of the year (default) or its in-guarantee balance at the year's end — 财政性存款分配依据",
        rule="G13",
    ),
    Parameter(
        "overdue_penalty_markup",
        Decimal("0.5"),
        Rate,
        "Penalty interest on an overdue loan as a markup over its contract rate (0.5 = rate × "
        "1.5, the top of the usual 30–50%); bounds the overdue interest a bank reports — "
        "逾期罚息上浮比例",
        rule="G9",
        check=at_most(Decimal("1")),
    ),
    Parameter(
        "reward_pool_initial",
        Decimal("10000000.00"),
        Money,
        "Opening balance of the 劝耕贷 reward pool (元) — 奖补专项资金池",
        rule="G8",
    ),
    Parameter(
        "bank_reward_rate",
        Decimal("0.005"),
        Rate,
        "Reward to a bank on its new loans (奖补办法另行制定; placeholder) — 银行奖补比例",
        rule="G8",
        check=at_most(Decimal("1")),
    ),
    Parameter(
        "township_reward_rate",
        Decimal("0.002"),
        Rate,
        "Reward to a township on its new loans (placeholder) — 乡镇奖补比例",
        rule="G8",
        check=at_most(Decimal("1")),
    ),
    Parameter(
        "risk_fund_initial",
        Decimal("0.00"),
        Money,
        "Opening balance of the risk compensation fund (元) — 风险补偿基金",
        rule="G10",
    ),
    Parameter(
        "risk_fund_share_rate",
        Decimal("0.5"),
        Rate,
        "Share of a force-majeure loss the risk fund bears (seed 000 names none) — 分担比例",
        rule="G10",
        check=between(Decimal("0"), Decimal("1")),
    ),
    Parameter(
        "housing_fund_initial",
        Decimal("0.00"),
        Money,
        "Opening balance of the housing and homestead risk sub-fund (元) — 农房宅基地风险补偿金",
        rule="G17",
    ),
    Parameter(
        "housing_fund_share_rate",
        Decimal("0.5"),
        Rate,
        "Share of a force-majeure loss on a housing lien the housing sub-fund bears "
        "(CHOICE: as the risk fund's, seed 000 names none) — 分担比例",
        rule="G17",
        check=between(Decimal("0"), Decimal("1")),
    ),
    Parameter(
        "residence_support_monthly",
        Decimal("600.00"),
        Money,
        "Residence support per household per month while its farm house is disposed of "
        "(CHOICE; the seeds name no amount) — 处置期间居住保障补助（每户每月）",
        rule="G17",
    ),
    Parameter(
        "coverage_target",
        Decimal("1"),
        Rate,
        "Township coverage target — 乡镇覆盖率目标",
        rule="G9",
    ),
    Parameter(
        "beneficiary_target",
        Decimal("0.6"),
        Rate,
        "Beneficiary rate target — 新型农业经营主体受益率目标",
        rule="G9",
    ),
    Parameter(
        "township_codes",
        [],
        list[str],
        "The county's townships, for coverage; empty: the townships that filed borrowers — 乡镇",
        rule="G9",
    ),
)
