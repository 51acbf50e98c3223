"""Events in from the collective service (the homestead right's registration, Z4, and
withdrawal, Z7: ``homesteads``) and from bidding (the transaction certificate, L19)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.bidding import TransactionCertificateChanged
from common.contracts.collective import HomesteadAccepted, HomesteadWithdrawn
from common.events import Envelope
from common.service import EventHandlers
from registry.rights import homesteads
from registry.rights.service import follow_certificate

handlers = EventHandlers()


@handlers.on(HomesteadAccepted)
async def on_homestead_accepted(
    session: AsyncSession, event: HomesteadAccepted, envelope: Envelope
) -> None:
    await homesteads.register_homestead(session, event, envelope.event_id)


@handlers.on(HomesteadWithdrawn)
async def on_homestead_withdrawn(
    session: AsyncSession, event: HomesteadWithdrawn, envelope: Envelope
) -> None:
    await homesteads.withdraw_to_collective(session, event, envelope.event_id)


@handlers.on(TransactionCertificateChanged)
async def on_transaction_certificate_changed(
    session: AsyncSession, event: TransactionCertificateChanged, _e: Envelope
) -> None:
    """bidding's 交易鉴证书 (L19): what an R18 filing citing one is checked against."""
    await follow_certificate(session, None, event)
