"""A dead worker is visible (issue 15): the worker's health endpoint reports each part
(relay, consumer, scheduler, housekeeping), the consumer's lag and the outbox backlog,
and answers 503 when a part has stopped."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import httpx
import pytest

from common.ids import generate_resident_id
from common.inbox import KafkaConsumerRunner
from common.migrations import upgrade
from common.outbox import record_event
from common.runtime import ServiceRuntime
from common.scheduler import Scheduler
from common.worker import Worker
from common.worker_health import HealthServer
from testkit.testing import blacklisting, make_settings


async def _running_worker(tmp_path, services, runtimes, **overrides) -> Worker:
    settings = make_settings(data_dir=tmp_path, **overrides)
    await upgrade(services["guarantee"], settings)
    rt = ServiceRuntime(services["guarantee"], settings)
    runtimes.append(rt)
    worker = Worker(rt)
    worker.start()
    return worker


async def test_the_worker_health_endpoint_reports_a_stopped_scheduler_as_unhealthy(
    tmp_path, services, runtimes
) -> None:
    worker = await _running_worker(tmp_path, services, runtimes)
    server = HealthServer(worker)
    port = await server.start(0, host="127.0.0.1")  # a free port, never a fixed one
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            ok = await http.get("/healthz")
            assert ok.status_code == 200, ok.text
            body = ok.json()
            assert body["status"] == "ok" and body["service"] == "guarantee"
            assert body["components"] == {
                "relay": "running",
                "scheduler": "running",
                "housekeeping": "running",
                "jobs": "running",  # guarantee runs long operations (common.jobs)
            }
            assert body["outbox_pending"] == 0
            assert "rex_" in (await http.get("/metrics")).text  # the metrics stay served

            worker.parts["scheduler"].cancel()  # the scheduler task dies
            await asyncio.gather(worker.parts["scheduler"], return_exceptions=True)
            dead = await http.get("/healthz")
            assert dead.status_code == 503
            assert dead.json()["status"] == "unhealthy"
            assert dead.json()["components"]["scheduler"].startswith("stopped")
            assert dead.json()["components"]["relay"] == "running"
    finally:
        await server.stop()
        await worker.stop()


async def test_a_failed_part_is_named_with_its_error_and_the_backlog_is_counted(
    tmp_path, services, runtimes, monkeypatch
) -> None:
    async def broken(self, stop) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("scheduler lost")

    monkeypatch.setattr(Scheduler, "run", broken)
    worker = await _running_worker(tmp_path, services, runtimes)
    worker.parts["relay"].cancel()  # a dead relay: events pile up in the outbox
    await asyncio.gather(worker.parts["relay"], worker.parts["scheduler"], return_exceptions=True)
    async with worker.runtime.transaction() as s:
        for _ in range(3):
            await record_event(s, blacklisting(generate_resident_id("620821")))
    report = await worker.health()
    await worker.stop()
    assert report["status"] == "unhealthy"
    assert report["components"]["scheduler"] == "stopped: RuntimeError: scheduler lost"
    assert report["components"]["relay"] == "stopped: cancelled"
    assert report["outbox_pending"] == 3


async def test_the_consumer_lag_is_what_each_partition_has_left_to_read(tmp_path) -> None:
    tps = [SimpleNamespace(topic="listing.events", partition=p) for p in (0, 1)]
    ends, positions = {0: 120, 1: 7}, {0: 100, 1: 7}

    class Consumer:
        def assignment(self):  # type: ignore[no-untyped-def]
            return tps

        def highwater(self, tp):  # type: ignore[no-untyped-def]
            return ends[tp.partition]

        async def position(self, tp):  # type: ignore[no-untyped-def]
            return positions[tp.partition]

    runner = KafkaConsumerRunner.__new__(KafkaConsumerRunner)
    runner.lag = {}
    await runner._measure_lag(Consumer())
    assert runner.lag == {"listing.events/0": 20, "listing.events/1": 0}


async def test_rex_worker_serves_its_health_on_REX_WORKER_METRICS_PORT(
    tmp_path, services, monkeypatch
) -> None:
    """``run_worker`` (what ``rex worker`` runs) serves /healthz on the configured port
    until it exits; here it exits because its scheduler was stopped."""
    import socket

    from common.worker import run_worker
    from testkit.testing import wait_until

    with socket.socket() as s:  # a free port, never a fixed one
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = make_settings(
        data_dir=tmp_path, worker_metrics_port=port, worker_metrics_host="127.0.0.1"
    )
    await upgrade(services["guarantee"], settings)
    started: list[Worker] = []
    real_start = Worker.start

    def start(self: Worker) -> None:
        real_start(self)
        started.append(self)

    monkeypatch.setattr(Worker, "start", start)

    async def probe() -> None:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

            async def healthy() -> bool:
                try:
                    return (await http.get("/healthz")).status_code == 200
                except httpx.HTTPError:
                    return False

            try:
                await wait_until(healthy, 10, "the worker's /healthz")
            finally:  # whatever happened, the worker must end
                started[0].parts["scheduler"].cancel()

    checker = asyncio.create_task(probe())
    # SystemExit leaves a task by the event loop, so the worker runs here, not in a task.
    with pytest.raises(SystemExit) as exited:
        await run_worker(ServiceRuntime(services["guarantee"], settings))
    await checker  # it reached /healthz (else it raised) before stopping the scheduler
    assert exited.value.code == 1
