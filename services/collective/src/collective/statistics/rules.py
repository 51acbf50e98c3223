"""Pure rules of the homestead statistics — 统计口径 (Z13)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

M2_PER_MU = Decimal(2000) / Decimal(3)
TWO = Decimal("0.01")


def progress_percent(registered: int, inventory: int) -> Decimal | None:
    """房地一体 progress: registered parcels ÷ inventory parcels, to two places."""
    if inventory == 0:
        return None
    return (Decimal(100 * registered) / Decimal(inventory)).quantize(TWO, ROUND_HALF_UP)


def mu(m2: Decimal) -> Decimal:
    return (m2 / M2_PER_MU).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def mean_days(seconds: list[float]) -> Decimal | None:
    if not seconds:
        return None
    return (Decimal(str(sum(seconds))) / Decimal(86400 * len(seconds))).quantize(TWO, ROUND_HALF_UP)
