"""Live room — 竞价大厅实时推送 (DOMAIN B2): change notification for the SSE feed.

A committed change of a session wakes the feeds of that session in this process at once
(an ``after_commit`` hook, so nobody is told of a change that then rolled back); feeds
also re-read the session every ``POLL_S`` so a change committed by another process (the
worker's closing timer, another API instance) reaches them within that bound.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

POLL_S = 1.0
_waiters: dict[str, set[asyncio.Event]] = defaultdict(set)


def subscribe(session_id: str) -> asyncio.Event:
    ev = asyncio.Event()
    _waiters[session_id].add(ev)
    return ev


def unsubscribe(session_id: str, ev: asyncio.Event) -> None:
    waiters = _waiters.get(session_id)
    if waiters is not None:
        waiters.discard(ev)
        if not waiters:
            _waiters.pop(session_id, None)


def _wake(session_id: str) -> None:
    for ev in list(_waiters.get(session_id, ())):
        ev.set()


def _after_commit(sync_session: Any) -> None:
    for session_id in sync_session.info.pop("feed_changed", ()):
        _wake(session_id)


def changed(session: AsyncSession, session_id: str) -> None:
    """Wake the session's feeds once this transaction commits."""
    if session_id not in _waiters:
        return  # nobody in this process watches it (a feed reads the state when it starts)
    pending: set[str] | None = session.info.get("feed_changed")
    if pending is None:
        session.info["feed_changed"] = pending = set()
        if not event.contains(session.sync_session, "after_commit", _after_commit):
            event.listen(session.sync_session, "after_commit", _after_commit)
    pending.add(session_id)
