"""Small pure-ASGI helpers shared by the edge (common.edge) and the hot routes (common.hot)."""

from __future__ import annotations

from starlette.types import Message, Receive

__all__ = ["read_body", "replay_body"]


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
