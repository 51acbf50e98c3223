"""The portal's app — ``create_portal_app(settings, apps=...)`` — 门户应用.

Not a ``rex.services`` entry point (it owns no database): the embedded run mounts it at
``/`` after the services; ``rex portal`` serves it alone in the production layout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette._utils import get_route_path
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from common.clock import Clock, OffsetFileClock, SystemClock
from common.edge import SecurityHeaders
from common.settings import Environment, Settings
from portal.pages.room.endpoints import watch_feed_fast
from portal.pages.room.live import Channels
from portal.session import COOKIE
from portal.settings import SERVICES, portal_settings
from portal.upstream import Upstream
from portal.views import PACKAGE, install_error_pages, make_templates


class PortalApp(FastAPI):
    """The portal's FastAPI app, which first offers a public watch feed
    (``GET /watch/{listing}/feed``) to its fast path: a watcher of a listing whose feed
    is open (or opening) in this process is written straight to the server, skipping the
    middleware and routing below; anything else is FastAPI's (the route of that path
    answers the first watcher and every refusal)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            parts = get_route_path(scope).split("/")
            if len(parts) == 4 and parts[1] == "watch" and parts[3] == "feed":
                scope["app"] = self
                channels = self.state.channels
                if await watch_feed_fast(channels, parts[2], scope, receive, send):
                    return
        await super().__call__(scope, receive, send)


def create_portal_app(
    settings: Settings | None = None,
    *,
    apps: Mapping[str, ASGIApp] | None = None,
    oidc_transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """The portal. ``apps``: the services' apps of this process (the embedded run);
    without them it calls ``REX_<SERVICE>_URL``. ``oidc_transport``: tests only.
    ``clock``: when a provider's access token is due for refresh (tests move it)."""
    from common.auth import TokenVerifier
    from portal.oidc import TokenRefresh, oidc_client
    from portal.pages import routers
    from portal.pages.board.cache import BoardCache

    config = portal_settings(settings or Settings())
    upstream = Upstream(config, apps)
    channels = Channels(upstream)  # closed by upstream.aclose (the embedded run calls it)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await upstream.aclose()

    app = PortalApp(
        title="农村产权交易平台 · 门户",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = config
    app.state.upstream = upstream
    app.state.channels = channels  # the public watch view's shared feeds (portal.pages.room.live)
    app.state.oidc = oidc_client(config, oidc_transport)
    app.state.verifier = TokenVerifier.from_settings(config)
    # the services' clock (common.runtime): with REX_CLOCK_OFFSET_FILE the portal's "today"
    # (the site inspection's default date, the receipt) moves with theirs
    app.state.clock = clock or (
        OffsetFileClock(config.clock_offset_file)
        if config.clock_offset_file is not None
        else SystemClock()
    )
    app.state.board_cache = BoardCache()  # the public board's rows, shared for a second
    app.state.templates = make_templates()
    app.state.docs = {
        name: f"/{name}/docs" if apps is not None else f"{config.service_url(name)}/docs"
        for name in SERVICES
    }
    if app.state.oidc is not None:  # inside the session: it reads and renews its token
        app.add_middleware(TokenRefresh, portal=app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret_key.get_secret_value(),
        session_cookie=COOKIE,
        max_age=config.portal_session_max_age_s,
        same_site="lax",
        https_only=config.env is not Environment.development,
    )
    # The platform's headers (strict CSP, nosniff, DENY framing, HSTS over TLS) on every
    # portal response — pages, static files, event streams — served alone or embedded.
    app.add_middleware(SecurityHeaders)
    install_error_pages(app)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    for router in routers():
        app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """The process answers (the services have their own /readyz)."""
        return {"status": "ok"}

    return app
