"""The portal's app — ``create_portal_app(settings, apps=...)``.

Not a ``rex.services`` entry point (it owns no database): the embedded run mounts it at
``/`` after the services; ``rex portal`` serves it alone in the production layout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp

from common.clock import Clock, SystemClock
from common.edge import SecurityHeaders
from common.problems import PROBLEM_JSON, Problem
from common.settings import Environment, Settings
from portal import fmt
from portal.live import Channels
from portal.session import COOKIE, CsrfRefused, csrf_token, visitor
from portal.settings import SERVICES, portal_settings
from portal.upstream import Unavailable, Upstream

PACKAGE = resources.files("portal")


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    templates.env.filters.update(fmt.FILTERS)
    return templates


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page: the template with who is looking and the form token."""
    templates: Jinja2Templates = request.app.state.templates
    base = {
        "me": visitor(request),
        "csrf": csrf_token(request),
        "dev_sign_in": request.app.state.settings.env is Environment.development,
        "docs": request.app.state.docs,
    }
    response = templates.TemplateResponse(request, template, base | context, status_code)
    response.headers["Cache-Control"] = "no-store"  # pages show one person's view
    return response


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def error_page(
    request: Request, status: int, title: str, detail: str, rule: str = "X4"
) -> Response:
    if not _wants_html(request):
        code = "not-found" if status == 404 else "portal-error"
        problem = Problem(status, code, title, title, rule=rule, detail_zh=detail)
        return JSONResponse(problem.body(request.url.path), status, media_type=PROBLEM_JSON)
    return render(request, "error.html", status, title=title, detail=detail, rule=rule)


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error_page(request, 404, "页面不存在 · Not found", "您要找的页面不存在。")
        return error_page(request, exc.status_code, "请求无法处理", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(".".join(str(p) for p in e["loc"][1:]) for e in exc.errors())
        return error_page(
            request, 422, "输入有误 · Invalid input", f"请检查：{fields}（Check: {fields}）"
        )

    @app.exception_handler(CsrfRefused)
    async def csrf(request: Request, _exc: CsrfRefused) -> Response:
        return error_page(
            request,
            403,
            "表单已过期 · Form expired",
            "表单已过期或来源不明，请刷新页面后重试。(CSRF token missing or wrong.)",
            rule="X3",
        )

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable) -> Response:
        return error_page(
            request,
            502,
            "服务暂不可用 · Service unavailable",
            f"{exc.service} 服务暂时没有响应，请稍后再试。",
        )


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
    from portal.pages.board import BoardCache

    config = portal_settings(settings or Settings())
    upstream = Upstream(config, apps)
    channels = Channels(upstream)  # closed by upstream.aclose (the embedded run calls it)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await upstream.aclose()

    app = FastAPI(
        title="农村产权交易平台 · 门户",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = config
    app.state.upstream = upstream
    app.state.channels = channels  # the public watch view's shared feeds (portal.live)
    app.state.oidc = oidc_client(config, oidc_transport)
    app.state.verifier = TokenVerifier.from_settings(config)
    app.state.clock = clock or SystemClock()
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
