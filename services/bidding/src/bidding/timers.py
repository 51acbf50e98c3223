"""Timer handlers — 定时任务 (every deadline is a persisted timer), registered in main.py.

Each decodes its timer's key and calls one use case, as the system (``who`` None).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deals import conclusion
from bidding.deals import service as deals
from bidding.sessions import service as sessions
from common.service import Timer, TimerHandler


async def close_session(session: AsyncSession, timer: Timer) -> None:
    await conclusion.close_session(session, None, sessions.session_id_of(timer.key))


async def open_tenders(session: AsyncSession, timer: Timer) -> None:
    await conclusion.open_tenders(session, None, sessions.session_id_of(timer.key))


async def contract_deadline(session: AsyncSession, timer: Timer) -> None:
    await deals.on_contract_deadline(session, None, timer.key)


TIMERS: dict[str, TimerHandler] = {
    sessions.CLOSE: close_session,
    sessions.OPEN_TENDERS: open_tenders,
    deals.CONTRACT_DEADLINE: contract_deadline,
}
