"""入市统计 — the county's E statistics (DOMAIN E4, E11–E13 through X7): per month,
quarter and year, the plans by state, the supply plan's area by use and what is left,
the deals (count, area, price), the adjustment fund withheld, the collectives'
retention, the members' distributions and E13's net income per mu by use.

The duty starts when the county publishes its first supply plan (``start_duty`` from the
entry area); the filing is due as Z13's (CHOICE: the seeds give the E statistics no
dates), to the natural resources bureau, the county homestead office and the supervisor.
Flows (deals, settlements) are counted by their moment inside the period (Asia/Shanghai);
the plans' states are a stock, as they stand when computed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from collective.entrystatistics import repository, rules
from collective.entrystatistics.schemas import (
    DealsByUse,
    EntryStatistics,
    NetIncomeByUse,
    SupplyRow,
)
from collective.statistics.models import Filing
from common.context import now
from common.filings import (
    Filings,
    Period,
    ReportDefinition,
    day_of_next_month,
    days_after,
    due_moment,
    january,
    period_close,
)
from common.money import from_fen

#: the report's key, in URLs and timer keys (the entry area starts the duty by it)
ENTRY_REPORT_KEY = "entry"


async def compute(session: AsyncSession, county: str, p: Period) -> EntryStatistics:
    """The figures of ``p`` as they stand now (the caller checked access)."""
    start = due_moment(p.start - timedelta(days=1))  # the period's first local midnight
    end = period_close(p)
    supply, used = await repository.supply(session, county, p.start.year)
    quotas = supply.quotas_m2 if supply else {}
    concluded = await repository.deals_concluded(session, county, start, end)
    settled = await repository.deals_settled(session, county, start, end)
    by_use = rules.deals_by_use(concluded)
    net = rules.net_income_by_use(settled)
    return EntryStatistics(
        county=county,
        period=p.name,
        at=now(session),
        plans_by_status=await repository.plans_by_status(session, county),
        supply_year=p.start.year,
        supply_reference=supply.reference if supply else None,
        supply=[SupplyRow(**r) for r in rules.supply_rows(quotas, used)],
        deals=len(concluded),
        deals_area_m2=sum((r["area_m2"] for r in by_use), Decimal("0.00")),
        deals_price=from_fen(sum(r["price_fen"] for r in by_use)),
        deals_by_use=[DealsByUse(**r, price=from_fen(r["price_fen"])) for r in by_use],
        settled=len(settled),
        adjustment_fund=from_fen(sum(d.fund_fen or 0 for d in settled)),
        taxes_fees=from_fen(sum(d.taxes_fen or 0 for d in settled)),
        retention=from_fen(sum(d.retention_fen or 0 for d in settled)),
        member_distributions=from_fen(sum(d.members_fen or 0 for d in settled)),
        net_income_by_use=[NetIncomeByUse(**r, net_income=from_fen(r["net_fen"])) for r in net],
    )


async def _filing(
    session: AsyncSession, county: str, p: Period
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a filing freezes: the period's figures and their workbook."""
    stats = (await compute(session, county, p)).model_dump(mode="json")
    title = ENTRY_REPORT.workbook_title(county, p)
    due = ENTRY_REPORT.due_date(p).isoformat()
    return stats, rules.workbook(stats, title, p.name, due)


#: The E statistics: monthly by day 10 of the next month, quarterly within 10 days,
#: annual by 10 January (as Z13's, CHOICE).
ENTRY_REPORT = ReportDefinition(
    key=ENTRY_REPORT_KEY,
    title_zh="集体经营性建设用地入市统计",
    rule="E13",
    due={"month": day_of_next_month(10), "quarter": days_after(10), "year": january(10)},
    recipients=("natural_resources_bureau", "county_homestead_office", "supervisor"),
    compute=_filing,
)
#: the same ``filings`` table as Z13's (one per service; rows keyed by report)
FILINGS = Filings(Filing, ENTRY_REPORT)
