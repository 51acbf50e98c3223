"""The statistics' queries — 统计查询 (Z13): counts over every area, for one county (and
optionally one township)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.applications.models import HomesteadApplication
from collective.liens.models import RightLien
from collective.parcels.models import Parcel
from collective.pilot.models import PilotScope
from collective.qualifications.models import Qualification
from collective.qualifications.states import QUALIFIED
from collective.transfers.models import HomesteadTransfer
from collective.withdrawals.models import Withdrawal


def _where(model: Any, county: str, township: str | None) -> list[Any]:
    conds = [model.county == county]
    if township:
        conds.append(model.township == township)
    return conds


async def figures(session: AsyncSession, county: str, township: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    pilots = (
        await session.execute(
            select(PilotScope.id, PilotScope.township).where(
                *_where(PilotScope, county, township), PilotScope.enabled.is_(True)
            )
        )
    ).all()
    out["pilot_collectives"] = len(pilots)
    out["pilot_townships"] = len({t for _, t in pilots})
    out["qualified_households"] = await session.scalar(
        select(func.count()).where(
            *_where(Qualification, county, township), Qualification.status.in_(QUALIFIED)
        )
    )
    parcels = (
        await session.execute(
            select(
                Parcel.use,
                Parcel.status,
                Parcel.household_id,
                Parcel.area_m2,
                Parcel.certificate_no,
            ).where(*_where(Parcel, county, township))
        )
    ).all()
    out["parcels"] = parcels
    approved = (
        await session.execute(
            select(
                HomesteadApplication.applied_at,
                HomesteadApplication.approved_at,
                HomesteadApplication.filing_late,
            ).where(
                *_where(HomesteadApplication, county, township),
                HomesteadApplication.approved_at.is_not(None),
            )
        )
    ).all()
    out["approved"] = approved
    paid = (
        await session.execute(
            select(Withdrawal.land_area_m2, Withdrawal.compensation_fen).where(
                *_where(Withdrawal, county, township), Withdrawal.status == "paid"
            )
        )
    ).all()
    out["paid"] = paid
    out["transfers"] = dict(
        (
            await session.execute(
                select(HomesteadTransfer.kind, func.count())
                .where(*_where(HomesteadTransfer, county, township))
                .group_by(HomesteadTransfer.kind)
            )
        ).all()
    )
    certificates = [p.certificate_no for p in parcels if p.certificate_no]
    out["active_liens"] = (
        await session.scalar(
            select(func.count()).where(
                RightLien.active.is_(True), RightLien.certificate_no.in_(certificates)
            )
        )
        if certificates
        else 0
    )
    out["zero"] = Decimal("0.00")
    return out
