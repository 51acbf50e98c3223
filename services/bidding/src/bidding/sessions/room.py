"""Live room — 竞价大厅 (DOMAIN B2): one room per watched session per process.

In a last-minute rush every bidder watches the room. When each watcher read the session
for itself after every committed batch, N watchers cost N transactions per batch: 50 of
them took the API's whole core away from the bids (bench/README.md, ``--watchers``). A
room serves all of its watchers in this process and hands each watcher its own frame: the
public state (``views.state_fields``) with that caller's standing.

A batch of bids committed in this process is **pushed**: the commit hands the room the
session's book as the batch left it and the accepted bids (``feed.Committed``), and the
room sends that state at once, without reading it back. Any other change (a status, a
suspension, a deposit) wakes the room to **read** — the session's row, the watching
bidders' rows and their new bids, in one transaction — and so does ``feed.POLL_S`` of
quiet, for changes made by other processes, which therefore converge within it. Frames
go out at most once per ``MIN_INTERVAL_S`` (the first after a quiet spell at once, then
the newest state each interval), so a rush costs a room at most that many frames a second
however many bids arrive, and nothing is read per bid. A watcher keeps only the newest
frame: a slow client skips states, it never queues them.

A watcher's best bid is read incrementally: every bid accepted after a read is at least
the best price of that read (B2: best + increment; B3: a priority holder's match equals
it), so the next read asks only for bids at or above it, through the unique index that
starts with ``(session_id, amount_fen)``. A party that starts watching (again) is read in
full once: its bids made while nobody of it watched may lie below that bound. Between
reads the pushed bids keep the watching parties' bests up to date; a bid committed by
another process reaches them at the next read.

A room belongs to the app (``app.state``), lives while anyone watches, and is never
cancelled in the middle of a read: it ends by itself when its last watcher leaves or the
trade ends. If reading fails ``FAILURES_TO_END`` times in a row, its watchers' streams end
(as a failed read ended a stream before), and their clients reconnect.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from pydantic_core import to_json
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import State

from bidding.sessions import feed
from bidding.sessions.feed import Committed
from bidding.sessions.models import Bid, Bidder, TradeSession
from bidding.sessions.repository import get_session
from bidding.sessions.views import standing_fields, state_fields
from common.context import now as clock_now
from common.runtime import ServiceRuntime

log = logging.getLogger(__name__)

FINAL = ("concluded", "failed", "terminated")
#: the least time between two frames (or reads) of one room (real time, not the business
#: clock): the first change after a quiet spell goes out at once, a rush's newest state
#: every interval (bench/README.md, "Portal watch-view benchmark")
MIN_INTERVAL_S = 0.05
FAILURES_TO_END = 3


def frame(state: bytes) -> bytes:
    """One Server-Sent Event carrying a ``SessionState``'s JSON."""
    return b"event: state\ndata: " + state + b"\n\n"


