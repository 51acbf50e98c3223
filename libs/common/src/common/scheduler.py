"""Persisted timers and the scheduler that fires them — 定时器.

Every deadline is a row in ``timers`` written in the same transaction as the state that
needs it (``schedule_timer``). The worker's scheduler claims one due timer at a time
with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL), runs its handler and marks it fired in the
same transaction: several workers can race and each timer's effect happens exactly once.
"Due" is decided by the injectable clock, so tests move time instead of sleeping.

A handler that raises is retried with backoff; after ``MAX_TIMER_ATTEMPTS`` the timer
is left in state ``failed`` with its error, for an operator.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.context import session_context
from common.problems import is_infrastructure_error
from common.relay import backoff_s, wait_any
from common.runtime import ServiceRuntime
from common.service import Timer

log = logging.getLogger("common.scheduler")
MAX_TIMER_ATTEMPTS = 10


async def schedule_timer(
    session: AsyncSession,
    kind: str,
    key: str,
    due_at: datetime,
    payload: dict[str, Any] | None = None,
) -> None:
    """Create the (kind, key) timer, or move a pending one to ``due_at``."""
    session.info["timers_written"] = True  # wakes the scheduler after commit
    ctx = session_context(session)
    timers = ctx.infra.timers
    existing = (
        await session.execute(
            select(timers.c.id, timers.c.state).where(timers.c.kind == kind, timers.c.key == key)
        )
    ).first()
    if existing is None:
        await session.execute(
            timers.insert().values(
                kind=kind,
                key=key,
                due_at=due_at,
                payload=payload or {},
                state="pending",
                attempts=0,
                created_at=ctx.clock.now(),
            )
        )
        return
    await session.execute(
        update(timers)
        .where(timers.c.id == existing.id)
        .values(
            due_at=due_at,
            payload=payload or {},
            state="pending",
            attempts=0,
            last_error=None,
            fired_at=None,
        )
    )


async def cancel_timer(session: AsyncSession, kind: str, key: str) -> bool:
    timers = session_context(session).infra.timers
    result = await session.execute(
        update(timers)
        .where(timers.c.kind == kind, timers.c.key == key, timers.c.state == "pending")
        .values(state="cancelled")
    )
    return result.rowcount > 0


class Scheduler:
    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime
        self.timers = runtime.definition.infra.timers
        self.handlers = runtime.definition.timer_handlers

    async def fire_one(self) -> bool:
        """Claim and handle one due timer; False when none is due.

        The handler runs in a savepoint inside the transaction that holds the timer's
        row lock: success marks it fired; failure rolls the handler's work back and
        records the attempt in that same transaction, so a failure can never revive a
        timer that was cancelled, rescheduled or fired meanwhile.
        """
        t = self.timers
        now = self.runtime.clock.now()
        failure: Exception | None = None
        async with self.runtime.transaction() as session:
            row = (
                await session.execute(
                    select(t)
                    .where(t.c.state == "pending", t.c.due_at <= now)
                    .order_by(t.c.due_at, t.c.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
            ).first()
            if row is None:
                return False
            handler = self.handlers.get(row.kind)
            try:
                async with session.begin_nested():
                    if handler is None:
                        raise LookupError(f"no handler for timer kind {row.kind!r}")
                    timer = Timer(
                        row.id, row.kind, row.key, row.due_at, dict(row.payload or {}), row.attempts
                    )
                    await handler(session, timer)
            except Exception as exc:
                if is_infrastructure_error(exc):
                    raise
                failure = exc
                await self._record_failure(session, row, exc, now)
            else:
                await session.execute(
                    update(t).where(t.c.id == row.id).values(state="fired", fired_at=now)
                )
        if failure is None:
            self.runtime.metrics.timers_fired.labels(row.kind).inc()
        else:
            self.runtime.metrics.timers_failed.labels(row.kind).inc()
        return True

    async def _record_failure(
        self, session: AsyncSession, row: Any, exc: Exception, now: datetime
    ) -> None:
        attempts = row.attempts + 1
        state = "failed" if attempts >= MAX_TIMER_ATTEMPTS else "pending"
        log.warning("timer %s/%s failed (attempt %d): %s", row.kind, row.key, attempts, exc)
        await session.execute(
            update(self.timers)
            .where(self.timers.c.id == row.id)
            .values(
                attempts=attempts,
                state=state,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                due_at=now + timedelta(seconds=backoff_s(attempts, base=1, cap=300)),
            )
        )

    async def run_once(self, limit: int | None = None) -> int:
        """Fire every due timer (up to ``limit``); returns how many were handled."""
        limit = limit or self.runtime.settings.scheduler_batch_size
        fired = 0
        while fired < limit and await self.fire_one():
            fired += 1
        return fired

    async def run(self, stop: asyncio.Event) -> None:
        """Fire due timers until ``stop``. Idle, it waits ``scheduler_idle_s`` or until woken:
        by a commit in this process that wrote a timer, or by a manual clock that moved
        (tests, demos), so waiting costs no query."""
        failures = 0
        wakeup = self.runtime.scheduler_wakeup()
        loop = asyncio.get_running_loop()
        on_change = getattr(self.runtime.clock, "on_change", None)
        # the clock may be moved from another thread (a browser test's server)
        unsubscribe = (
            on_change(lambda: loop.call_soon_threadsafe(wakeup.set)) if on_change else None
        )
        try:
            while not stop.is_set():
                wakeup.clear()  # a timer or a clock move during run_once wakes the wait below
                try:
                    fired = await self.run_once()
                    failures = 0
                except Exception as exc:
                    failures += 1
                    fired = 0
                    log.warning("scheduler %s: %s", self.runtime.name, exc)
                if failures:
                    await wait_any(stop, None, backoff_s(failures))
                elif fired == 0:
                    await wait_any(stop, wakeup, self.runtime.settings.scheduler_idle_s)
        finally:
            if unsubscribe is not None:
                unsubscribe()
