"""Embedded run — all four services in one process, each on its own SQLite file, events
delivered in-process from the same outbox tables. The default for a newcomer's first
run and for demos; production runs each service as its own api + worker processes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import entry_points

from fastapi import FastAPI

from common.app import create_app
from common.clock import Clock
from common.edge import SecurityHeaders
from common.problems import install_problem_handlers
from common.runtime import ServiceRuntime, freeze_heap
from common.service import ServiceDefinition
from common.settings import Settings
from common.transport import InProcessBus
from common.worker import Worker

SERVICE_ORDER = ("listing", "bidding", "registry", "guarantee", "collective")


def discover_services() -> dict[str, ServiceDefinition]:
    """Every installed service, found by its ``rex.services`` entry point."""
    found = {ep.name: ep.load() for ep in entry_points(group="rex.services")}
    order = {name: i for i, name in enumerate(SERVICE_ORDER)}
    return dict(sorted(found.items(), key=lambda kv: order.get(kv[0], len(order))))


def service_definition(name: str) -> ServiceDefinition:
    """One service, importing only its own package (a process serving one service starts
    faster and never imports the other three)."""
    found = [ep for ep in entry_points(group="rex.services") if ep.name == name]
    if not found:
        installed = ", ".join(ep.name for ep in entry_points(group="rex.services"))
        raise SystemExit(f"unknown service {name!r}; installed: {installed}")
    return found[0].load()


def create_embedded_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    services: dict[str, ServiceDefinition] | None = None,
    freeze_after_startup: bool = False,
) -> FastAPI:
    """Every service and the portal in one app. ``freeze_after_startup`` (the ``rex
    embedded`` process, never tests): once the workers have started, take the startup
    heap — engines, runtimes, five services' apps — out of the collector's sight; a full
    collection of it took 90–150 ms and, falling inside a burst of events, most of an
    embedded delivery's worst case (bench/README.md, issue 15)."""
    services = services or discover_services()
    bus = InProcessBus()
    runtimes = [ServiceRuntime(d, settings, clock=clock, bus=bus) for d in services.values()]
    workers: list[Worker] = []

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        workers.extend(Worker(rt) for rt in runtimes)
        for w in workers:
            w.start()
        if freeze_after_startup:
            freeze_heap()
        try:
            yield
        finally:
            for w in workers:
                await w.stop()
            for rt in runtimes:
                await rt.dispose()
            await root.state.portal.state.upstream.aclose()

    root = FastAPI(
        title="Rural property exchange — embedded",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    # A path no mounted service matches is answered here: a problem too (X4).
    install_problem_handlers(root)
    root.add_middleware(SecurityHeaders)  # the index and unmatched paths (common.edge)
    root.state.runtimes = {rt.name: rt for rt in runtimes}
    root.state.workers = workers

    apps = {
        rt.name: create_app(rt.definition, settings, runtime=rt, manage_lifecycle=False)
        for rt in runtimes
    }
    for rt in runtimes:
        root.mount(f"/{rt.name}", apps[rt.name])
        rt.peer_apps = {name: app for name, app in apps.items() if name != rt.name}
    # The web portal (门户) at "/", after the services so /listing, /bidding… still win;
    # it calls the in-process apps (services/portal/README.md).
    from portal import create_portal_app

    portal = create_portal_app(settings, apps=apps, clock=clock)
    root.state.portal = portal
    root.mount("/", portal)
    return root
