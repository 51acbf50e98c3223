"""Outbox relay — 发件箱中继: publishes committed outbox rows, in order.

Order: rows go out by id; one aggregate's rows share a Kafka key (its id), so they land
on one partition in order. A row that cannot be published holds back the later rows of
its aggregate (never reordered), but not other aggregates.

Failures: when a batch fails, the relay backs off (exponential, capped) and then
publishes one row at a time to find the culprit. A single row that keeps failing while
the broker answers is poison: after ``relay_max_attempts`` it is parked (``parked_at``,
``last_error``) for an operator, and its aggregate waits. Rows are marked published only
after the transport confirmed them (Kafka: transaction committed; in-process: applied
by every subscriber), so a relay killed at any point loses nothing; a batch it was in
the middle of is aborted by Kafka and sent again by its successor.

Several workers may run per service: on PostgreSQL a session-level advisory lock makes
exactly one of them the relay (the lease dies with its connection).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, exists, or_, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from common.outbox import envelope_of, outbox_channel
from common.runtime import ServiceRuntime
from common.transport import OutgoingMessage, Publisher, TransportError

log = logging.getLogger("common.relay")
MAX_MESSAGE_BYTES = 900_000  # under Kafka's 1 MiB default message.max.bytes
LEASE_CHECK_S = 1.0  # how often a held lease's connection is checked
LISTEN_FALLBACK_POLL_S = 1.0  # with NOTIFY wake-ups, polling only catches a lost one
SQLITE_WATCH_S = 0.01  # how often an idle SQLite relay looks at its write-ahead log (a stat)


def backoff_s(attempt: int, base: float = 0.2, cap: float = 10.0) -> float:
    """Exponential backoff with jitter: 0.2, 0.4, 0.8 … capped at ``cap`` seconds."""
    return min(cap, base * 2 ** max(0, attempt - 1)) * (0.8 + 0.4 * random.random())


class LeaderLease:
    """PostgreSQL advisory lock held on a dedicated connection; SQLite: always held."""

    def __init__(self, runtime: ServiceRuntime, role: str) -> None:
        self._runtime = runtime
        self._name = f"rex:{runtime.name}:{role}"
        self._conn: AsyncConnection | None = None
        self._checked = 0.0
        self.listening = False

    @property
    def needed(self) -> bool:
        return self._runtime.engine.dialect.name == "postgresql"

    async def hold(self) -> bool:
        """True while this process holds the lease (acquires it when free)."""
        if not self.needed:
            return True
        conn: AsyncConnection | None = None
        try:
            if self._conn is not None:
                now = time.monotonic()
                if now - self._checked < LEASE_CHECK_S:
                    return True
                await asyncio.wait_for(self._conn.execute(text("SELECT 1")), 5)
                self._checked = now
                return True
            # Autocommit: the lease connection never sits "idle in transaction". Short
            # keepalives: if this host dies, PostgreSQL drops the lock in ~25 s, not hours.
            conn = await self._runtime.engine.connect()
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            for setting in (
                "tcp_keepalives_idle = 10",
                "tcp_keepalives_interval = 5",
                "tcp_keepalives_count = 3",
            ):
                await conn.execute(text(f"SET {setting}"))
            got = await asyncio.wait_for(
                conn.scalar(text("SELECT pg_try_advisory_lock(hashtext(:n))"), {"n": self._name}), 5
            )
            if got:
                await self._listen(conn)
                self._conn, self._checked, conn = conn, time.monotonic(), None
                return True
            return False
        except Exception as exc:
            log.warning("lease %s lost: %s", self._name, exc)
            await self.release()
            return False
        finally:
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()

    async def _listen(self, conn: AsyncConnection) -> None:
        """LISTEN on the lease connection: commits that wrote outbox rows (any process)
        wake the relay at once (``record_event`` sends the NOTIFY)."""
        wakeup = self._runtime.relay_wakeup()
        raw = await conn.get_raw_connection()
        await raw.driver_connection.add_listener(
            outbox_channel(self._runtime.name), lambda *_args: wakeup.set()
        )
        self.listening = True

    async def release(self) -> None:
        self.listening = False
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.invalidate()


class CommitWatch:
    """SQLite's stand-in for NOTIFY: a commit by another process (``rex events probe``,
    ``rex dlq replay``, a test's own engine) appends to the database's write-ahead log
    (WAL mode: ``common.db``), so an idle relay that compares the log's size and mtime
    every ``SQLITE_WATCH_S`` wakes within ~10 ms — one ``stat`` on the event loop, where
    polling the outbox meant a write transaction (``BEGIN IMMEDIATE``) every
    ``relay_idle_s``. Commits in this
    process wake the relay directly (``ServiceRuntime.transaction``); a change this
    misses is caught by the fallback poll."""

    def __init__(self, database: str) -> None:
        self._paths = (Path(f"{database}-wal"),)
        self._mark: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, runtime: ServiceRuntime) -> CommitWatch | None:
        """The watch of the runtime's SQLite file; None on PostgreSQL or in memory."""
        url = make_url(runtime.url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        return cls(url.database)

    def _signature(self) -> tuple[tuple[int, int], ...]:
        out = []
        for path in self._paths:
            try:
                st = path.stat()
            except OSError:
                out.append((0, 0))
            else:
                out.append((st.st_mtime_ns, st.st_size))
        return tuple(out)

    def mark(self) -> None:
        """Remember the files as they are (before a look at the outbox)."""
        self._mark = self._signature()

    async def changed(self) -> None:
        """Returns once the files differ from the mark (another process gives no event
        to wait on: looking is the only way)."""
        while True:
            if self._signature() != self._mark:
                return
            await asyncio.sleep(SQLITE_WATCH_S)


class Relay:
    def __init__(self, runtime: ServiceRuntime, publisher: Publisher) -> None:
        self.runtime = runtime
        self.publisher = publisher
        self.outbox = runtime.definition.infra.outbox
        self.batch_size = runtime.settings.relay_batch_size
        self._isolate_until: int | None = None  # after a failed batch: one row at a time
        self._failures = 0
        # Built once: an ``in_()`` over a batch's ids coerced every id anew per batch.
        self._mark_statement = (
            update(self.outbox)
            .where(self.outbox.c.id.in_(bindparam("row_ids", expanding=True)))
            .values(published_at=bindparam("stamp"), last_error=None)
        )

    def _held_query(self) -> Any:
        """Any unpublished row waiting (parked, or retrying later)? Usually none."""
        o, now = self.outbox, self.runtime.clock.now()
        return (
            select(o.c.id)
            .where(
                o.c.published_at.is_(None),
                or_(o.c.parked_at.is_not(None), o.c.next_attempt_at > now),
            )
            .limit(1)
        )

    def _pending_query(self, limit: int, *, any_held: bool = True) -> Any:
        o = self.outbox
        now = self.runtime.clock.now()
        if not any_held:
            # Nothing waits, so nothing is held back: skip the per-row search of earlier
            # rows of the same aggregate (quadratic in a batch of one aggregate's events).
            return (
                select(o)
                .where(o.c.published_at.is_(None), o.c.parked_at.is_(None))
                .order_by(o.c.id)
                .limit(limit)
            )
        earlier = o.alias("earlier")
        blocked = exists().where(
            earlier.c.aggregate_id == o.c.aggregate_id,
            earlier.c.id < o.c.id,
            earlier.c.published_at.is_(None),
            or_(earlier.c.parked_at.is_not(None), earlier.c.next_attempt_at > now),
        )
        return (
            select(o)
            .where(
                o.c.published_at.is_(None),
                o.c.parked_at.is_(None),
                or_(o.c.next_attempt_at.is_(None), o.c.next_attempt_at <= now),
                ~blocked,
            )
            .order_by(o.c.id)
            .limit(limit)
        )

    def _message(self, row: Any) -> OutgoingMessage:
        envelope = envelope_of(row, self.runtime.name)
        value = envelope.to_bytes()
        if len(value) > MAX_MESSAGE_BYTES:
            raise ValueError(f"event is {len(value)} bytes, over {MAX_MESSAGE_BYTES}")
        headers = (
            ("event_type", row.event_type.encode()),
            ("event_version", str(row.event_version).encode()),
            ("event_id", str(row.event_id).encode()),
            ("producer", self.runtime.name.encode()),
        )
        return OutgoingMessage(row.topic, row.aggregate_id.encode(), value, headers)

    async def run_once(self) -> int:
        """Publish one batch; returns how many rows were published."""
        limit = 1 if self._isolate_until is not None else self.batch_size
        async with self.runtime.transaction() as session:
            any_held = (await session.execute(self._held_query())).first() is not None
            rows = (await session.execute(self._pending_query(limit, any_held=any_held))).all()
        if not rows:
            self._isolate_until = None
            return 0
        messages: list[OutgoingMessage] = []
        for row in rows:
            try:
                messages.append(self._message(row))
            except Exception as exc:
                await self._park(row, f"unpublishable: {exc}")
                return 0
        try:
            await self.publisher.publish(messages)
        except TransportError as exc:
            await self._failed(rows, exc)
            return 0
        await self._mark_published(rows)
        self._failures = 0
        if self._isolate_until is not None and rows[-1].id >= self._isolate_until:
            self._isolate_until = None  # every row of the failed batch was tried alone
        return len(rows)

    async def _mark_published(self, rows: Sequence[Any]) -> None:
        now = self.runtime.clock.now()
        async with self.runtime.transaction() as session:
            await session.execute(
                self._mark_statement, {"row_ids": [r.id for r in rows], "stamp": now}
            )
        m = self.runtime.metrics
        m.outbox_published.inc(len(rows))
        for r in rows:
            m.outbox_publish_lag.observe(max(0.0, (now - r.occurred_at).total_seconds()))

    async def _failed(self, rows: Sequence[Any], exc: TransportError) -> None:
        self.runtime.metrics.relay_failures.inc()
        self._failures += 1
        log.warning("relay %s: publishing %d rows failed: %s", self.runtime.name, len(rows), exc)
        if len(rows) > 1:
            self._isolate_until = max(self._isolate_until or 0, rows[-1].id)
            return
        # One row failed alone. A transient broker condition (outage, leader election,
        # a fenced producer, a timeout) is not the row's fault and never counts.
        if _transient(exc) or not await self.publisher.ping():
            return
        row = rows[0]
        attempts = row.attempts + 1
        if attempts >= self.runtime.settings.relay_max_attempts:
            await self._park(row, str(exc))
            return
        now = self.runtime.clock.now()
        async with self.runtime.transaction() as session:
            await session.execute(
                update(self.outbox)
                .where(self.outbox.c.id == row.id)
                .values(
                    attempts=attempts,
                    last_error=str(exc)[:2000],
                    next_attempt_at=now + timedelta(seconds=backoff_s(attempts)),
                )
            )

    async def _park(self, row: Any, error: str) -> None:
        log.error("relay %s: parking outbox row %s: %s", self.runtime.name, row.id, error)
        async with self.runtime.transaction() as session:
            await session.execute(
                update(self.outbox)
                .where(self.outbox.c.id == row.id)
                .values(
                    parked_at=self.runtime.clock.now(),
                    last_error=error[:2000],
                    attempts=row.attempts + 1,
                )
            )
        self.runtime.metrics.outbox_parked.inc()

    async def run(self, stop: asyncio.Event) -> None:
        lease = LeaderLease(self.runtime, "relay")
        wakeup = self.runtime.relay_wakeup()
        watch = CommitWatch.of(self.runtime)
        try:
            while not stop.is_set():
                if not await lease.hold():
                    self.runtime.metrics.relay_leader.set(0)
                    await _wait(stop, 1.0)
                    continue
                self.runtime.metrics.relay_leader.set(1)
                wakeup.clear()  # a commit notified during run_once wakes the wait below
                if watch is not None:
                    watch.mark()  # likewise a commit by another process (SQLite)
                try:
                    published = await self.run_once()
                except Exception as exc:
                    self._failures += 1
                    log.warning("relay %s: %s", self.runtime.name, exc)
                    await _wait(stop, backoff_s(self._failures))
                    continue
                if self._failures and not published:
                    await _wait(stop, backoff_s(self._failures))
                elif not published:
                    # Woken by a commit (in-process; from another process by PostgreSQL
                    # NOTIFY or SQLite's CommitWatch); polling is only the fallback.
                    idle = (
                        LISTEN_FALLBACK_POLL_S
                        if lease.listening or watch is not None
                        else self.runtime.settings.relay_idle_s
                    )
                    await wait_any(stop, wakeup, idle, watch)
        finally:
            await lease.release()
            self.runtime.metrics.relay_leader.set(0)


def _transient(exc: BaseException) -> bool:
    """Kafka says "try again": a retriable error, a timeout, fencing or no connection
    anywhere in the exception's cause chain."""
    from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, ProducerFenced

    cause: BaseException | None = exc
    while cause is not None:
        if getattr(cause, "retriable", False) or isinstance(
            cause, TimeoutError | KafkaTimeoutError | KafkaConnectionError | ProducerFenced
        ):
            return True
        cause = cause.__cause__
    return False


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def wait_any(
    stop: asyncio.Event,
    wakeup: asyncio.Event | None,
    seconds: float,
    watch: CommitWatch | None = None,
) -> None:
    """Until ``stop`` or ``wakeup`` is set, ``watch`` sees a commit, or ``seconds`` pass."""
    tasks = [asyncio.ensure_future(stop.wait())]
    if wakeup is not None:
        tasks.append(asyncio.ensure_future(wakeup.wait()))
    if watch is not None:
        tasks.append(asyncio.ensure_future(watch.changed()))
    try:
        await asyncio.wait(tasks, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            t.cancel()


__all__ = ["CommitWatch", "LeaderLease", "Relay", "backoff_s", "wait_any"]
