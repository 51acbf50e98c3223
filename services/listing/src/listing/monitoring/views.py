"""The monthly market report as the supervisor reads it — 市场监测月报 (L25)."""

from __future__ import annotations

from common.money import from_fen
from listing.monitoring.rules import MonitoringReport, TownshipRow
from listing.monitoring.schemas import FlagOut, MonitoringOut, ReserveOut, StopOut, TownshipOut


def township_out(r: TownshipRow) -> TownshipOut:
    return TownshipOut(
        township=r.township,
        by_state=r.by_state,
        closed=r.closed,
        failed=r.failed,
        failure_rate=r.failure_rate,
        stops=[StopOut(**vars(s)) for s in r.stops],
        reserves=[
            ReserveOut(
                listing_id=c.listing_id,
                reserve_price=from_fen(c.reserve_fen),
                reference_value=None if c.reference_fen is None else from_fen(c.reference_fen),
                below_range=c.below_range,
            )
            for c in r.reserves
        ],
        restriction_hits=r.restriction_hits,
    )


def monitoring_out(report: MonitoringReport) -> MonitoringOut:
    return MonitoringOut(
        county=report.county,
        month=report.month,
        as_of=report.as_of,
        townships=[township_out(r) for r in report.townships],
        county_total=township_out(report.county_total),
        off_exchange_flags=[
            FlagOut(
                flag_id=f.flag_id,
                collective_id=f.collective_id,
                asset=f.asset,
                value=from_fen(f.value_fen),
                recorded_on=f.recorded_on,
                age_days=f.age_days,
                warning=f.warning,
            )
            for f in report.flags
        ],
        active_bars=report.active_bars,
        active_blacklist=report.active_blacklist,
        forfeited_deposits=None
        if report.forfeited_deposits_fen is None
        else from_fen(report.forfeited_deposits_fen),
    )
