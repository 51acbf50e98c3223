"""Small pure-ASGI helpers shared by the edge (common.edge), the hot routes (common.hot),
the request context (common.app) and the +08:00 answers (common.localtime)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HttpMiddleware", "read_body", "replay_body"]


async def read_body(receive: Receive) -> bytes:
    """The whole request body, read from the ASGI ``receive`` channel."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay_body(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body to the next app, then passes on."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()  # after the body: the disconnect, when it comes
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class HttpMiddleware:
    """A pure ASGI middleware that acts on HTTP requests only: other scopes (the lifespan,
    a websocket) pass straight through to the wrapped app. A subclass writes ``http``.

    Pure ASGI because Starlette's ``BaseHTTPMiddleware`` runs every request in an extra
    task group with memory streams, which cost more CPU than the bid itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
