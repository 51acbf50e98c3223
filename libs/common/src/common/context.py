"""The unit of work's context — 会话上下文: which service, its tables, its clock.

Every session a service runtime makes carries a ``SessionContext`` in
``session.info["context"]``, so domain code takes a session and nothing else: the
clock read (``now``), the outbox and the decision log all reach their service through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from common.clock import Clock
from common.infra_tables import InfraTables


@dataclass(frozen=True)
class SessionContext:
    service: str
    infra: InfraTables
    clock: Clock


def session_context(session: AsyncSession) -> SessionContext:
    ctx = session.info.get("context")
    if ctx is None:
        raise RuntimeError("session was not made by a service runtime")
    return ctx


class HasClock(Protocol):
    """A service runtime (or anything that carries the service's clock)."""

    clock: Clock


def now(source: AsyncSession | HasClock) -> datetime:
    """The one clock read of domain code: the service's injectable clock (UTC, aware).

    ``source`` is the unit of work's session, or — on the few paths that hold no
    transaction (a live stream, a group-committed bid) — the service runtime. Never
    ``datetime.now()``: tests move this clock, and nothing trusts a client's clock.
    """
    if isinstance(source, AsyncSession):
        return session_context(source).clock.now()
    return source.clock.now()
