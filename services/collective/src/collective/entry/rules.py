"""Pure rules of 入市 before the trade — 入市主体、摸底、方案、底价、年期、补偿 (DOMAIN E1–E6,
E8, E14): every reason an entry plan is refused, in exact numbers, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from collective.entry.schemas import AdjustedUserIn, AppraisalIn, EntryPlanIn, SellerIn
from common.money import apply_rate, to_fen
from common.problems import FieldProblem

#: E1: who represents the owner at each level (乡镇 / 村 / 村民小组), where no collective
#: economic organization exists
STAND_IN = {
    "township": "township_government",
    "village": "village_committee",
    "group": "villagers_group",
}
#: L15 / E8: the uses 入市 land may take
USES = ("industrial", "commercial", "affordable_rental_housing")
#: E8: never commercial housing, villa compounds or private clubs
#: (严禁…商品住宅、别墅大院和私人会馆)
FORBIDDEN_USES = {
    "commercial_housing": "商品住宅",
    "villa_compound": "别墅大院",
    "private_club": "私人会馆",
}
#: E6 ways with a lease part, whose lease phase is bounded by the lease maximum
LEASE_WAYS = ("lease", "lease_then_transfer", "lease_and_transfer")
#: E6 ways that contribute the land for a share (入股, 联营)
SHARE_WAYS = ("equity", "joint_venture")


def seller_problems(level: str, seller: SellerIn) -> list[FieldProblem]:
    """E1: the representative fixed by the owner level; a seller without legal
    personality acts only through a legal-person agent entrusted in writing."""
    p: list[FieldProblem] = []
    allowed = STAND_IN[level] if not seller.economic_organization_exists else None
    if seller.kind != "economic_organization" and seller.kind != allowed:
        p.append(
            FieldProblem(
                "seller.kind",
                "E1",
                f"the {level} owner is represented by its collective economic organization"
                + (f", or where none exists by the {STAND_IN[level]}" if allowed is None else "")
                + f", not a {seller.kind}",
                "入市主体须为该级集体经济组织（未成立的由乡镇政府、村委会或村民小组）",
            )
        )
    if seller.legal_person and not seller.credit_code:
        p.append(
            FieldProblem(
                "seller.credit_code",
                "E1",
                "a legal person is identified by its unified social credit code",
                "法人须有统一社会信用代码",
            )
        )
    agent = seller.agent
    if not seller.legal_person and agent is None:
        p.append(
            FieldProblem(
                "seller.agent",
                "E1",
                "a seller without legal personality must entrust a legal-person agent",
                "未取得法人资格的须委托具有法人资格的组织代理入市",
            )
        )
    if agent is not None:
        if not agent.authorisation_ref:
            p.append(
                FieldProblem(
                    "seller.agent.authorisation_ref",
                    "E1",
                    "an agent acts only on a written authorisation",
                    "代理须有书面委托书",
                )
            )
        if not agent.credit_code:
            p.append(
                FieldProblem(
                    "seller.agent.credit_code",
                    "E1",
                    "the agent must be a legal person (unified social credit code)",
                    "代理人须为具有法人资格的组织",
                )
            )
    return p


#: E8: a small unit has at most 70 m² (「不超过70平方米的小户型为主」)
SMALL_UNIT_M2 = Decimal(70)


def rental_housing_problems(
    land_use: str, units_m2: Sequence[Decimal], threshold_percent: Decimal
) -> list[FieldProblem]:
    """E8: affordable rental housing is mostly small units — the share of units of at most
    70 m² must be above the county's threshold (default more than half), exact in
    integers: 100 × small > threshold × units."""
    if land_use != "affordable_rental_housing":
        return []
    small = sum(1 for a in units_m2 if a <= SMALL_UNIT_M2)
    if units_m2 and 100 * small > threshold_percent * len(units_m2):
        return []
    return [
        FieldProblem(
            "rental_units_m2",
            "E8",
            f"{small} of {len(units_m2)} units have at most 70 m²: more than "
            f"{threshold_percent}% must",
            "保障性租赁住房须以建筑面积不超过70平方米的小户型为主",
        )
    ]


#: E7: where the planning conditions may come from, by the parcel's boundary flag
PLANNING_SOURCES = {True: ("detailed_plan",), False: ("village_plan", "general_rules")}
PLANNING_SOURCE_ZH = {
    "detailed_plan": "控制性详细规划",
    "village_plan": "村庄规划",
    "general_rules": "通则式管理规定",
}


def planning_source_problems(inside_boundary: bool, source: str) -> list[FieldProblem]:
    """E7: inside the urban development boundary the conditions come from the detailed
    plan (控规); outside, from the village plan or the general rules (通则式)."""
    allowed = PLANNING_SOURCES[inside_boundary]
    if source in allowed:
        return []
    where, where_zh = (
        ("inside", "城镇开发边界内") if inside_boundary else ("outside", "城镇开发边界外")
    )
    return [
        FieldProblem(
            "planning_source",
            "E7",
            f"a parcel {where} the urban development boundary takes its planning conditions "
            f"from {' or '.join(allowed)}, not {source}",
            f"{where_zh}地块的规划条件须依据"
            f"{'或'.join(PLANNING_SOURCE_ZH[a] for a in allowed)}出具",
        )
    ]


def survey_problems(body: EntryPlanIn) -> list[FieldProblem]:
    """E2: construction land by the 三调 survey, the registered area, the spatial plan
    done (L15) and pre-2009 historical land with its disposal decision."""
    p: list[FieldProblem] = []
    if body.land_class != "construction":
        p.append(
            FieldProblem(
                "land_class",
                "E2",
                "only land the survey classes as construction land may enter the market",
                "三调地类须为建设用地",
            )
        )
    if body.area_m2 != body.registered_area_m2:
        p.append(
            FieldProblem(
                "area_m2",
                "E2",
                f"the area {body.area_m2} m² differs from the registered "
                f"{body.registered_area_m2} m²",
                "入市面积与登记面积不一致",
            )
        )
    if not body.spatial_plan_done:
        p.append(
            FieldProblem(
                "spatial_plan_done", "L15", "the spatial plan must be done", "须已编制国土空间规划"
            )
        )
    if body.historical_pre_2009 and not body.disposal_decision_ref:
        p.append(
            FieldProblem(
                "disposal_decision_ref",
                "E2",
                "historical construction land formed before 2009 needs its disposal decision",
                "2009年以前形成的历史遗留建设用地须有处置决定",
            )
        )
    return p


def terms_problems(
    body: EntryPlanIn, max_terms: Mapping[str, int], lease_max: int
) -> list[FieldProblem]:
    """E6 way and term, E8 forbidden uses, L15 planning conditions."""
    p: list[FieldProblem] = []
    if body.land_use in FORBIDDEN_USES:
        p.append(
            FieldProblem(
                "land_use",
                "E8",
                f"入市 land is never used for {body.land_use.replace('_', ' ')}",
                f"严禁利用入市土地建设{FORBIDDEN_USES[body.land_use]}",
            )
        )
    elif body.land_use not in USES:
        p.append(
            FieldProblem(
                "land_use",
                "L15",
                "use must be industrial, commercial or affordable_rental_housing",
                "用途须为工业、商业或保障性租赁住房",
            )
        )
    limit = max_terms.get(body.land_use)
    if limit is not None and body.term_years > limit:
        p.append(
            FieldProblem(
                "term_years",
                "E6",
                f"the term exceeds the maximum of {limit} years for {body.land_use}",
                f"使用年限超过该用途最高年限{limit}年",
            )
        )
    lease = body.term_years if body.way == "lease" else body.lease_years
    if body.way in ("lease_then_transfer", "lease_and_transfer") and body.lease_years is None:
        p.append(
            FieldProblem("lease_years", "E6", "the lease phase must be stated", "须载明租赁期限")
        )
    if lease is not None and body.way in LEASE_WAYS and lease > lease_max:
        p.append(
            FieldProblem(
                "lease_years" if body.way != "lease" else "term_years",
                "E6",
                f"a lease runs at most {lease_max} years",
                f"租赁期限不得超过{lease_max}年",
            )
        )
    if body.lease_years is not None and body.lease_years > body.term_years:
        p.append(
            FieldProblem(
                "lease_years",
                "E6",
                "the lease phase is part of the whole term",
                "租赁期计入总年限",
            )
        )
    if body.way == "lease_then_transfer" and not (body.conversion_conditions or "").strip():
        p.append(
            FieldProblem(
                "conversion_conditions",
                "E6",
                "先租后让 records the conditions for the conversion to a transfer",
                "先租后让须载明转为出让的条件",
            )
        )
    if body.way in SHARE_WAYS and body.collective_share_percent is None:
        p.append(
            FieldProblem(
                "collective_share_percent",
                "E6",
                "入股 and 联营 record the collective's share",
                "作价入股、联营须载明集体所占份额",
            )
        )
    if not body.planning_conditions.strip():
        p.append(
            FieldProblem(
                "planning_conditions", "L15", "planning conditions must be attached", "须附规划条件"
            )
        )
    return p


def reserve_floor_fen(appraisal_fen: int, factor_percent: Decimal) -> int:
    """E5: the appraisal × the county's factor, rounded half up once."""
    return apply_rate(appraisal_fen, factor_percent / 100)


