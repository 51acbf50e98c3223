"""The edge — 入口防护: what every response carries and every request must pass before a
service sees it, hot routes included (``common.app.ServiceApp`` runs them in front of
both its hot routes and FastAPI). Pure ASGI middlewares, cheap enough for the bid's
last-minute rush.

- ``SecurityHeaders``: Content-Security-Policy, X-Content-Type-Options,
  X-Frame-Options, Referrer-Policy, Cross-Origin-Opener-Policy on every response, and
  Strict-Transport-Security when the request came over TLS (the reverse proxy says so
  with ``X-Forwarded-Proto``; README "Security"). The API documentation pages get a
  policy that lets Swagger UI and ReDoc run; every other response the strict one.
- ``RequestLimits``: headers over ``Settings.max_header_bytes`` in all are refused (431);
  a request body nested deeper than ``common.hardening.MAX_JSON_DEPTH`` is refused (400)
  before any JSON parser sees it.
- ``Cors``: Starlette's CORS middleware for the origins of ``Settings.cors_origins``; a
  preflight from any other origin is refused with a problem (403).
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.asgi import HttpMiddleware, read_body, replay_body
from common.hardening import json_depth_exceeds, too_deep
from common.problems import FieldProblem, Problem, invalid, problem_response

# For the coming portal: only its own scripts (no inline ones), never framed.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc: FastAPI's pages start them with an inline script; their assets
# are the service's own (/docs-assets, common.openapi), never a CDN; a ReDoc web worker.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")
HSTS = b"max-age=31536000; includeSubDomains"

_COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# (docs page?, over TLS?) → the headers to add
_ADDED = {
    (docs, tls): (
        *_COMMON,
        (b"content-security-policy", (DOCS_CSP if docs else STRICT_CSP).encode()),
        *([(b"strict-transport-security", HSTS)] if tls else []),
    )
    for docs in (False, True)
    for tls in (False, True)
}
_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _is_json(content_type: bytes) -> bool:
    """A body FastAPI may parse as JSON: a JSON media type, or none at all."""
    media = content_type.split(b";", 1)[0].strip().lower()
    return not media or media == b"application/json" or media.endswith(b"+json")


def _is_docs(scope: Scope) -> bool:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path in DOCS_PATHS


class SecurityHeaders(HttpMiddleware):
    """Adds the security headers a response does not already carry."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        added = _ADDED[(_is_docs(scope), scope.get("scheme") == "https")]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in added if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLimits(HttpMiddleware):
    """Refuses oversized headers (431) and too deeply nested bodies (400)."""

    def __init__(self, app: ASGIApp, max_header_bytes: int) -> None:
        self.app, self.max_header_bytes = app, max_header_bytes

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        size = 0
        content_type = b""
        for name, value in scope["headers"]:
            size += len(name) + len(value) + 4  # ": " and CRLF, as on the wire
            if name == b"content-type":
                content_type = value
        if size > self.max_header_bytes:
            await _refuse(scope, receive, send, headers_too_large(self.max_header_bytes))
            return
        if scope["method"] in _WITH_BODY and _is_json(content_type):
            body = await read_body(receive)
            if json_depth_exceeds(body):
                await _refuse(scope, receive, send, too_deep())
                return
            receive = replay_body(body, receive)
        await self.app(scope, receive, send)


def headers_too_large(limit: int) -> Problem:
    return invalid(
        [
            FieldProblem(
                "headers",
                "X4",
                f"request headers exceed {limit} bytes",
                f"请求头超过{limit}字节",
            )
        ],
        code="headers-too-large",
        title_en="Request headers too large",
        title_zh="请求头过大",
        status=431,
    )


class Cors(CORSMiddleware):
    """The county's own frontends (``Settings.cors_origins``) and nobody else. Tokens
    travel in the Authorization header, never in cookies, so no credentials mode."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        super().__init__(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After", "Location", "Repr-Digest"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Without an Origin header there is nothing for CORS to do; skip Starlette's header
        # parsing (most of this middleware's cost on the bid's hot route).
        if scope["type"] == "http" and not any(n == b"origin" for n, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def preflight_response(self, request_headers: object) -> Response:
        response = super().preflight_response(request_headers)  # type: ignore[arg-type]
        if response.status_code < 400:
            return response
        refused = bytes(response.body).decode("utf-8", "replace")  # "Disallowed CORS …"
        problem = Problem(
            403,
            "cors-refused",
            "Cross-origin request not allowed",
            "不允许的跨域请求",
            rule="X3",
            detail_en=refused,
            detail_zh="该来源、方法或请求头未获准跨域访问",
        )
        out = problem_response(problem)
        for name, value in response.headers.items():
            if name.lower() not in {"content-length", "content-type"}:
                out.headers[name] = value
        return out


def edge(app: ASGIApp, *, cors_origins: Sequence[str], max_header_bytes: int) -> ASGIApp:
    """``app`` behind the edge: security headers on everything, then the request limits,
    then CORS."""
    return SecurityHeaders(RequestLimits(Cors(app, cors_origins), max_header_bytes))


async def _refuse(scope: Scope, receive: Receive, send: Send, problem: Problem) -> None:
    await problem_response(problem, scope.get("path"))(scope, receive, send)
