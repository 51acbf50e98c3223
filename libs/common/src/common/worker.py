"""Worker — 后台进程: outbox relay + event consumers + due-timer scheduler.

In production each service runs ``rex worker <service>`` beside its API. In the
embedded run the same parts run inside the one process, the consumers attached to the
in-process bus.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

from sqlalchemy import delete

from common.inbox import InboxProcessor, KafkaConsumerRunner, table_dead_letter
from common.relay import Relay
from common.runtime import ServiceRuntime
from common.scheduler import Scheduler
from common.service import ServiceDefinition
from common.settings import Transport

log = logging.getLogger("common.worker")
HOUSEKEEPING_S = 3600.0


class Worker:
    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime
        self.stop_event = asyncio.Event()
        self.relay = Relay(runtime, runtime.relay_publisher())
        self.scheduler = Scheduler(runtime)
        self.consumer: KafkaConsumerRunner | None = None
        if runtime.settings.event_transport is Transport.kafka:
            self.consumer = KafkaConsumerRunner(runtime)
        else:
            assert runtime.bus is not None
            processor = InboxProcessor(runtime, table_dead_letter(runtime))
            for topic in sorted(processor.topics()):
                runtime.bus.subscribe(topic, runtime.name, processor.process)
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        parts: list[Coroutine[Any, Any, None]] = [
            self.relay.run(self.stop_event),
            self.scheduler.run(self.stop_event),
            self._housekeeping(),
        ]
        if self.consumer is not None:
            parts.append(self.consumer.run(self.stop_event))
        self._tasks = [asyncio.create_task(p, name=f"{self.runtime.name}-worker") for p in parts]

    async def wait(self) -> asyncio.Task[None] | None:
        """Until a stop is asked (None), or a part ends by itself (that part is returned:
        a worker missing its relay, consumer or scheduler must not look alive)."""
        stop = asyncio.create_task(self.stop_event.wait())
        done, _ = await asyncio.wait([stop, *self._tasks], return_when=asyncio.FIRST_COMPLETED)
        if stop in done:
            return None
        stop.cancel()
        return next(iter(done))

    async def _housekeeping(self) -> None:
        while not self.stop_event.is_set():
            try:
                await purge_expired(self.runtime)
            except Exception as exc:
                log.warning("housekeeping %s: %s", self.runtime.name, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop_event.wait(), HOUSEKEEPING_S)

    async def stop(self, timeout_s: float = 20.0) -> None:
        self.stop_event.set()
        if self._tasks:
            _done, pending = await asyncio.wait(self._tasks, timeout=timeout_s)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        await self.relay.publisher.close()


async def purge_expired(runtime: ServiceRuntime) -> dict[str, int]:
    """Forget what is no longer needed: published outbox rows, old inbox ids, old keys."""
    infra, s, now = runtime.definition.infra, runtime.settings, runtime.clock.now()
    rules = [
        (infra.outbox, infra.outbox.c.published_at, timedelta(days=s.outbox_retention_days)),
        (infra.inbox, infra.inbox.c.processed_at, timedelta(days=s.inbox_retention_days)),
        (
            infra.idempotency,
            infra.idempotency.c.created_at,
            timedelta(hours=s.idempotency_ttl_hours),
        ),
    ]
    removed = {}
    async with runtime.transaction() as session:
        for table, column, keep in rules:
            result = await session.execute(delete(table).where(column < now - keep))
            removed[table.name] = result.rowcount
    return removed


async def run_worker(runtime: ServiceRuntime) -> None:
    """Run until SIGTERM/SIGINT, then stop cleanly."""
    worker = Worker(runtime)
    port = runtime.settings.worker_metrics_port
    if port:
        from prometheus_client import start_http_server

        start_http_server(port, addr="0.0.0.0", registry=runtime.metrics.registry)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop_event.set)
    log.info("worker %s started (%s)", runtime.name, runtime.settings.event_transport.value)
    worker.start()
    failed = await worker.wait()
    await worker.stop()
    await runtime.dispose()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.remove_signal_handler(sig)
    if failed is not None:
        error = failed.exception() if not failed.cancelled() else "cancelled"
        log.critical(
            "worker %s: a part ended by itself (%r); exiting so the supervisor restarts it",
            runtime.name,
            error,
        )
        raise SystemExit(1)
    log.info("worker %s stopped", runtime.name)


def worker_main(definition: ServiceDefinition) -> None:
    """Entry point of ``rex worker <service>`` and each service's worker.py."""
    from common.app import freeze_heap
    from common.settings import Settings

    runtime = ServiceRuntime(definition, Settings())
    freeze_heap()  # as an API process does: no 80 ms collector pauses on the startup heap
    asyncio.run(run_worker(runtime))
