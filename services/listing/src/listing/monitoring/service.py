"""Market monitoring — 市场监测 (L25, 004 意见 三(三) 定期检查和动态监测): the month's report
per county and township for the supervisor, from what listing already holds (its
listings and their decision log, the L9 records, the restriction projection, the
registrations); an L9 violation older than the county's warning age warns the township.

A read: nothing is locked, nothing written. Filed monthly through X7 (common.filings):
a county's duty starts with its first listing; each month is frozen at the end of the
10th of the next month (CHOICE, as the other monthly reports), unless the centre filed it
earlier.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from common.access import require_county
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.county_config import remembered
from common.problems import Problem
from listing.listings.models import Listing
from listing.monitoring import repository, rules
from listing.monitoring.models import ForfeitedDeposit
from listing.params import PARAMS
from listing.pricing.service import compute_reference

STOPS = ("listing.suspended", "listing.terminated")
CLOSED = ("listing.announcement_closed",)


async def _reserves(
    session: AsyncSession, listings: list[Listing], start: datetime, end: datetime
) -> dict[str, list[rules.ReserveCheck]]:
    """L16 beside the reserve for the month's registered listings that have a reference;
    the county's parameters are read once for all of them, not once per listing."""
    found: dict[str, list[rules.ReserveCheck]] = {}
    with remembered(session):
        for listing in listings:
            if not (listing.price_class or listing.annual_transfer_price_fen is not None):
                continue
            if not (start <= listing.created_at < end):
                continue
            try:
                ref = await compute_reference(session, listing)
            except Problem:  # no data for a reference (L16): nothing to compare
                continue
            found.setdefault(listing.township, []).append(
                rules.ReserveCheck(
                    listing.id, ref.reserve_fen, ref.reference.reference_fen, ref.reference.warning
                )
            )
    return found


async def monthly_report(
    session: AsyncSession, who: Principal, county: str, month: date
) -> rules.MonitoringReport:
    """L25: listings by state, failure rates, suspensions with reasons, reserves against
    L16, open L9 violations and their age, bars and blacklist hits, per township."""
    require_county(who, county, "The county's market report", "该县市场监测报告")
    return await compute(session, county, month)


async def compute(session: AsyncSession, county: str, month: date) -> rules.MonitoringReport:
    """The month's figures (no access check: the caller checked, or the filing timer runs
    as the system)."""
    start, end = rules.month_window(month)
    as_of = min(local_date(now(session)), local_date(end) - timedelta(days=1))
    rows: dict[str, rules.TownshipRow] = {}

    def row(township: str) -> rules.TownshipRow:
        return rows.setdefault(township, rules.TownshipRow(township))

    # counted and joined in SQL: a county's listings are never loaded one by one
    for township, status, n in await repository.states_by_township(session, county, end):
        row(township).by_state[status] = n
    for d in await repository.listing_decisions(session, county, end, CLOSED + STOPS, start, end):
        r = row(d.township)
        data = d.data or {}
        if d.action in CLOSED:
            r.closed += 1
            r.failed += data.get("outcome") == "failed"
        else:
            r.stops.append(
                rules.Stop(
                    d.subject_id,
                    d.action.removeprefix("listing."),
                    data.get("reason_code"),
                    data.get("reason") or d.reason,
                    d.decided_at,
                )
            )
    priced = await repository.priced_listings(session, county, start, end)
    for township, checks in (await _reserves(session, priced, start, end)).items():
        row(township).reserves = checks
    for reg in await repository.refused_registrations(session, county, end, start, end):
        if any(r.get("rule") in ("L13", "G11") for r in reg.reasons or []):
            row(reg.township).restriction_hits += 1
    for f in await repository.forfeitures(session, county, end, start, end):
        r = row(f.township)
        r.forfeited += 1
        r.forfeited_fen += f.amount_fen
    townships = sorted(rows.values(), key=lambda r: r.township or "")
    total = rules.TownshipRow(None)
    for r in townships:
        r.failure_rate = rules.failure_rate(r.failed, r.closed)
        total.by_state = dict(Counter(total.by_state) + Counter(r.by_state))
        total.closed += r.closed
        total.failed += r.failed
        total.stops += r.stops
        total.reserves += r.reserves
        total.restriction_hits += r.restriction_hits
        total.forfeited += r.forfeited
        total.forfeited_fen += r.forfeited_fen
    total.failure_rate = rules.failure_rate(total.failed, total.closed)
    warn_days = await PARAMS.get(session, county, "off_exchange_warning_days")
    flags = []
    for f in await repository.violations(session, county):
        recorded = local_date(f.recorded_at)
        if recorded >= local_date(end):
            continue
        age = rules.flag_age_days(recorded, as_of)
        flags.append(
            rules.FlagRow(
                f.id, f.collective_id, f.asset, f.value_fen, recorded, age, age > warn_days
            )
        )
    restrictions = await repository.active_restrictions(session, county)
    return rules.MonitoringReport(
        county=county,
        month=month.replace(day=1),
        as_of=as_of,
        townships=townships,
        county_total=total,
        flags=flags,
        active_bars=restrictions.get("centre", 0),
        active_blacklist=restrictions.get("guarantee", 0),
        forfeited_count=total.forfeited,
        forfeited_deposits_fen=total.forfeited_fen,
    )


async def follow_forfeiture(
    session: AsyncSession,
    who: Principal | None,
    listing_id: str,
    *,
    party_id: str,
    amount_fen: int,
    reason: str,
    forfeited_at: datetime,
) -> None:
    """bidding forfeited a winner's deposit (B5): kept for the L25 report. One per
    listing and party; a redelivery finds it and changes nothing."""
    if await session.get(ForfeitedDeposit, (listing_id, party_id)) is not None:
        return
    session.add(
        ForfeitedDeposit(
            listing_id=listing_id,
            party_id=party_id,
            amount_fen=amount_fen,
            reason=reason,
            forfeited_at=forfeited_at,
        )
    )
    await session.flush()
