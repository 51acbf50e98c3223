"""The worker's health and metrics endpoint — 后台进程健康检查.

``rex worker <service>`` with ``REX_WORKER_METRICS_PORT`` serves, on that port
(``REX_WORKER_METRICS_HOST``, default all interfaces):

- ``GET /healthz`` — 200 ``{"status": "ok", ...}`` while the relay, the consumer (Kafka),
  the scheduler and the housekeeping run and the database answers; 503 with
  ``"status": "unhealthy"`` naming the part that stopped. The report carries the
  consumer's lag per partition and the outbox rows waiting to be published, so events
  piling up behind a stuck worker are visible;
- ``GET /metrics`` (and ``/``) — the worker's Prometheus metrics, as before.

It runs on uvicorn inside the worker's event loop (no thread, no second process); a
worker stops serving it before it exits. The API's ``/readyz`` does not look at workers:
a supervisor (systemd ``deploy/systemd``, Docker) restarts a worker that exits, and a
monitor polls ``/healthz`` for one that is alive but not well.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

if TYPE_CHECKING:
    from common.worker import Worker


def health_app(worker: Worker) -> Starlette:
    async def healthz(_request: Request) -> JSONResponse:
        report = await worker.health()
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    async def metrics(_request: Request) -> Response:
        body = generate_latest(worker.runtime.metrics.registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/metrics", metrics),
            Route("/", metrics),
        ]
    )


class _Server(uvicorn.Server):
    """uvicorn without its signal handling: the worker owns SIGTERM/SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class HealthServer:
    def __init__(self, worker: Worker) -> None:
        self.app = health_app(worker)
        self.port = 0
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, port: int, host: str = "0.0.0.0") -> int:
        """Listen on ``port`` (0: a free one); returns the port bound."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections wait in the backlog until uvicorn serves them
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="worker-health")
        return self.port

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 10)
