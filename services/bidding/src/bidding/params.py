"""The bidding service's county parameters — 县级参数 (DOMAIN B5, B6).

The seeds give no numbers for refund delays, signing deadlines or fees (004 第二十条 only
says fees follow the state's rules, and the Qingyang centre is 公益性、非盈利性), so the
defaults are the choices written in services/bidding/README.md; a county changes them
through ``/county-parameters`` (audited, X2).

Working-day deadlines — 工作日 (the type of ``work_calendar``).

A working day is a day the exchange centre's counters are open. In China that is Monday
to Friday, less the public holidays (法定节假日) and the days the State Council adds to
them, plus the weekend days it makes working days in exchange (调休上班). The State
Council publishes each year's arrangement in November (国务院办公厅关于某年部分节假日安排的
通知), so the calendar is data, not code: a county parameter, ``work_calendar``,
changed through ``/county-parameters`` with the change audited (X2). The default is the
2026 arrangement. Besides it, the fixed-date public holidays of the 全国年节及纪念日放假办法
(as revised in 2024, in force from 2025: 1 January, 1–2 May, 1–3 October) are never
working days in any year, so a deadline that runs into a year whose arrangement has not
been entered yet still skips New Year's Day. A county adds its local holidays (an
autonomous area's own festivals) to ``holidays``.

A deadline of N working days after a moment ends at midnight (Asia/Shanghai) closing the
N-th working day after the moment's calendar day.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from common.context import now as clock_now
from common.county_config import CountyParameters, Parameter, at_least, at_most, between
from common.money import Rate
from common.workdays import STATE_COUNCIL_2026, WorkCalendar

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
    Parameter(
        "posted_period_days",
        10,
        int,
        "Days a posted-price listing (挂牌出让) takes bids before it ends; at least 10 "
        "(EXTERNAL 国土资源部令第39号: 挂牌时间不得少于10日) — 挂牌期",
        rule="B7",
        check=at_least(10),
    ),
    Parameter(
        "registered_auctioneer_required",
        False,
        bool,
        "An auction (B4) opens only under an auctioneer of the county's intermediary "
        "register valid that day — 拍卖机构须登记备案 (L20); off until the county has filed "
        "its auctioneers (as listing's registered_appraiser_required)",
        rule="L20",
    ),
)


async def working_days_deadline(
    session: AsyncSession, county: str, key: str, start: datetime | None = None
) -> datetime:
    """The deadline ``key`` (a number of working days) sets from ``start`` (default now),
    by the county's work calendar in force today (``WorkCalendar``)."""
    days: int = await PARAMS.get(session, county, key)
    calendar: WorkCalendar = await PARAMS.get(session, county, "work_calendar")
    return calendar.deadline(start or clock_now(session), days)
