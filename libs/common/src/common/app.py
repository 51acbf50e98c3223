"""FastAPI app factory shared by the four services.

Each service's ``main.py`` declares its ``ServiceDefinition``; ``create_app`` turns it
into an API with the same health, readiness, metrics, error and transaction handling
everywhere. Domain routers are made with ``common.routes.router()`` so every route owns
its one transaction.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from ipaddress import ip_address
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.asgi import HttpMiddleware
from common.auth import Principal, current_principal
from common.clock import Clock
from common.edge import edge
from common.hardening import guard_routes
from common.hot import HotRoute, serve
from common.localtime import LocalTimestamps
from common.logs import new_request_id, request_id
from common.openapi import document_problems, serve_docs_offline
from common.problems import Problem, forbidden, install_problem_handlers, problem_response
from common.ratelimit import RateLimits
from common.runtime import ServiceRuntime
from common.service import ServiceDefinition
from common.settings import Settings

log = logging.getLogger("common.app")


class RequestContext(HttpMiddleware):
    """Request id (X-Request-ID) for logs, and HTTP metrics per route template.

    A pure ASGI middleware: Starlette's ``BaseHTTPMiddleware`` runs every request in an
    extra task group with memory streams, which cost more CPU than the bid itself."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = _header(scope, b"x-request-id") or new_request_id()
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        rid_header = (b"x-request-id", rid.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), rid_header]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Escapes to the outermost handler (a 500 problem); log it here, where the
            # request id is still known.
            log.exception("unhandled error", extra={"path": scope.get("path")})
            raise
        finally:
            request_id.reset(token)
            template = getattr(scope.get("route"), "path", "unmatched")
            scope["app"].state.runtime.metrics.observe_request(
                scope["method"], template, status, time.perf_counter() - started
            )


class ServiceApp(FastAPI):
    """A service's FastAPI app, which first matches the service's hot routes
    (``common.hot``): a request of theirs skips the middleware and routing below."""

    hot_routes: tuple[HotRoute, ...] = ()
    edge: ASGIApp | None = None  # common.edge, in front of hot routes and FastAPI alike

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.edge is not None and scope["type"] == "http":
            await self.edge(scope, receive, send)
        else:
            await self._dispatch(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for route in self.hot_routes:
                params = route.match(scope)
                if params is not None:
                    scope["app"] = self
                    await serve(route, params, scope, receive, send, super().__call__)
                    return
        await super().__call__(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


@cache
def _health_router() -> APIRouter:
    r = APIRouter(tags=["health"])

    @r.get("/healthz", summary="Liveness: the process answers")
    async def healthz(request: Request) -> dict[str, str]:
        return {"status": "ok", "service": request.app.state.runtime.name}

    @r.get(
        "/readyz",
        summary="Readiness: database and event transport reachable",
        responses={503: {"description": "Not ready (problem details)"}},
    )
    async def readyz(request: Request) -> Response:
        runtime: ServiceRuntime = request.app.state.runtime
        checks = await runtime.readiness()
        if all(checks.values()):
            return JSONResponse({"status": "ready", "service": runtime.name, "checks": checks})
        problem = Problem(
            503,
            "not-ready",
            "Service not ready",
            "服务未就绪",
            rule="X1",
            detail_en=f"unreachable: {[k for k, ok in checks.items() if not ok]}",
            extra={"checks": checks},
        )
        return problem_response(problem, request.url.path)

    @r.get("/whoami", summary="The caller as this service sees it (checks a token)")
    async def whoami(principal: Principal = Depends(current_principal)) -> dict[str, Any]:
        return {
            "subject": principal.subject,
            "name": principal.name,
            "roles": sorted(principal.roles),
            "org": {
                "type": principal.org.type,
                "id": principal.org.id,
                "county": principal.org.county,
            },
        }

    @r.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        if not metrics_allowed(request):
            raise forbidden(
                "metrics are for the operator network or the metrics token",
                "监控指标仅对运维网络或持有监控令牌者开放",
            )
        registry = request.app.state.runtime.metrics.registry
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return r


def metrics_allowed(request: Request) -> bool:
    """/metrics: a client in ``Settings.metrics_networks`` or bearing
    ``Settings.metrics_token`` (README "Security")."""
    settings: Settings = request.app.state.runtime.settings
    if request.client is not None:
        try:
            address = ip_address(request.client.host)
        except ValueError:
            address = None
        if address is not None and any(address in net for net in settings.metrics_networks):
            return True
    expected = settings.metrics_token
    given = request.headers.get("authorization", "")
    return (
        expected is not None
        and given[:7].lower() == "bearer "
        and hmac.compare_digest(given[7:].strip().encode(), expected.get_secret_value().encode())
    )


def create_app(
    definition: ServiceDefinition,
    settings: Settings | None = None,
    *,
    runtime: ServiceRuntime | None = None,
    clock: Clock | None = None,
    manage_lifecycle: bool = True,
) -> FastAPI:
    """The service's API. ``manage_lifecycle=False`` when a parent app owns the runtime."""
    settings = settings or Settings()
    runtime = runtime or ServiceRuntime(definition, settings, clock=clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if manage_lifecycle:
                await runtime.dispose()

    app = ServiceApp(
        title=definition.title,
        description=definition.description,
        version=definition.version,
        lifespan=lifespan,
        docs_url=None,  # common.openapi serves /docs and /redoc without a CDN
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.rate_limits = RateLimits(settings, runtime.clock)
    app.hot_routes = tuple(definition.hot_routes)
    app.edge = edge(
        app._dispatch,
        cors_origins=settings.cors_origins,
        max_header_bytes=settings.max_header_bytes,
    )
    install_problem_handlers(app)
    document_problems(app)
    serve_docs_offline(app)
    app.add_middleware(LocalTimestamps)  # inside RequestContext: answers in +08:00
    app.add_middleware(RequestContext)
    _include_routers(app, (_health_router(), *definition.routers))
    return app


def app_factory(definition: ServiceDefinition) -> Callable[[Settings | None], FastAPI]:
    """A service's ``create_app(settings=None)``: its API made by :func:`create_app`."""

    def create_service_app(settings: Settings | None = None) -> FastAPI:
        return create_app(definition, settings)

    return create_service_app


# The routes FastAPI builds from a set of routers, once per process: including a router
# analyses every endpoint's signature and builds its validators (about a second of CPU
# for a service's 80 routes on a 2-core box), and the tests create an app per test. A
# built route refers to no app (handlers read ``request.app``); the one thing it keeps of
# the first app is that app's ``dependency_overrides``, which the platform never uses.
# Keyed by the routers' ids (a router is not hashable); the entry keeps the routers alive,
# so no id is reused.
_built_routes: dict[tuple[int, ...], tuple[tuple[APIRouter, ...], list[BaseRoute]]] = {}


def _include_routers(app: FastAPI, routers: tuple[APIRouter, ...]) -> None:
    key = tuple(id(router) for router in routers)
    if key in _built_routes:
        app.router.routes.extend(_built_routes[key][1])
        return
    first = len(app.router.routes)
    for router in routers:
        guard_routes(router)  # every text argument cleaned (common.hardening)
        app.include_router(router)
    _built_routes[key] = (routers, app.router.routes[first:])
