"""County parameters of the collective service — 县级参数 (DOMAIN X5, Z2).

A county changes them through ``/county-parameters`` (audited, effective from a date).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from common.county_config import CountyParameters, Parameter, at_least


def positive_when_set(new: Any, _current: Any) -> str | None:
    """An area limit is either unset (null) or a positive area."""
    if new is not None and new <= 0:
        return "must be a positive area or null / 须为正数或不设"
    return None


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
)
