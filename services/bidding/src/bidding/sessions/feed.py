"""Live room — 竞价大厅实时推送 (DOMAIN B2): change notification for the SSE feed.

A committed change of a session reaches the rooms of that session in this process at
once (an ``after_commit`` hook, so nobody is told of a change that then rolled back).
A batch of bids hands over what it committed (``Committed``: the session's book as the
batch left it, read under its row lock, and the accepted bids), so a room sends that
state without reading it back; any other change only says "changed", and the room reads.
Rooms also re-read the session every ``POLL_S`` so a change committed by another process
(the worker's closing timer, another API instance) reaches them within that bound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

POLL_S = 1.0


@dataclass(frozen=True)
class Committed:
    """What one transaction's bids committed to a session: its book afterwards (every
    column the live state shows, read under the row lock, so the database's state at
    ``book.version``) and the accepted bids as ``(party, amount_fen)``, in order."""

    book: SimpleNamespace
    bids: tuple[tuple[str, int], ...]


#: called at commit with what the bids committed, or None: "changed, read it"
Subscriber = Callable[[Committed | None], None]
_subscribers: dict[str, set[Subscriber]] = defaultdict(set)


def subscribe(session_id: str, subscriber: Subscriber) -> None:
    _subscribers[session_id].add(subscriber)


def unsubscribe(session_id: str, subscriber: Subscriber) -> None:
    subscribers = _subscribers.get(session_id)
    if subscribers is not None:
        subscribers.discard(subscriber)
        if not subscribers:
            _subscribers.pop(session_id, None)


def _after_commit(sync_session: Any) -> None:
    pending: dict[str, Committed | None] = sync_session.info.pop("feed_changed", {})
    for session_id, committed in pending.items():
        for subscriber in list(_subscribers.get(session_id, ())):
            subscriber(committed)


def _after_rollback(sync_session: Any) -> None:
    sync_session.info.pop("feed_changed", None)  # nothing of it happened


def changed(session: AsyncSession, session_id: str, committed: Committed | None = None) -> None:
    """Tell the session's rooms once this transaction commits: with ``committed`` (bids)
    they send it as it is, without it they read the session."""
    if session_id not in _subscribers:
        return  # nobody in this process watches it (a room reads the state when it starts)
    pending: dict[str, Committed | None] | None = session.info.get("feed_changed")
    if pending is None:
        session.info["feed_changed"] = pending = {}
        sync = session.sync_session
        if not event.contains(sync, "after_commit", _after_commit):
            event.listen(sync, "after_commit", _after_commit)
            event.listen(sync, "after_rollback", _after_rollback)
    if session_id in pending:
        before = pending[session_id]
        if before is None or committed is None:
            committed = None  # something besides bids changed: the room reads
        else:  # two batches' bids in one transaction: the later book, all the bids
            committed = Committed(committed.book, before.bids + committed.bids)
    pending[session_id] = committed
