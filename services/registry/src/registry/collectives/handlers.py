"""Events in: the collective service's roster (``collective.member_changed``) and its
dispute and violation cases (``collective.case_changed``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.collective import CaseChanged, MemberChanged, ResolutionPassed
from common.events import Envelope
from common.service import EventHandlers
from registry.collectives import service

handlers = EventHandlers()


@handlers.on(MemberChanged)
async def on_member_changed(session: AsyncSession, event: MemberChanged, _e: Envelope) -> None:
    """The membership and homestead qualification projection (L10, L11, R4, Z1)."""
    await service.follow_member(session, None, event)


@handlers.on(CaseChanged)
async def on_case_changed(session: AsyncSession, event: CaseChanged, _e: Envelope) -> None:
    """Open dispute (X6) and violation (Z12) cases: no lien on the right while open."""
    await service.follow_case(session, None, event)


@handlers.on(ResolutionPassed)
async def on_resolution_passed(
    session: AsyncSession, event: ResolutionPassed, _e: Envelope
) -> None:
    """The collective's effective decisions R15 verifies a cited resolution against."""
    await service.follow_resolution(session, None, event)
