"""The bidding service's county parameters — 县级参数 (DOMAIN B5, B6).

The seeds give no numbers for refund delays, signing deadlines or fees (004 第二十条 only
says fees follow the state's rules, and the Qingyang centre is 公益性、非盈利性), so the
defaults are the choices written in services/bidding/README.md; a county changes them
through ``/county-parameters`` (audited, X2).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.workdays import STATE_COUNCIL_2026, WorkCalendar
from common.context import now as clock_now
from common.county_config import CountyParameters, Parameter, at_most, between
from common.money import Rate

PARAMS = CountyParameters(
    Parameter(
        "deposit_refund_working_days",
        5,
        int,
        "Working days within which the other bidders' deposits are refunded (B5)",
        rule="B5",
        check=between(1, 30),
    ),
    Parameter(
        "contract_signing_working_days",
        5,
        int,
        "Working days after the deal confirmation within which the winner signs (B5, B6)",
        rule="B6",
        check=between(1, 30),
    ),
    Parameter(
        "work_calendar",
        STATE_COUNCIL_2026,
        WorkCalendar,
        "Holidays and make-up working weekends that the working-day deadlines follow "
        "(B5, B6); the whole calendar is sent on a change. Default: the State Council's "
        "2026 arrangement; 1 Jan, 1-2 May and 1-3 Oct are holidays in every year",
        rule="B5",
    ),
    Parameter(
        "service_fee_rate",
        Decimal("0"),
        Rate,
        "Service fee as a fraction of the price, deducted from the seller's proceeds (B6)",
        rule="B6",
        check=at_most(Decimal("0.05")),
    ),
    Parameter(
        "service_fee_min",
        Decimal("0"),
        Rate,
        "Minimum service fee in yuan per deal (B6); 0 means none",
        rule="B6",
        check=at_most(Decimal("100000")),
    ),
)


async def working_days_deadline(session: AsyncSession, county: str, key: str) -> datetime:
    """The deadline ``key`` (a number of working days) sets from now, by the county's work
    calendar in force today (workdays.py)."""
    days: int = await PARAMS.get(session, county, key)
    calendar: WorkCalendar = await PARAMS.get(session, county, "work_calendar")
    return calendar.deadline(clock_now(session), days)
