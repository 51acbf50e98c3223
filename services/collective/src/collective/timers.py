"""The collective service's timers — 定时任务, registered in ``main.py``: each decodes its
persisted timer and calls the service (system caller, ``who=None``).

- ``resolution.publicity_end``: a resolution's publicity (决议公开) is over; it takes
  effect unless an objection is open (X5).
- ``paid_use.bill``: a paid-use contract year begins; its bill is issued (Z9).
- ``homestead.filing_due``: an approval's county filing (备案) is due; one not received
  is flagged late (Z3).
- ``filing.due``: the Z13 statistics' due moment, the filing is frozen (X7; the duty
  starts when a collective enters the pilot); the same for the E statistics (the duty
  starts when the county publishes its first supply plan).
- ``entry.filing_due``: an 入市 contract's filing with the natural resources bureau is
  due; one not received is flagged late (E9).
- ``entry.idle``: entered land's agreed start date plus one (fee) or two (recovery)
  years; land still not started owes the idle fee or is due for recovery, when the
  county has idle-land handling on (E10).
- ``homestead.lease_end``: a lease of an idle homestead is over; the parcel's use returns
  (Z6).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.applications import service as applications
from collective.entrydeals import service as entrydeals
from collective.entrystatistics import service as entrystatistics
from collective.entrysupervision import service as entrysupervision
from collective.paiduse import service as paiduse
from collective.parcels import service as parcels
from collective.resolutions import service as resolutions
from collective.statistics import service as statistics
from common.filings import FILING_TIMER
from common.service import Timer


async def on_publicity_end(session: AsyncSession, timer: Timer) -> None:
    await resolutions.publicity_over(session, None, timer.key)


async def on_filing_due(session: AsyncSession, timer: Timer) -> None:
    await applications.filing_overdue(session, None, timer.key)


async def on_report_due(session: AsyncSession, timer: Timer) -> None:
    # one timer kind for every report of the service; the report's key picks its Filings
    if timer.payload["report"] in entrystatistics.FILINGS.definitions:
        await entrystatistics.FILINGS.on_timer(session, timer)
    else:
        await statistics.FILINGS.on_timer(session, timer)


async def on_paid_use_bill(session: AsyncSession, timer: Timer) -> None:
    await paiduse.issue_bill(session, None, timer.key)


async def on_entry_filing_due(session: AsyncSession, timer: Timer) -> None:
    await entrydeals.filing_overdue(session, None, timer.key)


async def on_entry_idle(session: AsyncSession, timer: Timer) -> None:
    await entrysupervision.idle_due(session, timer)


async def on_lease_end(session: AsyncSession, timer: Timer) -> None:
    await parcels.lease_ended(session, None, timer.key)


HANDLERS = {
    paiduse.BILL_TIMER: on_paid_use_bill,
    resolutions.PUBLICITY_TIMER: on_publicity_end,
    applications.FILING_TIMER: on_filing_due,
    FILING_TIMER: on_report_due,
    entrydeals.FILING_TIMER: on_entry_filing_due,
    entrysupervision.IDLE_TIMER: on_entry_idle,
    parcels.LEASE_TIMER: on_lease_end,
}
