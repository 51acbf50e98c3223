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

from sqlalchemy import delete, func, select

from common.inbox import InboxProcessor, KafkaConsumerRunner, table_dead_letter
from common.job_runner import JobRunner
from common.relay import Relay
from common.runtime import ServiceRuntime, freeze_heap
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
            # a relay batch arrives whole and is applied in one transaction (process_batch)
            runtime.bus.subscribe_batch(
                sorted(processor.topics()), runtime.name, processor.process_batch
            )
        self._tasks: list[asyncio.Task[None]] = []
        self.parts: dict[str, asyncio.Task[None]] = {}

    def start(self) -> None:
        parts: dict[str, Coroutine[Any, Any, None]] = {
            "relay": self.relay.run(self.stop_event),
            "scheduler": self.scheduler.run(self.stop_event),
            "housekeeping": self._housekeeping(),
        }
        if self.consumer is not None:
            parts["consumer"] = self.consumer.run(self.stop_event)
        if self.runtime.definition.jobs is not None:
            parts["jobs"] = JobRunner(self.runtime).run(self.stop_event)
        self.parts = {
            name: asyncio.create_task(p, name=f"{self.runtime.name}-worker-{name}")
            for name, p in parts.items()
        }
        self._tasks = list(self.parts.values())

    async def health(self) -> dict[str, Any]:
        """The worker's health — 健康状态: each part running (relay, consumer, scheduler,
        housekeeping), the consumer's lag per partition (Kafka), and the outbox rows
        waiting to be published. Unhealthy when a part has ended or the database does
        not answer; ``REX_WORKER_METRICS_PORT`` serves it as ``GET /healthz``."""
        components: dict[str, str] = {}
        for name, task in self.parts.items():
            if not task.done():
                components[name] = "running"
            elif task.cancelled():
                components[name] = "stopped: cancelled"
            elif (error := task.exception()) is not None:
                components[name] = f"stopped: {type(error).__name__}: {error}"[:300]
            else:
                components[name] = "stopped"
        report: dict[str, Any] = {"service": self.runtime.name, "components": components}
        if self.consumer is not None:
            lag = dict(self.consumer.lag)
            report["consumer_lag"] = lag
            report["consumer_lag_total"] = sum(lag.values())
        try:
            report["outbox_pending"] = await asyncio.wait_for(outbox_pending(self.runtime), 5)
        except Exception as exc:
            components["database"] = f"unreachable: {type(exc).__name__}: {exc}"[:300]
        healthy = bool(components) and all(v == "running" for v in components.values())
        report["status"] = "ok" if healthy else "unhealthy"
        return report

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


async def outbox_pending(runtime: ServiceRuntime) -> int:
    """Outbox rows not yet published (parked ones included): events piling up."""
    o = runtime.definition.infra.outbox
    async with runtime.transaction() as session:
        return int(
            await session.scalar(select(func.count()).where(o.c.published_at.is_(None))) or 0
        )


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
    health = None
    if port:
        from common.worker_health import HealthServer

        health = HealthServer(worker)
        await health.start(port, host=runtime.settings.worker_metrics_host)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop_event.set)
    log.info("worker %s started (%s)", runtime.name, runtime.settings.event_transport.value)
    worker.start()
    failed = await worker.wait()
    if health is not None:
        await health.stop()
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
    from common.settings import Settings

    runtime = ServiceRuntime(definition, Settings())
    freeze_heap()  # as an API process does: no 80 ms collector pauses on the startup heap
    asyncio.run(run_worker(runtime))
