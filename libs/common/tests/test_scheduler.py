"""Persisted timers: moved by the injectable clock, fired exactly once under racing workers."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from common.clock import ManualClock
from common.context import session_context
from common.contracts.platform import ProbeRecorded
from common.migrations import upgrade
from common.outbox import record_event
from common.runtime import ServiceRuntime
from common.scheduler import MAX_TIMER_ATTEMPTS, Scheduler, cancel_timer, schedule_timer
from common.service import Timer
from testkit.testing import make_settings, pg_settings

KIND = "test.announcement_end"


async def fire(session, timer: Timer) -> None:
    await asyncio.sleep(0)  # let a racing scheduler interleave
    await record_event(
        session,
        ProbeRecorded(probe_id=timer.key, sequence=0, sent_at=session_context(session).clock.now()),
    )


async def fired_count(rt: ServiceRuntime, key: str | None = None) -> int:
    o = rt.definition.infra.outbox
    q = select(func.count()).select_from(o)
    if key is not None:
        q = q.where(o.c.aggregate_id == key)
    async with rt.transaction() as s:
        return await s.scalar(q)


@pytest.fixture
async def sqlite_runtime(tmp_path, services: dict, clock: ManualClock, runtimes: list):
    definition = services["listing"].replace(timer_handlers={KIND: fire})
    settings = make_settings(data_dir=tmp_path)
    await upgrade(definition, settings)
    rt = ServiceRuntime(definition, settings, clock=clock)
    runtimes.append(rt)
    return rt


async def test_L5_timer_fires_only_when_the_clock_reaches_it(
    sqlite_runtime: ServiceRuntime, clock: ManualClock
) -> None:
    end = clock.now() + timedelta(days=20)  # the 20-day announcement of L5
    async with sqlite_runtime.transaction() as s:
        await schedule_timer(s, KIND, "listing-1", end, {"listing": 1})
    scheduler = Scheduler(sqlite_runtime)
    clock.advance(days=19, hours=23, minutes=59)
    assert await scheduler.run_once() == 0
    clock.advance(minutes=1)
    assert await scheduler.run_once() == 1
    assert await scheduler.run_once() == 0
    assert await fired_count(sqlite_runtime, "listing-1") == 1


async def test_L5_extending_a_pending_timer_moves_its_end(
    sqlite_runtime: ServiceRuntime, clock: ManualClock
) -> None:
    async with sqlite_runtime.transaction() as s:
        await schedule_timer(s, KIND, "listing-2", clock.now() + timedelta(days=20))
        await schedule_timer(s, KIND, "listing-2", clock.now() + timedelta(days=25))
    clock.advance(days=20)
    assert await Scheduler(sqlite_runtime).run_once() == 0
    clock.advance(days=5)
    assert await Scheduler(sqlite_runtime).run_once() == 1


async def test_cancelled_timer_never_fires(
    sqlite_runtime: ServiceRuntime, clock: ManualClock
) -> None:
    async with sqlite_runtime.transaction() as s:
        await schedule_timer(s, KIND, "listing-3", clock.now() + timedelta(days=1))
    async with sqlite_runtime.transaction() as s:
        assert await cancel_timer(s, KIND, "listing-3")
    clock.advance(days=2)
    assert await Scheduler(sqlite_runtime).run_once() == 0
    assert await fired_count(sqlite_runtime) == 0


async def test_failing_timer_is_retried_with_backoff_then_left_failed(
    tmp_path, services: dict, clock: ManualClock, runtimes: list
) -> None:
    calls = 0

    async def broken(session, timer: Timer) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("registry unreachable")

    definition = services["listing"].replace(timer_handlers={KIND: broken})
    settings = make_settings(data_dir=tmp_path)
    await upgrade(definition, settings)
    rt = ServiceRuntime(definition, settings, clock=clock)
    runtimes.append(rt)
    async with rt.transaction() as s:
        await schedule_timer(s, KIND, "k", clock.now())
    scheduler = Scheduler(rt)
    assert await scheduler.run_once() == 1 and calls == 1
    assert await scheduler.run_once() == 0  # backing off: not due again yet
    for _ in range(MAX_TIMER_ATTEMPTS * 2):
        clock.advance(minutes=10)
        await scheduler.run_once()
    assert calls == MAX_TIMER_ATTEMPTS
    t = definition.infra.timers
    async with rt.transaction() as s:
        row = (await s.execute(select(t.c.state, t.c.last_error))).one()
    assert row.state == "failed" and "registry unreachable" in row.last_error


@pytest.mark.postgres
async def test_two_schedulers_racing_on_postgres_fire_each_due_timer_exactly_once(
    pg: str, services: dict, clock: ManualClock, runtimes: list
) -> None:
    definition = services["registry"].replace(timer_handlers={KIND: fire})
    settings = pg_settings()
    a = ServiceRuntime(definition, settings, clock=clock)
    b = ServiceRuntime(definition, settings, clock=clock)
    runtimes += [a, b]
    n = 200
    async with a.transaction() as s:
        for i in range(n):
            await schedule_timer(s, KIND, f"visit-{i}", clock.now() + timedelta(days=30))
    clock.advance(days=30)
    fired_a, fired_b = await asyncio.gather(
        Scheduler(a).run_once(limit=10 * n), Scheduler(b).run_once(limit=10 * n)
    )
    assert fired_a + fired_b == n
    assert await fired_count(a) == n
    o = definition.infra.outbox
    async with a.transaction() as s:
        assert await s.scalar(select(func.count(o.c.aggregate_id.distinct()))) == n
        t = definition.infra.timers
        states = dict((await s.execute(select(t.c.state, func.count()).group_by(t.c.state))).all())
    assert states == {"fired": n}
    print(f"scheduler A fired {fired_a}, B fired {fired_b}")


async def test_housekeeping_forgets_only_what_has_aged_out(
    sqlite_runtime: ServiceRuntime, clock: ManualClock
) -> None:
    from common.relay import Relay
    from common.worker import purge_expired

    rt = sqlite_runtime
    async with rt.transaction() as s:
        await record_event(s, ProbeRecorded(probe_id="old", sequence=0, sent_at=clock.now()))
        await record_event(s, ProbeRecorded(probe_id="pending", sequence=0, sent_at=clock.now()))
    rt.bus.subscribe("platform.probe", "x", lambda m: asyncio.sleep(0))
    relay = Relay(rt, rt.relay_publisher())
    relay.batch_size = 1
    assert await relay.run_once() == 1  # "old" published, "pending" not
    clock.advance(days=7, seconds=1)
    removed = await purge_expired(rt)
    assert removed["outbox"] == 1
    o = rt.definition.infra.outbox
    async with rt.transaction() as s:
        left = (await s.execute(select(o.c.aggregate_id))).scalars().all()
    assert left == ["pending"]  # an unpublished row is never purged


async def test_a_running_scheduler_wakes_for_a_clock_move_and_a_committed_timer_not_a_poll(
    tmp_path, services: dict, clock: ManualClock, runtimes: list
) -> None:
    # An hour between polls: anything fired within the test's bound was woken, not polled.
    fired: asyncio.Queue[str] = asyncio.Queue()

    async def note(session, timer: Timer) -> None:
        fired.put_nowait(timer.key)

    definition = services["listing"].replace(timer_handlers={KIND: note})
    settings = make_settings(data_dir=tmp_path, scheduler_idle_s=3600)
    await upgrade(definition, settings)
    rt = ServiceRuntime(definition, settings, clock=clock)
    runtimes.append(rt)
    stop = asyncio.Event()
    running = asyncio.create_task(Scheduler(rt).run(stop))
    try:
        async with rt.transaction() as s:  # due at once: the commit wakes the scheduler
            await schedule_timer(s, KIND, "due-now", clock.now())
        assert await asyncio.wait_for(fired.get(), 10) == "due-now"
        async with rt.transaction() as s:  # due in 20 days: moving the clock wakes it
            await schedule_timer(s, KIND, "in-20-days", clock.now() + timedelta(days=20))
        clock.advance(days=20)
        assert await asyncio.wait_for(fired.get(), 10) == "in-20-days"
    finally:
        stop.set()
        await running
