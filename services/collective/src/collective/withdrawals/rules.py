"""Pure rules of a voluntary paid withdrawal — 自愿有偿退出 (DOMAIN Z7): the compensation
exact to the fen, and what blocks the payout."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from common.money import apply_rate, to_fen
from common.problems import FieldProblem


def compensation_fen(
    land_area_m2: Decimal, land_rate: Decimal, building_area_m2: Decimal, building_rate: Decimal
) -> int:
    """Land and building, each rounded half up to the fen, then added."""
    land = apply_rate(to_fen(land_rate), land_area_m2)
    return land + apply_rate(to_fen(building_rate), building_area_m2)


def lien_problems(active_liens: Sequence[str]) -> list[FieldProblem]:
    """An active lien blocks the payout until registry has discharged it (清偿后注销)."""
    if not active_liens:
        return []
    return [
        FieldProblem(
            "certificate_no",
            "Z7",
            f"the right carries an active lien ({', '.join(active_liens)}): it must be "
            "discharged at payout first",
            "该权利存在未注销的抵押权，须先清偿注销方可支付补偿",
        )
    ]
