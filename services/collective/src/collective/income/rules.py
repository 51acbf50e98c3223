"""Pure rules of the homestead income — 宅基地收益分配 (DOMAIN Z11): the farmer part is more
than half (「主要收益归农民」), exact to the fen, and the parts add up; the collective part
goes to the members by shares when the village's yearly income reaches the county's
threshold, else it is retained by X5."""

from __future__ import annotations

from decimal import Decimal

from common.money import allocate, allocate_percentages
from common.problems import FieldProblem

HALF = Decimal(50)


def split(amount_fen: int, farmer_percent: Decimal) -> tuple[int, int]:
    """(farmer part, collective part) in fen; they add up to the amount."""
    farmer, collective = allocate_percentages(amount_fen, [farmer_percent, 100 - farmer_percent])
    return farmer, collective


def split_problems(
    amount_fen: int, farmer_percent: Decimal, county_minimum: Decimal
) -> list[FieldProblem]:
    """The farmer part must be more than 50 % (and more than the county's minimum, which
    is never below 50), in percent and in fen after rounding."""
    floor = max(HALF, county_minimum)
    if farmer_percent <= floor:
        return [
            FieldProblem(
                "farmer_percent",
                "Z11",
                f"the farmer part must be more than {floor}% (主要收益归农民), "
                f"not {farmer_percent}%",
                f"农民所得须高于{floor}%，现为{farmer_percent}%",
            )
        ]
    farmer, _ = split(amount_fen, farmer_percent)
    if 2 * farmer <= amount_fen:
        return [
            FieldProblem(
                "amount",
                "Z11",
                "to the fen the farmer part would not be more than half of this amount",
                "按分计算农民所得未超过一半",
            )
        ]
    return []


def pays_dividends(year_income_fen: int, threshold_fen: int | None) -> bool:
    """收益较多的村按股分红: the village's yearly homestead income reaches the threshold
    (unset: never — the seed gives no number)."""
    return threshold_fen is not None and year_income_fen >= threshold_fen


def dividends(collective_fen: int, shares: list[int]) -> list[int]:
    """The collective part by shares, exact to the fen (largest remainder)."""
    return allocate(collective_fen, shares)
