"""The public watch view's fan-out — 围观推送: one upstream feed per session, shared.

A hot lot has a thousand public watchers. When each of them had its own relay, the
portal opened a thousand Server-Sent-Events streams into bidding, and every state
crossed both apps' middleware, the local-time rewrite and two ASGI hops a thousand
times: at 100 bids/s the 99th watcher-lag percentile passed a second on a 2-core box
(bench/README.md, "Portal watch-view benchmark"). Here a portal process opens **one**
upstream stream of bidding's public watch feed per listing (``Channel``), splits it into
whole events once, and hands the same bytes to every watcher of that listing in this
process. Like bidding's room, a watcher keeps only the newest state (a slow client skips
states, it never queues them); the watchers count is re-sent at most once a second.

The count: bidding counts the streams open on the session in its process (bidders and
the public) — the channel is one of them — so a page shows ``bidding's count - 1 + this
process's watchers``. With several portal processes each one's channel counts as one.

The channel ends when the upstream ends (the trade is over: its last state is final) or
fails, and when its last watcher leaves; a watcher that connects after that opens a new
one. Nothing here is stored: a channel is the process's memory of a live stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

from starlette.types import Receive, Send

from portal.upstream import Upstream

log = logging.getLogger(__name__)

#: the least time between two watchers-count events (a thousand joining is one event)
COUNT_EVERY_S = 1.0


@dataclass(frozen=True)
class Refused:
    """The upstream's answer when it was not a stream (no such session, bidding down)."""

    status: int
    body: bytes
    content_type: str | None


def watchers_frame(count: int) -> bytes:
    return f"event: watchers\ndata: {json.dumps({'watchers': count})}\n\n".encode()


class Watcher:
    """One browser's stream: the newest state and count not yet sent (and anything
    else, such as a ping, in arrival order)."""

    def __init__(self) -> None:
        self.state: bytes | None = None
        self.count: bytes | None = None
        self.other: list[bytes] = []
        self.ended = False
        self._ready = asyncio.Event()

    def offer_state(self, frame: bytes) -> None:
        self.state = frame
        self._ready.set()

    def offer_count(self, frame: bytes) -> None:
        self.count = frame
        self._ready.set()

    def offer_other(self, frame: bytes) -> None:
        self.other.append(frame)
        self._ready.set()

    def end(self) -> None:
        self.ended = True
        self._ready.set()

    async def next(self) -> bytes | None:
        """Everything pending as one write; None when the channel ended and all was sent."""
        while True:
            if not self.ended:  # once ended nothing more comes: what is pending, then None
                await self._ready.wait()
            self._ready.clear()
            parts = [*self.other, *(f for f in (self.count, self.state) if f is not None)]
            self.other, self.count, self.state = [], None, None
            if parts:
                return b"".join(parts)
            if self.ended:
                return None


