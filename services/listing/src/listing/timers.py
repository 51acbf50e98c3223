"""The listing service's timers — 定时任务, registered in ``main.py``.

The announcement's end (L5, L7) is a persisted timer keyed by the listing id. Closing
needs the listing (listings area) and its qualified buyers with the deposit paid
(registrations area, declared after it), so the timer gathers both and hands them to
``listings.announcement.close_announcement``: the listings area never reaches up.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.filings import FILING_TIMER
from common.service import Timer
from listing.listings.announcement import ANNOUNCEMENT_END, close_announcement
from listing.listings.repository import get_listing
from listing.monitoring.views import FILINGS
from listing.registrations.repository import qualified_buyers


async def on_announcement_end(session: AsyncSession, timer: Timer) -> None:
    """The persisted announcement-end timer (L5, L7)."""
    listing = await get_listing(session, timer.key, lock=True)
    await close_announcement(session, None, listing, await qualified_buyers(session, listing.id))


async def on_report_due(session: AsyncSession, timer: Timer) -> None:
    """``filing.due``: an L25 monthly report's due moment — frozen unless filed (X7)."""
    await FILINGS.on_timer(session, timer)


#: Every timer of the service, by name.
TIMERS = {ANNOUNCEMENT_END: on_announcement_end, FILING_TIMER: on_report_due}
