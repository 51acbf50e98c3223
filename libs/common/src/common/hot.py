"""Hot routes — 热点接口: the few requests a service must answer thousands of times a
second (a bid in a last-minute rush), served before FastAPI's middleware and routing.

A ``HotRoute`` names a method, a path template and a handler. ``ServiceApp`` (the app
``common.app.create_app`` builds) matches it first; the handler gets the raw request —
first-of-each headers, the body, the path parameters — and returns a ``HotAnswer``, raises
a ``Problem``, or returns ``None`` to decline. A declined request goes the ordinary way,
body replayed, through the same path's FastAPI route: so a hot handler serves only the
common, well-formed shape and every other request (a missing token, a malformed body, an
``Idempotency-Key``) is refused in the one format of the ordinary route, which also
documents the endpoint in the OpenAPI schema.

What the skipped middleware does is done here too, in the same words: the request id
(``X-Request-ID``, echoed or made), the per-route HTTP metrics, a problem for a refusal,
a logged 500 problem for an unexpected error. The body is read only when its
``Content-Length`` is at most ``max_body``; a longer or chunked body is declined unread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette._utils import get_route_path
from starlette.types import Receive, Scope, Send

from common.asgi import read_body, replay_body
from common.localtime import local_timestamps
from common.logs import new_request_id, request_id
from common.problems import Problem, problem_response, unexpected

if TYPE_CHECKING:
    from common.runtime import ServiceRuntime

log = logging.getLogger("common.hot")


@dataclass(frozen=True, slots=True)
class HotRequest:
    runtime: ServiceRuntime
    headers: dict[bytes, bytes]  # lower-case names; the first of a repeated header
    body: bytes
    path_params: dict[str, str]


@dataclass(frozen=True, slots=True)
class HotAnswer:
    status: int
    body: bytes  # JSON
    media_type: bytes = b"application/json"


Handler = Callable[[HotRequest], Awaitable[HotAnswer | None]]


@dataclass(frozen=True)
class HotRoute:
    method: str
    path: str  # a template: "/sessions/{session_id}/bids"
    handler: Handler
    max_body: int = 4096
    _parts: tuple[str | None, ...] = field(init=False, repr=False)
    _names: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        parts = self.path.strip("/").split("/")
        names = tuple(p[1:-1] for p in parts if p.startswith("{") and p.endswith("}"))
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_parts", tuple(None if p.startswith("{") else p for p in parts))

    def match(self, scope: Scope) -> dict[str, str] | None:
        """The path parameters, when the request is this route's (else None)."""
        if scope["method"] != self.method:
            return None
        # exactly the template: a trailing or doubled slash is the ordinary route's to answer
        parts = get_route_path(scope)[1:].split("/")
        if len(parts) != len(self._parts):
            return None
        values = []
        for got, want in zip(parts, self._parts, strict=True):
            if want is None:
                if not got:
                    return None
                values.append(got)
            elif got != want:
                return None
        return dict(zip(self._names, values, strict=True))


async def serve(
    route: HotRoute,
    params: dict[str, str],
    scope: Scope,
    receive: Receive,
    send: Send,
    ordinary: Callable[[Scope, Receive, Send], Awaitable[None]],
) -> None:
    """Answer through ``route``'s handler, or hand the request to ``ordinary``."""
    headers: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        headers.setdefault(name, value)  # the first of a repeated header, as Starlette reads
    length = headers.get(b"content-length", b"")
    if not length.isdigit() or int(length) > route.max_body:
        await ordinary(scope, receive, send)
        return
    body = await read_body(receive)
    started = time.perf_counter()
    runtime: ServiceRuntime = scope["app"].state.runtime
    rid = headers[b"x-request-id"].decode("latin-1") if b"x-request-id" in headers else None
    rid = rid or new_request_id()
    token = request_id.set(rid)
    try:
        answer = await _answer(route, HotRequest(runtime, headers, body, params), scope)
    finally:
        request_id.reset(token)
    if answer is None:
        await ordinary(scope, replay_body(body, receive), send)
        return
    status = await _respond(answer, scope, send, rid)
    runtime.metrics.observe_request(route.method, route.path, status, time.perf_counter() - started)


async def _answer(route: HotRoute, request: HotRequest, scope: Scope) -> HotAnswer | Problem | None:
    try:
        return await route.handler(request)
    except Problem as refused:
        return refused
    except Exception as exc:
        log.exception("unhandled error", extra={"path": scope.get("path")})
        return unexpected(exc)


async def _respond(answer: HotAnswer | Problem, scope: Scope, send: Send, rid: str) -> int:
    if isinstance(answer, Problem):
        response = problem_response(answer, scope["path"])
        status, body, headers = response.status_code, response.body, [*response.raw_headers]
    else:
        status, body = answer.status, local_timestamps(answer.body)  # as LocalTimestamps
        headers = [
            (b"content-length", str(len(body)).encode()),
            (b"content-type", answer.media_type),
        ]
    headers.append((b"x-request-id", rid.encode("latin-1")))
    start: dict[str, Any] = {"type": "http.response.start", "status": status, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
    return status
