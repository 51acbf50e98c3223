"""Group commit (common.batching): requests arriving together share one transaction, each
gets its own answer only after that commit, and one failing item never sinks the others."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from sqlalchemy import func, select

from common.batching import Batcher, batcher
from common.clock import ManualClock
from common.context import session_context
from common.contracts.platform import ProbeRecorded
from common.migrations import upgrade
from common.outbox import record_event
from common.problems import Problem
from common.runtime import ServiceRuntime
from testkit.testing import make_settings

POISON = 13


class Recorder:
    """An ``apply`` that writes one outbox row per item, refuses odd items with a Problem
    (returned, not raised) and fails the whole transaction when the poison is in it."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    async def __call__(self, session, items: Sequence[int]) -> list[int | Problem]:
        self.batches.append(list(items))
        out: list[int | Problem] = []
        for item in items:
            if item % 2:
                out.append(Problem(409, "odd", "odd items are refused", "奇数被拒绝"))
                continue
            await record_event(
                session,
                ProbeRecorded(
                    probe_id=f"item-{item}",
                    sequence=item,
                    sent_at=session_context(session).clock.now(),
                ),
            )
            out.append(item * 10)
        if POISON in items:
            raise RuntimeError("the database refused the batch")
        return out


async def committed(rt: ServiceRuntime) -> set[str]:
    o = rt.definition.infra.outbox
    async with rt.transaction() as s:
        return set((await s.execute(select(o.c.aggregate_id))).scalars())


@pytest.fixture
async def runtime(tmp_path, services: dict, clock: ManualClock, runtimes: list):
    settings = make_settings(data_dir=tmp_path)
    await upgrade(services["listing"], settings)
    rt = ServiceRuntime(services["listing"], settings, clock=clock)
    runtimes.append(rt)
    return rt


async def test_X1_requests_arriving_together_share_one_transaction(
    runtime: ServiceRuntime,
) -> None:
    apply = Recorder()
    b = Batcher(runtime, apply, key=lambda _i: "one lot", lanes=4)
    results = await asyncio.gather(*(b.submit(i) for i in range(0, 40, 2)))
    assert results == [i * 10 for i in range(0, 40, 2)]  # each its own answer, in order
    assert sum(len(x) for x in apply.batches) == 20
    assert len(apply.batches) < 20 and max(len(x) for x in apply.batches) > 1
    assert [i for x in apply.batches for i in x] == list(range(0, 40, 2))  # arrival order
    assert len(await committed(runtime)) == 20


async def test_X1_a_refusal_is_its_own_answer_and_its_neighbours_commit(
    runtime: ServiceRuntime,
) -> None:
    b = Batcher(runtime, Recorder(), key=lambda _i: "one lot")
    results = await asyncio.gather(*(b.submit(i) for i in range(6)))
    assert results[0::2] == [0, 20, 40]
    assert all(isinstance(r, Problem) and r.status == 409 for r in results[1::2])
    assert await committed(runtime) == {"item-0", "item-2", "item-4"}


async def test_X1_a_failing_batch_is_retried_item_by_item_so_only_the_culprit_fails(
    runtime: ServiceRuntime,
) -> None:
    apply = Recorder()
    b = Batcher(runtime, apply, key=lambda _i: "one lot")
    items = [0, 2, POISON, 4, 6]
    results = await asyncio.gather(*(b.submit(i) for i in items), return_exceptions=True)
    assert results[:2] == [0, 20] and results[3:] == [40, 60]
    assert isinstance(results[2], RuntimeError)  # the culprit alone gets the error
    assert await committed(runtime) == {"item-0", "item-2", "item-4", "item-6"}
    assert [POISON] in apply.batches  # it was tried alone


async def test_X1_an_answer_leaves_only_after_its_commit(runtime: ServiceRuntime) -> None:
    b = Batcher(runtime, Recorder(), key=str, lanes=2)

    async def submit_then_look(i: int) -> bool:
        await b.submit(i)
        return f"item-{i}" in await committed(runtime)

    assert all(await asyncio.gather(*(submit_then_look(i) for i in range(0, 20, 2))))


async def test_X1_the_runtime_keeps_one_batcher_per_name(runtime: ServiceRuntime) -> None:
    first = batcher(runtime, "probe", Recorder(), key=str)
    assert batcher(runtime, "probe", Recorder(), key=str) is first
    assert await first.submit(8) == 80
    o = runtime.definition.infra.outbox
    async with runtime.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(o)) == 1
