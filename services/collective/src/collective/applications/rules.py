"""Pure rules of the homestead application chain — 宅基地审批 (DOMAIN Z3, Z4): what the
site and the house may be, the joint review's opinions, the county filing's lateness and
the acceptance's area; every reason at once, with its rule id."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from collective.applications.schemas import DEPARTMENTS
from common.problems import FieldProblem

DEPARTMENT_ZH = {
    "agriculture": "农业农村部门",
    "natural_resources": "自然资源和规划部门",
    "housing": "住房和城乡建设部门",
}


@dataclass(frozen=True)
class PlanLimits:
    """The county's homestead area limit and the village plan's limits (None: unset)."""

    area_limit_m2: Decimal | None
    max_floors: int | None
    max_height_m: Decimal | None


def site_problems(
    *,
    area_m2: Decimal,
    floors: int,
    height_m: Decimal,
    in_plan_zone: bool,
    in_year_plan: bool,
    house_disposed: bool,
    limits: PlanLimits,
) -> list[FieldProblem]:
    """Why the site or the house cannot be approved (Z3)."""
    problems: list[FieldProblem] = []
    if limits.area_limit_m2 is not None and area_m2 > limits.area_limit_m2:
        problems.append(
            FieldProblem(
                "area_m2",
                "Z3",
                f"{area_m2} m² is above the county's limit of {limits.area_limit_m2} m²",
                f"申请面积{area_m2}平方米超过本县标准{limits.area_limit_m2}平方米",
            )
        )
    if not in_plan_zone:
        problems.append(
            FieldProblem(
                "in_plan_zone",
                "Z3",
                "the site is outside the village plan's homestead zone",
                "选址不在村庄规划宅基地建设范围内",
            )
        )
    if not in_year_plan:
        problems.append(
            FieldProblem(
                "in_year_plan",
                "Z3",
                "the site is not in the year's land-use plan",
                "未纳入年度用地计划",
            )
        )
    if limits.max_floors is not None and floors > limits.max_floors:
        problems.append(
            FieldProblem(
                "floors",
                "Z3",
                f"{floors} floors is above the village plan's {limits.max_floors}",
                f"层数{floors}超过村庄规划的{limits.max_floors}层",
            )
        )
    if limits.max_height_m is not None and height_m > limits.max_height_m:
        problems.append(
            FieldProblem(
                "height_m",
                "Z3",
                f"{height_m} m is above the village plan's {limits.max_height_m} m",
                f"层高{height_m}米超过村庄规划的{limits.max_height_m}米",
            )
        )
    if house_disposed:
        problems.append(
            FieldProblem(
                "house_disposed",
                "Z3",
                "a household that sold, leased or gave away its house may not apply again "
                "(EXTERNAL 土地管理法 第六十二条)",
                "农村村民出卖、出租、赠与住宅后，再申请宅基地的，不予批准",
            )
        )
    return problems


def opinion_problems(opinions: Mapping[str, bool]) -> list[FieldProblem]:
    """The township approves only with all three departments' opinions, none against."""
    problems: list[FieldProblem] = []
    for d in DEPARTMENTS:
        if d not in opinions:
            problems.append(
                FieldProblem(
                    "department",
                    "Z3",
                    f"the {d.replace('_', ' ')} department's opinion is missing",
                    f"缺少{DEPARTMENT_ZH[d]}的联审意见",
                )
            )
        elif not opinions[d]:
            problems.append(
                FieldProblem(
                    "department",
                    "Z3",
                    f"the {d.replace('_', ' ')} department is against",
                    f"{DEPARTMENT_ZH[d]}不同意",
                )
            )
    return problems


def filed_late(filed_at: datetime, due_at: datetime | None) -> bool:
    """A filing after its deadline stays flagged late (the seed: 及时报送备案)."""
    return due_at is not None and filed_at > due_at


def acceptance_problems(built_area_m2: Decimal, approved_area_m2: Decimal) -> list[FieldProblem]:
    """The house may not occupy more land than approved (Z4: no first registration above
    the approved area)."""
    if built_area_m2 > approved_area_m2:
        return [
            FieldProblem(
                "built_area_m2",
                "Z4",
                f"{built_area_m2} m² built is above the {approved_area_m2} m² approved",
                f"实际占地{built_area_m2}平方米超过批准面积{approved_area_m2}平方米",
            )
        ]
    return []


def sample_size(population: int, percent: Decimal) -> int:
    """Z12: ``percent`` of the year's approvals, rounded up, at least one (none of none)."""
    if population == 0:
        return 0
    return min(population, max(1, math.ceil(Decimal(population) * percent / 100)))


def draw_sample(
    application_ids: Sequence[str], percent: Decimal, township: str, year: int, seed: str
) -> list[str]:
    """The sample of a township's approvals of a year (Z12), a pure function of the
    sorted ledger, the rate and the recorded seed — so the draw can be audited by
    drawing it again. Returned in ledger order (sorted ids)."""
    population = sorted(application_ids)
    chosen = random.Random(f"{township}:{year}:{seed}").sample(
        population, sample_size(len(population), percent)
    )
    return sorted(chosen)
