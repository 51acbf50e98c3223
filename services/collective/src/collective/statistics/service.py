"""Homestead statistics — 宅基地改革统计 (DOMAIN Z13, X7): on request, for a county or
one township: the pilot's scope, qualified households, parcels by use and inventory
status, approvals and their mean duration, late filings, withdrawals (count, m²,
compensation), the reserve (idle collective parcels, in parcels and mu), transfers by
kind, leases, active liens, and 房地一体 progress against the county's target (90 %)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import check_township_readable
from collective.params import PARAMS
from collective.statistics import repository, rules
from collective.statistics.models import Filing
from collective.statistics.schemas import Statistics
from common.access import require_county
from common.auth import OrgType, Principal
from common.context import now
from common.filings import (
    Filings,
    Period,
    ReportDefinition,
    day_of_next_month,
    days_after,
    january,
)
from common.money import from_fen
from common.quantities import mu_of_m2


async def statistics(
    session: AsyncSession, who: Principal, county: str, township: str | None
) -> Statistics:
    if who.org.type == OrgType.township:  # a township office reads its own township (X3)
        township = township or who.org.id
    if township:
        check_township_readable(who, township)
        township = township if township[:6] == county else None
    else:
        require_county(who, county, "the county's homestead statistics", "本县宅基地统计")
    return await compute(session, county, township)


async def compute(session: AsyncSession, county: str, township: str | None) -> Statistics:
    """The figures as they stand now (no access check: the caller checked, or the
    filing timer runs as the system)."""
    f = await repository.figures(session, county, township)
    parcels = f["parcels"]
    reserve = [p for p in parcels if p.household_id is None and p.use == "idle"]
    registered = sum(1 for p in parcels if p.certificate_no)
    progress = rules.progress_percent(registered, len(parcels))
    target = Decimal(await PARAMS.get(session, county, "registration_target_percent"))
    return Statistics(
        county=county,
        township=township,
        at=now(session),
        pilot_collectives=f["pilot_collectives"],
        pilot_townships=f["pilot_townships"],
        qualified_households=f["qualified_households"] or 0,
        parcels_by_use=dict(Counter(p.use for p in parcels)),
        parcels_by_inventory_status=dict(Counter(p.status for p in parcels)),
        approvals=len(f["approved"]),
        approval_days_mean=rules.mean_days(
            [(a.approved_at - a.applied_at).total_seconds() for a in f["approved"]]
        ),
        filings_late=sum(1 for a in f["approved"] if a.filing_late),
        withdrawals=len(f["paid"]),
        withdrawn_m2=sum((w.land_area_m2 or f["zero"] for w in f["paid"]), f["zero"]),
        withdrawal_compensation=from_fen(sum(w.compensation_fen or 0 for w in f["paid"])),
        reserve_parcels=len(reserve),
        reserve_mu=mu_of_m2(sum((p.area_m2 for p in reserve), f["zero"])),
        transfers_by_kind=f["transfers"],
        leased_parcels=sum(1 for p in parcels if p.use == "leased"),
        active_liens=f["active_liens"],
        registered_parcels=registered,
        registration_progress_percent=progress,
        registration_target_percent=target,
        registration_target_met=progress is not None and progress >= target,
    )


# --- filings (X7) -------------------------------------------------------------------------


async def _z13_filing(
    session: AsyncSession, county: str, p: Period
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a Z13 filing freezes: the county's figures at the filing moment (stocks, as
    the statistics are; Z13 keeps no history to recompute a past day) and its workbook."""
    stats = (await compute(session, county, None)).model_dump(mode="json")
    title = Z13_REPORT.workbook_title(county, p)
    due = Z13_REPORT.due_date(p).isoformat()
    return stats, rules.workbook(stats, title, p.name, due)


#: Z13 pilot statistics: monthly by day 10 of the next month, quarterly within 10 days,
#: annual by 10 January (the dates the seeds give the two-rights pilot, R24: CHOICE),
#: to the county homestead office and the supervisor.
Z13_REPORT = ReportDefinition(
    key="z13",
    title_zh="宅基地制度改革试点统计",
    rule="Z13",
    due={"month": day_of_next_month(10), "quarter": days_after(10), "year": january(10)},
    recipients=("county_homestead_office", "supervisor"),
    compute=_z13_filing,
)
FILINGS = Filings(Filing, Z13_REPORT)
