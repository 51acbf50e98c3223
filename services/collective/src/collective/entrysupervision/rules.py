"""Pure rules of the supervision — 入市后监管规则 (E7, E10)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from collective.entrysupervision.schemas import ChecklistIn
from common.clock import SHANGHAI
from common.problems import FieldProblem

#: E7: the permits construction needs, by the parcel's boundary flag
REQUIRED_PERMITS = {
    True: ("land_use_planning", "works_planning"),  # 建设用地规划许可证, 建设工程规划许可证
    False: ("rural_construction_planning",),  # 乡村建设规划许可证
}
PERMIT_ZH = {
    "rural_construction_planning": "乡村建设规划许可证",
    "land_use_planning": "建设用地规划许可证",
    "works_planning": "建设工程规划许可证",
}


def required_permits(inside_boundary: bool | None) -> tuple[str, ...]:
    """The permits of the land; a plan recorded before E7 (no boundary flag) needs the
    inside set, the stricter one (CHOICE)."""
    return REQUIRED_PERMITS[inside_boundary is not False]


def permit_kind_problems(kind: str, inside_boundary: bool | None) -> list[FieldProblem]:
    allowed = required_permits(inside_boundary)
    if kind in allowed:
        return []
    return [
        FieldProblem(
            "kind",
            "E7",
            f"this land needs {' and '.join(allowed)}, not {kind}",
            f"该地块应办理{'、'.join(PERMIT_ZH[k] for k in allowed)}",
        )
    ]


def missing_permits(inside_boundary: bool | None, held: set[str]) -> list[str]:
    return [k for k in required_permits(inside_boundary) if k not in held]


def checklist_problems(body: ChecklistIn, land_use: str) -> list[FieldProblem]:
    """E10: the dates in order, the contract's use, rental housing's terms."""
    p: list[FieldProblem] = []
    if body.complete_by <= body.start_by:
        p.append(
            FieldProblem(
                "complete_by",
                "E10",
                "completion comes after the construction start",
                "竣工日期须晚于动工日期",
            )
        )
    if body.land_use != land_use:
        p.append(
            FieldProblem(
                "land_use",
                "E10",
                f"the checklist's use must be the contract's ({land_use})",
                "监管清单用途须与合同一致",
            )
        )
    if land_use == "affordable_rental_housing" and not (body.rental_housing_terms or "").strip():
        p.append(
            FieldProblem(
                "rental_housing_terms",
                "E10",
                "affordable rental housing needs its terms (never sold, small units, E8)",
                "保障性租赁住房须列明监管要求",
            )
        )
    return p


def years_after(day: date, years: int) -> datetime:
    """Local midnight beginning the day ``years`` after ``day`` (29 February → 28th)."""
    try:
        later = day.replace(year=day.year + years)
    except ValueError:
        later = day.replace(year=day.year + years, day=28)
    return datetime.combine(later, time(0), tzinfo=SHANGHAI)


def idle_fee_fen(price_fen: int, percent: Decimal) -> int:
    """The idle fee (土地闲置费): the percentage of the price, half up to the fen once."""
    return int((Decimal(price_fen) * percent / 100).quantize(Decimal(1), ROUND_HALF_UP))
