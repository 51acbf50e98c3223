"""R24: the two-rights pilot statistics — a query over liens, disposals, compensation and
visits, grouped by county, lender and right class — and their scheduled filing (X7,
common.filings): the county's duty starts with its first registered lien."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.access import require_county
from common.auth import Principal
from common.clock import SHANGHAI
from common.filings import (
    Filings,
    Period,
    ReportDefinition,
    day_of_next_month,
    days_after,
    january,
    start_duty,
)
from common.money import from_fen, to_fen
from registry.disposals.models import Disposal
from registry.liens.models import Compensation, Lien
from registry.rights.models import Right
from registry.statistics import rules
from registry.statistics.models import Filing
from registry.statistics.rules import KIND_WORD, right_class
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
    return await compute(session, county, p)


async def compute(session: AsyncSession, county: str, p: Period) -> PilotStatistics:
    """The figures of ``p`` (no access check: the caller checked, or the filing timer
    runs as the system). Every count is dated, so a past period computes the same."""
    start, end = _at(p.start), _at(p.end + timedelta(days=1))
    # the county's liens as rows, and their disposals and visits joined on them: a list
    # of the liens' ids bound as parameters fails past 32,767 (bench/reports_bench.py)
    of_county = (Lien.county == county, Lien.registered_at < end)
    rows = await session.execute(
        select(
            Lien.id,
            Lien.lender_org_id,
            Lien.mortgagee_kind,
            Lien.secured_amount_fen,
            Lien.registered_at,
            Lien.discharged_at,
            Lien.discharge_reason,
            Right.right_type,
        )
        .join(Right, Right.certificate_no == Lien.certificate_no, isouter=True)
        .where(*of_county)
    )
    acc: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    key_of: dict[str, tuple[str, str]] = {}
    for lien in rows:
        # R24 by lender: an enterprise or person mortgagee (R23) is grouped as its kind
        key = (lien.lender_org_id or lien.mortgagee_kind, right_class(lien.right_type))
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
        disposals = await session.scalars(
            select(Disposal).join(Lien, Lien.id == Disposal.lien_id).where(*of_county)
        )
        for d in disposals.all():
            a = acc[key_of[d.lien_id]]
            if start <= d.requested_at < end:
                a["disposals"] += 1
            if d.settled_at is not None and start <= d.settled_at < end:
                a["disposals_settled"] += 1
                a["disposal_proceeds"] += d.proceeds_fen or 0
                a["disposal_to_lender"] += d.to_lender_fen or 0
        visits = await session.execute(
            select(Visit.lien_id)
            .join(Lien, Lien.id == Visit.lien_id)
            .where(
                *of_county,
                Visit.status.in_(("overdue", "done_late")),
                Visit.due_on >= p.start,
                Visit.due_on <= p.end,
            )
        )
        for (lien_id,) in visits.all():
            acc[key_of[lien_id]]["overdue_visits"] += 1
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
        period=p.name,
        kind=KIND_WORD[p.kind],  # type: ignore[arg-type]
        start=p.start,
        end=p.end,
        due=R24_REPORT.due_date(p),
        rows=out,
    )


# --- filings (X7) -------------------------------------------------------------------------


async def _r24_filing(
    session: AsyncSession, county: str, p: Period
) -> tuple[dict[str, Any], dict[str, Any]]:
    stats = (await compute(session, county, p)).model_dump(mode="json")
    return stats, rules.workbook(stats, R24_REPORT.workbook_title(county, p))


#: R24: monthly by day 10 (CHOICE), quarterly within 10 days, annual by 10 January; to
#: the county's agriculture department (the pilot's office) and the supervisor.
R24_REPORT = ReportDefinition(
    key="r24",
    title_zh="两权抵押贷款试点统计",
    rule="R24",
    due={"month": day_of_next_month(10), "quarter": days_after(10), "year": january(10)},
    recipients=("county_department", "supervisor"),
    compute=_r24_filing,
)
FILINGS = Filings(Filing, R24_REPORT)


async def on_lien_registered(session: AsyncSession, _who: Principal | None, lien: Any) -> None:
    """A county's first registered lien starts its R24 filing duty (once per county)."""
    await start_duty(session, R24_REPORT.key, lien.county)
