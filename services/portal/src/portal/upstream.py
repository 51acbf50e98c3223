"""Calls to the four services' public APIs — 上游服务调用.

The portal calls with the signed-in person's own token (or none, for public pages), so
a page shows exactly what the API would show that person. In the production layout the
services are at ``REX_<SERVICE>_URL``; in the embedded run they are apps of the same
process, called through :class:`StreamingASGITransport` (no port).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import unquote

import httpx
from starlette.types import ASGIApp, Message

from portal.settings import SERVICES, PortalSettings


class Unavailable(Exception):
    """A service did not answer (or answered 5xx): the page says so, changes nothing."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class _QueueStream(httpx.AsyncByteStream):
    def __init__(
        self, queue: asyncio.Queue[bytes | None], task: asyncio.Task[None], gone: asyncio.Event
    ) -> None:
        self.queue, self.task, self.gone = queue, task, gone

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (chunk := await self.queue.get()) is not None:
            yield chunk

    async def aclose(self) -> None:
        self.gone.set()  # the app sees http.disconnect (a live feed ends)
        if not self.task.done():
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task


class StreamingASGITransport(httpx.AsyncBaseTransport):
    """httpx's ASGITransport collects the whole body before it answers, so a live feed
    (Server-Sent Events) would never arrive; this one hands the body on as the app sends
    it, and tells the app the client left when the response is closed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = b"".join([part async for part in request.stream])  # type: ignore[union-attr]
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "scheme": request.url.scheme,
            "path": unquote(request.url.path),
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "server": (request.url.host, request.url.port or 80),
            "client": ("127.0.0.1", 0),
            "root_path": "",
        }
        queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=64)
        started: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        gone = asyncio.Event()
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.set_result(message)
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if chunk:
                    await queue.put(chunk)
                if not message.get("more_body", False):
                    await queue.put(None)

        async def run() -> None:
            try:
                await self.app(scope, receive, send)
            except BaseException as exc:
                if not started.done():
                    started.set_exception(exc)
                raise
            finally:
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(None)  # the stream ends even if the app sent no end

        task = asyncio.get_running_loop().create_task(run())
        try:
            message = await started
        except BaseException:
            task.cancel()
            raise
        return httpx.Response(
            message["status"],
            headers=message.get("headers", []),
            stream=_QueueStream(queue, task, gone),
            request=request,
        )


class Upstream:
    """One httpx client per service; every call bounded by ``REX_CROSS_SERVICE_TIMEOUT_S``."""

    def __init__(self, settings: PortalSettings, apps: Mapping[str, ASGIApp] | None = None):
        self.embedded = apps is not None
        # what must end before the clients close (the live feeds: portal.pages.room.live)
        self.before_close: list[Callable[[], Awaitable[None]]] = []
        self.clients: dict[str, httpx.AsyncClient] = {}
        for name in SERVICES:
            app = (apps or {}).get(name)
            self.clients[name] = httpx.AsyncClient(
                base_url=f"http://{name}.embedded" if app else settings.service_url(name),
                transport=StreamingASGITransport(app) if app else None,
                timeout=settings.cross_service_timeout_s,
            )

    @staticmethod
    def _headers(token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def call(
        self, service: str, method: str, path: str, *, token: str | None = None, **kw: Any
    ) -> httpx.Response:
        """The service's answer; a 5xx or no answer raises :class:`Unavailable`."""
        headers = self._headers(token) | kw.pop("headers", {})
        try:
            r = await self.clients[service].request(method, path, headers=headers, **kw)
        except httpx.HTTPError as exc:
            raise Unavailable(service) from exc
        if r.status_code >= 500:
            raise Unavailable(service)
        return r

    async def get(self, service: str, path: str, *, token: str | None = None, **kw: Any) -> Any:
        return await self.call(service, "GET", path, token=token, **kw)

    @contextlib.asynccontextmanager
    async def stream(
        self, service: str, path: str, *, token: str | None = None
    ) -> AsyncIterator[httpx.Response]:
        """A streamed GET (the live room's Server-Sent Events); no read timeout."""
        client = self.clients[service]
        timeout = httpx.Timeout(client.timeout.connect, read=None)
        try:
            async with client.stream(
                "GET", path, headers=self._headers(token), timeout=timeout
            ) as r:
                yield r
        except httpx.HTTPError as exc:
            raise Unavailable(service) from exc

    async def aclose(self) -> None:
        for close in self.before_close:
            await close()
        for client in self.clients.values():
            await client.aclose()
