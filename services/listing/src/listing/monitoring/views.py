"""The monthly market report as the supervisor reads it — 市场监测月报 (L25) — and as it
is filed (X7): the filing freezes what the JSON endpoint gives."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.documents import COUNTY_NAMES
from common.filings import Filings, Period, ReportDefinition, day_of_next_month
from common.money import from_fen
from common.views import view_of, yuan
from listing.monitoring import rules, service
from listing.monitoring.models import Filing
from listing.monitoring.rules import MonitoringReport, TownshipRow
from listing.monitoring.schemas import FlagOut, MonitoringOut, ReserveOut, StopOut, TownshipOut


def township_out(r: TownshipRow) -> TownshipOut:
    return view_of(
        TownshipOut,
        r,
        stops=[StopOut(**vars(s)) for s in r.stops],
        reserves=[
            view_of(
                ReserveOut,
                c,
                reserve_price=from_fen(c.reserve_fen),
                reference_value=yuan(c.reference_fen),
            )
            for c in r.reserves
        ],
        forfeited_deposits=r.forfeited,
        forfeited_amount=from_fen(r.forfeited_fen),
    )


def monitoring_out(report: MonitoringReport) -> MonitoringOut:
    return view_of(
        MonitoringOut,
        report,
        townships=[township_out(r) for r in report.townships],
        county_total=township_out(report.county_total),
        off_exchange_flags=[view_of(FlagOut, f, value=from_fen(f.value_fen)) for f in report.flags],
        forfeited_deposit_count=report.forfeited_count,
        forfeited_deposits=from_fen(report.forfeited_deposits_fen),
    )


# --- filings (X7) -------------------------------------------------------------------------


async def _l25_filing(
    session: AsyncSession, county: str, p: Period
) -> tuple[dict[str, Any], dict[str, Any]]:
    report = await service.compute(session, county, p.start)
    data = monitoring_out(report).model_dump(mode="json")
    title = f"{COUNTY_NAMES.get(county, county)}农村产权交易市场监测月报{p.name}"
    return data, rules.workbook(data, title, L25_REPORT.due_date(p).isoformat())


#: L25: monthly, by day 10 of the next month (CHOICE, as R24's monthly filing), to the
#: supervisor; the exchange centre files early or corrects.
L25_REPORT = ReportDefinition(
    key="l25",
    title_zh="农村产权交易市场监测月报",
    rule="L25",
    due={"month": day_of_next_month(10)},
    recipients=("supervisor",),
    compute=_l25_filing,
)
FILINGS = Filings(Filing, L25_REPORT)
