"""Service runtime — one per service per process: engine, sessions, clock, transport.

Everything a request, a consumer or a timer needs reaches it through the session
(``session.info["context"]``), so domain code takes a session and nothing else.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from common.clock import Clock, OffsetFileClock, SystemClock
from common.context import SessionContext
from common.db import make_engine, make_sessionmaker
from common.metrics import ServiceMetrics
from common.service import ServiceDefinition
from common.settings import Settings, Transport
from common.transport import InProcessBus, KafkaPublisher, Publisher, kafka_ping

if TYPE_CHECKING:
    from common.auth import TokenVerifier

log = logging.getLogger("common.runtime")


class _Wakeup:
    """The wake-up call of one background loop (relay, scheduler, job runner) — 唤醒: its
    event is made when the loop first asks for it; waking a loop before that does nothing
    (a loop looks for work before it first waits)."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def set(self) -> None:
        if self._event is not None:
            self._event.set()

    def event(self) -> asyncio.Event:
        if self._event is None:
            self._event = asyncio.Event()
        return self._event


def freeze_heap() -> None:
    """Take everything alive now — the imports, the app, its schemas — out of the garbage
    collector's sight. A full collection of a service's startup heap (~120,000 objects)
    takes ~80 ms on a 2-core box: a pause every request in flight waits out, the bulk of a
    p99. A server process calls this once it has built its app; tests never do (frozen
    objects are never freed)."""
    gc.collect()
    gc.freeze()


class ServiceRuntime:
    def __init__(
        self,
        definition: ServiceDefinition,
        settings: Settings,
        *,
        clock: Clock | None = None,
        bus: InProcessBus | None = None,
    ) -> None:
        self.definition = definition
        self.name = definition.name
        self.settings = settings
        self.clock: Clock = clock or (
            OffsetFileClock(settings.clock_offset_file)
            if settings.clock_offset_file is not None
            else SystemClock()
        )
        self.metrics = ServiceMetrics(self.name)
        self.url = settings.service_database_url(self.name)
        self.engine = make_engine(
            self.url,
            schema=self.name,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            echo=settings.db_echo,
            pre_ping=settings.db_pre_ping,
        )
        self.context = SessionContext(self.name, definition.infra, self.clock)
        self.sessionmaker = make_sessionmaker(self.engine, {"context": self.context})
        if settings.event_transport is Transport.inprocess and bus is None:
            bus = InProcessBus()
        self.bus = bus
        self._relay_wakeup = _Wakeup()
        self._scheduler_wakeup = _Wakeup()
        self._jobs_wakeup = _Wakeup()
        self._verifier: TokenVerifier | None = None
        # The other services' ASGI apps when they run in this process (embedded run):
        # calls between services then stay in-process (common.service_client.peer_client).
        self.peer_apps: dict[str, Any] = {}
        # Group-commit batchers by name (common.batching.batcher), made on first use.
        self.batchers: dict[str, Any] = {}

    # -- transactions ------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """The one unit of work; wakes the relay when it committed outbox rows, and the
        scheduler when it committed timers."""
        async with self.sessionmaker() as session:
            async with session.begin():
                yield session
            if session.info.pop("outbox_written", False):
                self.wake_relay()
            if session.info.pop("timers_written", False):
                self.wake_scheduler()
            if session.info.pop("jobs_written", False):
                self._jobs_wakeup.set()  # a job was started: the job runner (common.jobs)

    def wake_relay(self) -> None:
        self._relay_wakeup.set()

    def relay_wakeup(self) -> asyncio.Event:
        return self._relay_wakeup.event()

    def wake_scheduler(self) -> None:
        self._scheduler_wakeup.set()

    def scheduler_wakeup(self) -> asyncio.Event:
        return self._scheduler_wakeup.event()

    def jobs_wakeup(self) -> asyncio.Event:
        return self._jobs_wakeup.event()

    # -- transport -----------------------------------------------------------------

    def relay_publisher(self) -> Publisher:
        if self.settings.event_transport is Transport.kafka:
            return KafkaPublisher(
                self.settings.kafka_bootstrap,
                timeout_s=self.settings.kafka_client_timeout_s,
                transactional_id=f"rex-relay-{self.settings.consumer_group(self.name)}",
            )
        assert self.bus is not None
        return self.bus

    # -- auth ------------------------------------------------------------------------

    @property
    def verifier(self) -> TokenVerifier:
        if self._verifier is None:
            from common.auth import TokenVerifier

            self._verifier = TokenVerifier.from_settings(self.settings)
        return self._verifier

    # -- health ------------------------------------------------------------------------

    async def readiness(self) -> dict[str, bool]:
        checks = {"database": False, "events": False}
        try:
            async with asyncio.timeout(3):
                async with self.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
            checks["database"] = True
        except Exception as exc:
            log.warning("readiness: database unreachable: %s", exc)
        if self.settings.event_transport is Transport.kafka:
            checks["events"] = await kafka_ping(self.settings.kafka_bootstrap)
        else:
            checks["events"] = self.bus is not None
        return checks

    async def dispose(self) -> None:
        await self.engine.dispose()