def appraisal_problems(
    appraisal: AppraisalIn, reserve_fen: int, factor_percent: Decimal, below_approved: bool
) -> list[FieldProblem]:
    """E5: an appraisal dated inside the appraiser's licence, and the reserve at least
    appraisal × factor unless the 2/3 decision approved less."""
    p: list[FieldProblem] = []
    if not appraisal.licence_valid_from <= appraisal.appraised_on <= appraisal.licence_valid_to:
        p.append(
            FieldProblem(
                "appraisal.appraised_on",
                "E5",
                f"the appraisal of {appraisal.appraised_on} is outside the licence "
                f"{appraisal.licence_no}'s validity ({appraisal.licence_valid_from} to "
                f"{appraisal.licence_valid_to})",
                "评估日期不在评估机构资质有效期内",
            )
        )
    floor = reserve_floor_fen(to_fen(appraisal.value), factor_percent)
    if reserve_fen < floor and not below_approved:
        p.append(
            FieldProblem(
                "reserve_price",
                "E5",
                f"the reserve is below {factor_percent}% of the appraisal without the "
                "members' 2/3 approval",
                "底价低于评估价，须经三分之二以上成员同意",
            )
        )
    return p


def compensation_floor_fen(area_m2: Decimal, standard_per_m2: Decimal) -> int:
    """E14: area × the county's expropriation standard, half up to the fen once."""
    return apply_rate(to_fen(standard_per_m2), area_m2)


