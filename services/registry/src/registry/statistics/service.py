"""R24: the two-rights pilot statistics — a query over liens, disposals, compensation and
visits, grouped by county, lender and right class. Reads only; never writes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.access import require_county
from common.auth import Principal
from common.clock import SHANGHAI
from common.money import from_fen, to_fen
from registry.disposals.models import Disposal
from registry.liens.models import Compensation, Lien
from registry.rights.models import Right
from registry.statistics.rules import Period, right_class
from registry.statistics.schemas import PilotRow, PilotStatistics
from registry.visits.models import Visit

_MONEY = (
    "registered_amount",
    "outstanding_amount",
    "disposal_proceeds",
    "disposal_to_lender",
    "compensation_to_lender",
)


def _at(d: date) -> datetime:
    """Local midnight opening ``d``, the bound a stored UTC moment is compared with."""
    return datetime.combine(d, time(0), tzinfo=SHANGHAI)


async def pilot_statistics(
    session: AsyncSession, who: Principal, county: str, p: Period
) -> PilotStatistics:
    """Every lien of the county registered before the period's end, with what happened to
    it in the period (X3: the county's own staff)."""
    require_county(who, county, "the county's statistics", "该县的统计")
    start, end = _at(p.start), _at(p.end)
    rows = await session.execute(
        select(Lien, Right.right_type)
        .join(Right, Right.certificate_no == Lien.certificate_no, isouter=True)
        .where(Lien.county == county, Lien.registered_at < end)
    )
    acc: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    key_of: dict[str, tuple[str, str]] = {}
    for lien, right_type in rows:
        key = (lien.lender_org_id, right_class(right_type))
        key_of[lien.id] = key
        a = acc[key]
        if lien.registered_at >= start:
            a["registered"] += 1
            a["registered_amount"] += lien.secured_amount_fen
        ended = lien.discharged_at is not None and lien.discharged_at < end
        if not ended:
            a["outstanding"] += 1
            a["outstanding_amount"] += lien.secured_amount_fen
        elif lien.discharged_at >= start and lien.discharge_reason:
            a[f"discharged_{lien.discharge_reason}"] += 1
    if key_of:
        ids = list(key_of)
        for d in (await session.scalars(select(Disposal).where(Disposal.lien_id.in_(ids)))).all():
            a = acc[key_of[d.lien_id]]
            if start <= d.requested_at < end:
                a["disposals"] += 1
            if d.settled_at is not None and start <= d.settled_at < end:
                a["disposals_settled"] += 1
                a["disposal_proceeds"] += d.proceeds_fen or 0
                a["disposal_to_lender"] += d.to_lender_fen or 0
        visits = await session.scalars(
            select(Visit).where(
                Visit.lien_id.in_(ids),
                Visit.status.in_(("overdue", "done_late")),
                Visit.due_on >= p.start,
                Visit.due_on < p.end,
            )
        )
        for v in visits.all():
            acc[key_of[v.lien_id]]["overdue_visits"] += 1
        compensations = await session.scalars(
            select(Compensation).where(
                Compensation.decided_at >= start, Compensation.decided_at < end
            )
        )
        for c in compensations.all():
            for payout in c.payouts:
                if payout.get("lien_id") in key_of:
                    acc[key_of[payout["lien_id"]]]["compensation_to_lender"] += to_fen(
                        payout["amount"]
                    )
    out = [
        PilotRow(
            county=county,
            lender_org_id=lender,
            right_class=cls,  # type: ignore[arg-type]
            **{k: (from_fen(v) if k in _MONEY else v) for k, v in a.items()},
            **{k: from_fen(0) for k in _MONEY if k not in a},
        )
        for (lender, cls), a in sorted(acc.items())
    ]
    return PilotStatistics(
        county=county,
        period=p.label,
        kind=p.kind,
        start=p.start,
        end=p.end.fromordinal(p.end.toordinal() - 1),
        due=p.due,
        rows=out,
    )
