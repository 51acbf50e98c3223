"""The guarantee service's timers — 定时任务, registered in ``main.py``: each decodes its
persisted timer and calls the service (system caller, ``who=None``).

- ``notice.end``: a public notice's minimum period is over (G5);
- ``report.period_closed``: a quarter or year closed, its filing waits for the due moment (G9);
- ``filing.due``: a report's due moment, its filing is frozen (X7, common.filings);
- ``rectification.deadline``: a 通报's deadline passed; still open, it is late (G14);
- ``arrears.year_end``: a year ended; borrowers still in arrears stay restricted (G12).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.filings import FILING_TIMER
from common.service import Timer
from guarantee.guarantees import arrears, notices
from guarantee.guarantees.pipeline import REPORT_TIMER
from guarantee.reports import service as reports
from guarantee.reports import townships


async def on_notice_end(session: AsyncSession, timer: Timer) -> None:
    await notices.notice_period_over(session, None, timer.key)


async def on_period_closed(session: AsyncSession, timer: Timer) -> None:
    await reports.period_closed(session, None, timer.payload["county"], timer.payload["period"])


async def on_filing_due(session: AsyncSession, timer: Timer) -> None:
    await reports.FILINGS.on_timer(session, timer)


async def on_rectification_deadline(session: AsyncSession, timer: Timer) -> None:
    await townships.deadline_passed(session, None, timer.key)


async def on_year_end(session: AsyncSession, timer: Timer) -> None:
    county, year = timer.key.split(":")
    await arrears.carry_over(session, None, county, int(year))


HANDLERS = {
    arrears.YEAR_END_TIMER: on_year_end,
    notices.NOTICE_TIMER: on_notice_end,
    REPORT_TIMER: on_period_closed,
    FILING_TIMER: on_filing_due,
    townships.DEADLINE_TIMER: on_rectification_deadline,
}
