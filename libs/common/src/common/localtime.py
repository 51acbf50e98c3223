"""Timestamps people read are Beijing time — 北京时间 (DOMAIN: Asia/Shanghai, +08:00).

Code and the database keep aware UTC (``common.clock``, ``UTCDateTime``); only what the
API answers is shown in Asia/Shanghai with its offset. It is done once, here, on the way
out: every JSON string that is a UTC timestamp (``"2026-03-01T02:00:00Z"`` or
``…+00:00``, as pydantic and ``isoformat()`` write them) becomes the same instant in
+08:00 (``"2026-03-01T10:00:00+08:00"``). Clients parse either as the same moment.
Requests may send any offset. Event payloads stay UTC: they are read by machines.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from starlette.types import Message, Receive, Scope, Send

from common.asgi import HttpMiddleware
from common.clock import SHANGHAI

__all__ = ["LocalTimestamps", "local_timestamps"]

_UTC_STAMP = re.compile(
    rb'"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?)(?:Z|\+00:00)"'
)
_JSON_TYPES = (b"application/json", b"application/problem+json")
_STREAM_TYPE = b"text/event-stream"


def _local(match: re.Match[bytes]) -> bytes:
    moment = datetime.fromisoformat(match.group(1).decode()).replace(tzinfo=UTC)
    return b'"' + moment.astimezone(SHANGHAI).isoformat().encode() + b'"'


def local_timestamps(body: bytes) -> bytes:
    """A JSON text with every UTC timestamp string rewritten to Asia/Shanghai."""
    if b'Z"' not in body and b'+00:00"' not in body:
        return body
    return _UTC_STAMP.sub(_local, body)


class LocalTimestamps(HttpMiddleware):
    """Pure ASGI middleware applying ``local_timestamps`` to JSON and event-stream
    answers (a JSON body is buffered — they are small; a stream is converted per chunk,
    each chunk being whole events)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        streaming = False
        chunks: list[bytes] = []

        async def send_local(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                ctype = dict(message.get("headers", ())).get(b"content-type", b"")
                kind = ctype.split(b";", 1)[0].strip().lower()
                if kind in _JSON_TYPES:
                    start = message
                    return
                streaming = kind == _STREAM_TYPE
                await send(message)
                return
            if message["type"] == "http.response.body":
                if streaming:
                    body = local_timestamps(message.get("body", b""))
                    message = {**message, "body": body}
                elif start is not None:
                    chunks.append(message.get("body", b""))
                    if message.get("more_body", False):
                        return
                    body = local_timestamps(b"".join(chunks))
                    headers = [
                        (k, str(len(body)).encode() if k == b"content-length" else v)
                        for k, v in start.get("headers", ())
                    ]
                    await send({**start, "headers": headers})
                    start = None
                    message = {"type": "http.response.body", "body": body}
            await send(message)

        await self.app(scope, receive, send_local)
