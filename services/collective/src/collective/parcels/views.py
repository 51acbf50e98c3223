"""Views of the homestead inventory — 宅基地台账视图 (Z2)."""

from __future__ import annotations

from decimal import Decimal

from collective.parcels.models import Parcel
from collective.parcels.schemas import HomesteadStatusOut, ParcelOut


def parcel_out(p: Parcel) -> ParcelOut:
    return ParcelOut.model_validate(p)


def status_out(
    household_id: str, status: str, parcels: list[Parcel], limit: Decimal | None
) -> HomesteadStatusOut:
    return HomesteadStatusOut(
        household_id=household_id,
        status=status,  # type: ignore[arg-type]
        area_limit_m2=limit,
        total_area_m2=sum((p.area_m2 for p in parcels), Decimal("0.00")),
        parcels=[parcel_out(p) for p in parcels],
    )