class Watcher:
    """One open feed: the party whose standing it shows (None: no standing) and the
    newest frame not yet sent."""

    def __init__(self, party: str | None, version: int) -> None:
        self.party = party
        self.version = version  # of the last state handed to it
        self.final = False  # nothing comes after the current frame (or none: ended)
        self._frame: bytes | None = None
        self._ready = asyncio.Event()

    def offer(self, data: bytes, version: int, final: bool) -> None:
        self._frame, self.version, self.final = data, version, final
        self._ready.set()

    def end(self) -> None:
        self.final = True
        self._ready.set()

    async def next(self, timeout_s: float) -> bytes | None:
        """The newest frame, or None when none came within ``timeout_s`` (or it ended)."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout_s)
        except TimeoutError:
            return None
        self._ready.clear()
        data, self._frame = self._frame, None
        return data


class Room:
    def __init__(self, runtime: ServiceRuntime, session_id: str, rooms: dict[str, Room]) -> None:
        self.runtime, self.session_id, self.rooms = runtime, session_id, rooms
        self.watchers: set[Watcher] = set()
        self.wake = asyncio.Event()  # a commit (or a joining watcher) wants a frame
        self.stale = True  # something besides bids changed: the next round reads
        self.pushed: Committed | None = None  # the newest book bids committed, not yet sent
        self.known: set[str] = set()  # watching parties read in full (others: next read)
        self.best: dict[str, int] = {}  # their highest bids
        self.bidders: dict[str, Any] = {}  # their bidder rows (priority, eligible) as read
        self.floor = 0  # every bid accepted after the last read is at least this
        self.task: asyncio.Task[None] | None = None

    def join(self, party: str | None, version: int) -> Watcher:
        watcher = Watcher(party, version)
        self.watchers.add(watcher)
        self.stale = True  # a change between the watcher's first state and now is sent
        self.wake.set()
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())
        return watcher

    def leave(self, watcher: Watcher) -> None:
        self.watchers.discard(watcher)
        party = watcher.party
        if party is not None and all(w.party != party for w in self.watchers):
            # its bids while away may end below the floor: read it in full if it returns
            self.known.discard(party)
            self.best.pop(party, None)
            self.bidders.pop(party, None)
        if self.watchers:
            return
        self.wake.set()  # the reader sees nobody left and ends (never cancelled mid-read)
        if self.task is None or self.task.done():
            self._forget()

    def _forget(self) -> None:
        if self.rooms.get(self.session_id) is self:
            del self.rooms[self.session_id]

    def _committed(self, committed: Committed | None) -> None:
        """A commit in this process changed the session (``feed``): with bids, their
        book is kept for the next frame; otherwise the next round reads."""
        if committed is None:
            self.stale = True
        else:
            for party, amount in committed.bids:
                if party in self.known:  # a party not yet read in full gets it all at its read
                    self.best[party] = max(self.best.get(party, 0), amount)
            if self.pushed is None or committed.book.version > self.pushed.book.version:
                self.pushed = committed
        self.wake.set()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        feed.subscribe(self.session_id, self._committed)
        failures = 0
        read_due = 0.0  # when quiet ends in a read (changes by other processes)
        try:
            while self.watchers:
                started = loop.time()
                self.wake.clear()
                try:
                    if self.stale or started >= read_due:
                        self.stale = False
                        final = await self._send()
                        read_due = loop.time() + feed.POLL_S
                    else:
                        final = self._send_pushed()
                    if final:
                        return  # the trade ended: every watcher got its last state
                    failures = 0
                except Exception:
                    failures += 1
                    self.stale = True
                    log.exception("live room %s: reading the session failed", self.session_id)
                    if failures >= FAILURES_TO_END:
                        for watcher in list(self.watchers):
                            watcher.end()
                        return
                try:
                    quiet = max(0.0, read_due - loop.time())
                    await asyncio.wait_for(self.wake.wait(), quiet)
                except TimeoutError:
                    pass
                rest = MIN_INTERVAL_S - (loop.time() - started)
                if rest > 0:
                    await asyncio.sleep(rest)
        finally:
            feed.unsubscribe(self.session_id, self._committed)
            if not self.watchers:
                self._forget()

    async def _send(self) -> bool:
        watchers = list(self.watchers)  # those who joined before the read began
        async with self.runtime.transaction() as s:
            ts, standings = await self._read(s, watchers)
        if self.pushed is not None and self.pushed.book.version <= ts.version:
            self.pushed = None  # the read has it (or a newer state)
        return self._offer(watchers, ts, standings, clock_now(s))

    def _send_pushed(self) -> bool:
        """The newest book bids committed here, as it is: no read (``feed.Committed``)."""
        pushed, self.pushed = self.pushed, None
        if pushed is None:
            return False
        ts, watchers = pushed.book, list(self.watchers)
        parties = {w.party for w in watchers if w.party is not None}
        standings = {
            p: standing_fields(ts, p, self.bidders.get(p), self.best.get(p)) for p in parties
        }
        return self._offer(watchers, ts, standings, clock_now(self.runtime))

    def _offer(
        self,
        watchers: list[Watcher],
        ts: TradeSession | SimpleNamespace,
        standings: dict[str, dict[str, Any]],
        now: datetime,
    ) -> bool:
        """Each watcher's frame of ``ts`` (one per party, the public's shared); whether
        it was the trade's last state."""
        public = state_fields(ts, now)
        final = ts.status in FINAL
        frames: dict[str | None, bytes] = {}
        for watcher in watchers:
            if watcher.version >= ts.version:
                continue  # it has this state (or a newer one, read for itself)
            data = frames.get(watcher.party)
            if data is None:
                you = standings.get(watcher.party) or standing_fields(ts, None, None, None)
                data = frames[watcher.party] = frame(to_json({**public, "you": you}))
            watcher.offer(data, ts.version, final)
        return final

    async def _read(
        self, s: AsyncSession, watchers: list[Watcher]
    ) -> tuple[TradeSession, dict[str, dict[str, Any]]]:
        ts = await get_session(s, self.session_id)
        parties = sorted({w.party for w in watchers if w.party is not None})
        if not parties:
            return ts, {}
        fresh = [p for p in parties if p not in self.known]
        known = [p for p in parties if p in self.known]
        bidders = {
            row.party_id: row
            for row in await s.execute(
                select(Bidder.party_id, Bidder.priority, Bidder.eligible).where(
                    Bidder.session_id == self.session_id, Bidder.party_id.in_(parties)
                )
            )
        }
        found = await self._best_bids(s, known, self.floor) if known else []
        found += await self._best_bids(s, fresh, 0) if fresh else []
        watching = {w.party for w in self.watchers}  # who is still here after the awaits
        for party, amount in found:
            if party in watching:
                self.best[party] = max(self.best.get(party, 0), amount)
        # one that left meanwhile is read in full again if it returns
        self.known.update(p for p in fresh if p in watching)
        self.bidders.update((p, row) for p, row in bidders.items() if p in watching)
        self.floor = ts.best_fen or 0  # read before the bids: never above a bid it missed
        return ts, {p: standing_fields(ts, p, bidders.get(p), self.best.get(p)) for p in parties}

    async def _best_bids(
        self, s: AsyncSession, parties: list[str], floor: int
    ) -> list[tuple[str, int]]:
        rows = await s.execute(
            select(Bid.party_id, func.max(Bid.amount_fen))
            .where(
                Bid.session_id == self.session_id,
                Bid.amount_fen >= floor,
                Bid.party_id.in_(parties),
            )
            .group_by(Bid.party_id)
        )
        return [(party, amount) for party, amount in rows]


def room(app_state: State, session_id: str) -> Room:
    """The app's room of a session, opened on first use."""
    rooms: dict[str, Room] | None = getattr(app_state, "live_rooms", None)
    if rooms is None:
        rooms = app_state.live_rooms = {}
    found = rooms.get(session_id)
    if found is None:
        found = rooms[session_id] = Room(app_state.runtime, session_id, rooms)
    return found
