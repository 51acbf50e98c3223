"""Group commit — 批量提交: many requests' small writes in one transaction.

A request hands its item to a ``Batcher`` and waits. A lane takes every item waiting (up
to ``max_batch``), runs ``apply(session, items)`` in ONE transaction of the service's
runtime, commits, and answers each request with its own result. While a lane's
transaction runs, new items queue behind it, so a batch grows with the load and a lone
request goes at once — no timer, no added latency: PostgreSQL's group commit, one level
up, so a rush costs one transaction (and one fsync) per batch instead of per request.

- ``apply`` returns one result per item, in order. It returns a refusal (a ``Problem``)
  as that item's result instead of raising it, so a refusal never rolls back its
  neighbours; it must flush nothing that depends on a refused item.
- If the transaction fails (a database error, a failed commit), each item of a batch
  of more than one is retried alone, so one bad item cannot sink the others; an item
  alone gets its error raised to its request.
- Items with the same ``key`` go to the same lane: a hot lot's bids queue in one lane of
  the process instead of racing each other for the lot's row lock. Other keys spread over
  ``lanes`` lanes, each with its own connection.
- Nothing is answered before its transaction committed; an item whose request was
  cancelled before its batch started is dropped.

A lane is a task that exists only while it has work, created in the running loop, so
there is nothing to start or stop with the application.
"""

from __future__ import annotations

import asyncio
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from common.runtime import ServiceRuntime

Item = TypeVar("Item")
Result = TypeVar("Result")
Apply = Callable[["AsyncSession", Sequence[Item]], Awaitable[list[Result]]]


class _Lane(Generic[Item, Result]):
    def __init__(self) -> None:
        self.queue: deque[tuple[Item, asyncio.Future[Result]]] = deque()
        self.task: asyncio.Task[None] | None = None


class Batcher(Generic[Item, Result]):
    def __init__(
        self,
        runtime: ServiceRuntime,
        apply: Apply[Item, Result],
        *,
        key: Callable[[Item], str],
        lanes: int = 4,
        max_batch: int = 64,
    ) -> None:
        self.runtime = runtime
        self.apply = apply
        self.key = key
        self.max_batch = max_batch
        self._lanes: list[_Lane[Item, Result]] = [_Lane() for _ in range(lanes)]

    async def submit(self, item: Item) -> Result:
        """The item's result once its transaction committed (its error if it failed)."""
        # crc32, not hash(): the same key picks the same lane in every process
        lane = self._lanes[zlib.crc32(self.key(item).encode()) % len(self._lanes)]
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        lane.queue.append((item, future))
        if lane.task is None or lane.task.done():
            lane.task = asyncio.get_running_loop().create_task(self._drain(lane))
        return await future

    async def _drain(self, lane: _Lane[Item, Result]) -> None:
        while lane.queue:
            batch = []
            while lane.queue and len(batch) < self.max_batch:
                entry = lane.queue.popleft()
                if not entry[1].done():  # its request was cancelled meanwhile
                    batch.append(entry)
            if batch:
                await self._commit(batch)

    async def _commit(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            async with self.runtime.transaction() as session:
                results = await self.apply(session, [item for item, _ in batch])
        except Exception as exc:
            if len(batch) > 1:
                for entry in batch:
                    await self._commit([entry])
                return
            _settle(batch[0][1], error=exc)
            return
        except BaseException as exc:  # cancelled (shutdown): nobody may wait forever
            for _, future in batch:
                _settle(future, error=exc)
            raise
        for (_, future), result in zip(batch, results, strict=True):
            _settle(future, result=result)


def _settle(
    future: asyncio.Future[Result],
    *,
    result: Result | None = None,
    error: BaseException | None = None,
) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]


def batcher(
    runtime: ServiceRuntime,
    name: str,
    apply: Apply[Item, Result],
    *,
    key: Callable[[Item], str],
    lanes: int = 4,
    max_batch: int = 64,
) -> Batcher[Item, Result]:
    """The runtime's batcher called ``name``, made on first use."""
    found = runtime.batchers.get(name)
    if found is None:
        found = runtime.batchers[name] = Batcher(
            runtime, apply, key=key, lanes=lanes, max_batch=max_batch
        )
    return found