def users_problems(
    users: Sequence[AdjustedUserIn], standard_per_m2: Decimal | None
) -> list[FieldProblem]:
    """E14: every adjusted user's compensation agreed and at least the expropriation
    standard for that land."""
    p: list[FieldProblem] = []
    if users and standard_per_m2 is None:
        p.append(
            FieldProblem(
                "users",
                "E14",
                "the county has not set its expropriation standard (expropriation_standard_per_m2)",
                "县级未设定征地补偿标准",
            )
        )
    for i, u in enumerate(users):
        if not u.agreed:
            p.append(
                FieldProblem(
                    f"users.{i}.agreed",
                    "E14",
                    f"{u.name}'s compensation is not agreed",
                    "使用权调整补偿尚未达成协议",
                )
            )
        if standard_per_m2 is not None:
            floor = compensation_floor_fen(u.area_m2, standard_per_m2)
            if to_fen(u.compensation) < floor:
                p.append(
                    FieldProblem(
                        f"users.{i}.compensation",
                        "E14",
                        f"{u.name}'s compensation is below the expropriation standard "
                        f"({floor / 100:.2f} for {u.area_m2} m²)",
                        "补偿不得低于被征地农民补偿标准",
                    )
                )
    return p


def choice_problems(choice: str) -> list[FieldProblem]:
    """E3/E14: the members chose 入市 over expropriation."""
    if choice == "entry":
        return []
    return [
        FieldProblem(
            "members_choice",
            "E14",
            "the members chose expropriation, not entry into the market",
            "集体成员选择成片开发征收，不得入市",
        )
    ]


def required_departments(configured: Iterable[str], land_use: str) -> list[str]:
    """E4: housing reviews only affordable rental housing."""
    return [d for d in configured if d != "housing" or land_use == "affordable_rental_housing"]


def missing_opinions(
    required: Iterable[str], opinions: Mapping[str, Mapping[str, object]]
) -> list[str]:
    """The departments whose opinion is missing or negative."""
    return [d for d in required if not (opinions.get(d) or {}).get("passed")]


def quota_problems(
    quotas: Mapping[str, str], used: Mapping[str, Decimal], land_use: str, area: Decimal
) -> list[FieldProblem]:
    """E4: a parcel fits in what is left of its use's area in the year's plan."""
    quota = Decimal(quotas.get(land_use, "0"))
    left = quota - used.get(land_use, Decimal(0))
    if area <= left:
        return []
    return [
        FieldProblem(
            "supply_plan_id",
            "E4",
            f"the plan has {left} m² of {land_use} left, the parcel needs {area} m²",
            "超出年度供应计划该用途剩余面积",
        )
    ]


def register_problems(appraisal: AppraisalIn, register: Sequence[Any]) -> list[FieldProblem]:
    """E5 with L20: once the county keeps its register of appraisers (listing's, followed
    here), the appraisal's licence must be an active appraiser of it, valid on the
    appraisal's date by the register's own dates. A county with no register yet is held
    to the licence dates the appraisal states (above)."""
    if not register:
        return []
    valid = [
        a
        for a in register
        if a.licence_no == appraisal.licence_no
        and a.active
        and a.valid_from <= appraisal.appraised_on <= a.valid_until
    ]
    if valid:
        return []
    return [
        FieldProblem(
            "appraisal.licence_no",
            "L20",
            f"licence {appraisal.licence_no} is not an appraiser of the county's register "
            f"valid on {appraisal.appraised_on}",
            "评估机构未在本县中介机构名录登记，或评估日不在其登记有效期内",
        )
    ]
