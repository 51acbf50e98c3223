"""The registry's timers — 定时任务: every persisted timer handler, registered in main.py.

A timer handler decodes its key and calls the service (who=None: the system acts).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.service import Timer
from registry.visits.service import TIMER as VISIT_OVERDUE
from registry.visits.service import mark_overdue


async def on_visit_overdue(session: AsyncSession, timer: Timer) -> None:
    """``visit.overdue``: the visit was not recorded in time — a warning (R14)."""
    await mark_overdue(session, None, int(timer.key))


TIMERS = {VISIT_OVERDUE: on_visit_overdue}
