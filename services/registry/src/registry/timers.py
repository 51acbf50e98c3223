"""The registry's timers — 定时任务: every persisted timer handler, registered in main.py.

A timer handler decodes its key and calls the service (who=None: the system acts).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.filings import FILING_TIMER
from common.service import Timer
from registry.statistics.service import FILINGS
from registry.visits.service import TIMER as VISIT_OVERDUE
from registry.visits.service import mark_overdue


async def on_visit_overdue(session: AsyncSession, timer: Timer) -> None:
    """``visit.overdue``: the visit was not recorded in time — a warning (R14)."""
    await mark_overdue(session, None, int(timer.key))


async def on_report_due(session: AsyncSession, timer: Timer) -> None:
    """``filing.due``: an R24 filing's due moment — frozen unless filed (X7)."""
    await FILINGS.on_timer(session, timer)


TIMERS = {VISIT_OVERDUE: on_visit_overdue, FILING_TIMER: on_report_due}
