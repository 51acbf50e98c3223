"""Consumers that move a listing on: the trade's outcome (bidding) and disposals (registry).
Each decodes the fact and hands it to the service (``who`` is ``None``: the system)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.bidding import ContractSigned, TradeConcluded, TradeFailed
from common.contracts.collective import CaseChanged, EntryCleared, EntryContracted
from common.contracts.registry import DisposalRequested, RightFlagged
from common.events import Envelope
from common.service import EventHandlers
from listing.listings import service

handlers = EventHandlers()


@handlers.on(TradeConcluded)
async def on_trade_concluded(session: AsyncSession, event: TradeConcluded, _e: Envelope) -> None:
    """A deal: the result is published (L14)."""
    await service.record_trade_concluded(session, None, event.listing_id, event)


@handlers.on(TradeFailed)
async def on_trade_failed(session: AsyncSession, event: TradeFailed, _e: Envelope) -> None:
    await service.record_trade_failed(session, None, event.listing_id, event)


@handlers.on(ContractSigned)
async def on_contract_signed(session: AsyncSession, event: ContractSigned, _e: Envelope) -> None:
    """The signed contract is published (L14)."""
    await service.record_contract_signed(session, None, event.listing_id, event)


@handlers.on(DisposalRequested)
async def on_disposal_requested(
    session: AsyncSession, event: DisposalRequested, _e: Envelope
) -> None:
    """R13: a disposal listing skips the window (L10)."""
    await service.open_disposal(session, None, event.disposal_id, event)


@handlers.on(RightFlagged)
async def on_right_flagged(session: AsyncSession, event: RightFlagged, envelope: Envelope) -> None:
    """A flag on a live listing's right is recorded for the centre (L12)."""
    await service.note_right_flag(session, None, event.certificate_no, event, envelope)


@handlers.on(CaseChanged)
async def on_case_changed(session: AsyncSession, event: CaseChanged, _e: Envelope) -> None:
    """X6, Z12: an open dispute or violation case keeps the right from being listed."""
    await service.follow_case(session, None, event)


@handlers.on(EntryCleared)
async def on_entry_cleared(session: AsyncSession, event: EntryCleared, _e: Envelope) -> None:
    """E3, E4: a cleared 入市 plan may be listed, on its terms."""
    await service.follow_entry_cleared(session, None, event)


@handlers.on(EntryContracted)
async def on_entry_contracted(session: AsyncSession, event: EntryContracted, _e: Envelope) -> None:
    """E15: entered land under a signed contract may be re-listed, on its terms."""
    await service.follow_entry_contracted(session, None, event)