class Channel:
    """One upstream feed of a listing's watch view, fanned out to this process's
    watchers."""

    def __init__(self, upstream: Upstream, listing_id: str, channels: dict[str, Channel]):
        self.upstream, self.listing_id, self.channels = upstream, listing_id, channels
        self.watchers: set[Watcher] = set()
        self.opened: asyncio.Future[Refused | None] = asyncio.get_running_loop().create_future()
        self.state: bytes | None = None  # the newest state event, for those who join
        self.upstream_count = 1  # bidding's count, this channel included
        self.ended = False
        self._count_due = False
        self._count_task: asyncio.Task[None] | None = None
        self.task = asyncio.get_running_loop().create_task(self._run())

    @property
    def count(self) -> int:
        return max(0, self.upstream_count - 1) + len(self.watchers)

    async def join(self) -> Watcher | Refused:
        """A new watcher, with the newest state and the count already waiting for it; or
        the upstream's refusal."""
        refused = await asyncio.shield(self.opened)
        if refused is not None:
            return refused
        watcher = Watcher()
        self.watchers.add(watcher)
        if self.state is not None:
            watcher.offer_state(self.state)
        watcher.offer_count(watchers_frame(self.count))
        if self.ended:
            watcher.end()
        else:
            self._count_changed()
        return watcher

    def leave(self, watcher: Watcher) -> None:
        self.watchers.discard(watcher)
        if not self.watchers and not self.ended:
            self._close()
        else:
            self._count_changed()

    def _close(self) -> None:
        self.ended = True
        if self.channels.get(self.listing_id) is self:
            del self.channels[self.listing_id]
        if not self.task.done():
            self.task.cancel()
        if self._count_task is not None and not self._count_task.done():
            self._count_task.cancel()

    def _count_changed(self) -> None:
        self._count_due = True
        if self._count_task is None or self._count_task.done():
            self._count_task = asyncio.get_running_loop().create_task(self._send_count())

    async def _send_count(self) -> None:
        # at most one count event per COUNT_EVERY_S, whoever joins or leaves meanwhile
        while self._count_due and not self.ended:
            self._count_due = False
            frame = watchers_frame(self.count)
            for watcher in list(self.watchers):
                watcher.offer_count(frame)
            await asyncio.sleep(COUNT_EVERY_S)

    def _dispatch(self, event: bytes) -> None:
        if event.startswith(b"event: state"):
            self.state = event
            for watcher in list(self.watchers):
                watcher.offer_state(event)
        elif event.startswith(b"event: watchers"):
            try:
                data = event.split(b"data: ", 1)[1]
                self.upstream_count = int(json.loads(data)["watchers"])
            except (IndexError, ValueError, KeyError, TypeError):
                return
            self._count_changed()
        else:  # a ping (its server time keeps the page's clock honest), or a new kind
            for watcher in list(self.watchers):
                watcher.offer_other(event)

    async def _run(self) -> None:
        path = f"/listings/{self.listing_id}/watch"
        try:
            async with AsyncExitStack() as stack:
                try:
                    r = await stack.enter_async_context(self.upstream.stream("bidding", path))
                except Exception:
                    self.opened.set_result(Refused(502, b"", None))
                    raise
                if r.status_code != 200:
                    body = await r.aread()
                    self.opened.set_result(
                        Refused(r.status_code, body, r.headers.get("content-type"))
                    )
                    return
                self.opened.set_result(None)
                buffer = b""
                async for chunk in r.aiter_raw():
                    buffer += chunk
                    *events, buffer = buffer.split(b"\n\n")
                    for event in events:
                        if event:
                            self._dispatch(event + b"\n\n")
        except asyncio.CancelledError:
            raise
        except Exception:  # bidding went away mid-stream (httpx error, Unavailable)
            log.warning("watch channel of %s: the upstream feed failed", self.listing_id)
        finally:
            if not self.opened.done():
                self.opened.set_result(Refused(502, b"", None))
            self.ended = True
            if self.channels.get(self.listing_id) is self:
                del self.channels[self.listing_id]
            for watcher in list(self.watchers):
                watcher.end()  # the page's EventSource reconnects if the trade goes on


class Channels:
    """The process's channels, one per watched listing."""

    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream
        self.open: dict[str, Channel] = {}
        upstream.before_close.append(self.aclose)

    async def watch(self, listing_id: str) -> tuple[Channel, Watcher] | Refused:
        channel = self.open.get(listing_id)
        if channel is None or channel.ended:
            channel = self.open[listing_id] = Channel(self.upstream, listing_id, self.open)
        joined = await channel.join()
        if isinstance(joined, Refused):
            return joined
        return channel, joined

    async def aclose(self) -> None:
        for channel in list(self.open.values()):
            channel._close()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await channel.task


async def stream(
    channel: Channel,
    watcher: Watcher,
    headers: list[tuple[bytes, bytes]],
    receive: Receive,
    send: Send,
) -> None:
    """A watcher's stream written straight to the server's ``send``, until the channel
    ends or the browser leaves: no response object, generators or middleware between a
    frame and the socket, because a frame is written a thousand times (the fast path:
    ``portal.main.PortalApp``; bench/README.md, "Portal watch-view benchmark")."""
    gone = asyncio.get_running_loop().create_task(_until_disconnect(receive, watcher))
    try:
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        while (data := await watcher.next()) is not None:
            await send({"type": "http.response.body", "body": data, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        gone.cancel()
        channel.leave(watcher)


async def _until_disconnect(receive: Receive, watcher: Watcher) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass  # the request's (empty) body
    watcher.end()  # its stream stops at the next frame instead of writing to nobody


async def frames(channel: Channel, watcher: Watcher) -> AsyncIterator[bytes]:
    """A watcher's stream until the channel ends or the browser leaves."""
    try:
        while (data := await watcher.next()) is not None:
            yield data
    finally:
        channel.leave(watcher)
