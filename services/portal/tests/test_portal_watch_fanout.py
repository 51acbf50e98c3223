"""The public watch view's fan-out (portal.pages.room.live): a portal process opens one upstream
feed per listing however many watch it, and hands every state to all of them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI
from starlette.responses import JSONResponse, StreamingResponse
from starlette.types import Receive, Scope, Send

from portal import create_portal_app
from portal.upstream import StreamingASGITransport
from testkit.testing import make_settings, sse_events, wait_until


class FakeBidding:
    """A stand-in bidding service whose public watch feed sends what the test pushes."""

    def __init__(self) -> None:
        self.opened = 0
        self.open_now = 0
        self.all_closed = asyncio.Event()  # set when the last open feed closes
        self.frames: list[asyncio.Queue[bytes | None]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] != "/listings/L1/watch":
            await JSONResponse({"title": "no session"}, 404)(scope, receive, send)
            return
        self.opened += 1
        queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.frames.append(queue)
        queue.put_nowait(b'event: state\ndata: {"bid_count": 0}\n\n')
        queue.put_nowait(b'event: watchers\ndata: {"watchers": 3}\n\n')

        async def events() -> AsyncIterator[bytes]:
            self.open_now += 1
            self.all_closed.clear()
            try:
                while (frame := await queue.get()) is not None:
                    yield frame
            finally:
                self.open_now -= 1
                if self.open_now == 0:
                    self.all_closed.set()

        await StreamingResponse(events(), media_type="text/event-stream")(scope, receive, send)

    def push(self, frame: bytes | None) -> None:
        """A frame to every open feed; None ends them (the trade is over)."""
        for queue in self.frames:
            queue.put_nowait(frame)


async def _until(events: AsyncIterator[tuple[str, dict]], name: str, test) -> dict:
    while True:
        kind, data = await asyncio.wait_for(anext(events), 5)
        if kind == name and test(data):
            return data


def _portal(tmp_path) -> tuple[FakeBidding, FastAPI]:
    """A portal whose bidding is a :class:`FakeBidding` (the test closes its upstream)."""
    bidding = FakeBidding()
    return bidding, create_portal_app(make_settings(data_dir=tmp_path), apps={"bidding": bidding})


def _watch_client(app) -> httpx.AsyncClient:
    """A client of the portal that streams the feeds as they come."""
    return httpx.AsyncClient(
        transport=StreamingASGITransport(app), base_url="http://portal.test", timeout=10
    )


async def _watching(b: httpx.AsyncClient, n: int) -> tuple[list, list[httpx.Response]]:
    """``n`` watchers of L1's public feed, opened one after the other: their streams (to
    leave by) and their responses."""
    streams = [b.stream("GET", "/watch/L1/feed") for _ in range(n)]
    return streams, [await s.__aenter__() for s in streams]


async def test_B2_public_watchers_of_a_listing_share_one_upstream_feed(tmp_path) -> None:
    bidding, app = _portal(tmp_path)
    n = 20
    async with _watch_client(app) as b:
        async with asyncio.timeout(20):
            streams, responses = await _watching(b, n)
            assert all(r.status_code == 200 for r in responses)
            feeds = [sse_events(r) for r in responses]
            for feed in feeds:  # the newest state at once, then the count
                assert (await _until(feed, "state", lambda d: True))["bid_count"] == 0
            assert bidding.opened == 1  # one upstream feed for all twenty
            # bidding counts the channel itself once: the page shows 3 - 1 + 20
            for feed in feeds:
                await _until(feed, "watchers", lambda d: d["watchers"] == 3 - 1 + n)
            bidding.push(b'event: state\ndata: {"bid_count": 1}\n\n')
            for feed in feeds:
                assert (await _until(feed, "state", lambda d: True))["bid_count"] == 1
            for s in streams:
                await s.__aexit__(None, None, None)
            # the last watcher gone: the upstream feed closes (bounded by the timeout)
            await asyncio.wait_for(bidding.all_closed.wait(), 5)
            assert bidding.open_now == 0
            # a refusal of the upstream reaches the browser as it came
            missing = await b.get("/watch/L2/feed")
            assert missing.status_code == 404
    await app.state.upstream.aclose()


async def test_B2_watchers_after_the_first_are_written_straight_to_the_server(
    tmp_path, monkeypatch
) -> None:
    """Every watcher but the first of a listing skips the middleware and the route
    (``PortalApp``, ``live.stream``) with the same headers and the same events; one that
    leaves leaves the channel; the trade's last state reaches all before their streams
    end."""
    from portal.pages.room import live

    ordinary = []
    frames = live.frames

    def counted(channel, watcher):
        ordinary.append(watcher)
        return frames(channel, watcher)

    monkeypatch.setattr(live, "frames", counted)
    bidding, app = _portal(tmp_path)
    n = 5
    async with _watch_client(app) as b:
        async with asyncio.timeout(20):
            streams, responses = await _watching(b, n)
            assert len(ordinary) == 1  # the first opened the channel; the rest: fast path
            first = dict(responses[0].headers)
            assert first["content-type"] == "text/event-stream; charset=utf-8"
            assert "content-security-policy" in first and first["cache-control"] == "no-store"
            for r in responses[1:]:
                assert r.status_code == 200 and dict(r.headers) == first
            feeds = [sse_events(r) for r in responses]
            for feed in feeds:
                assert (await _until(feed, "state", lambda d: True))["bid_count"] == 0
            channel = app.state.channels.open["L1"]
            await streams[-1].__aexit__(None, None, None)  # one browser leaves
            await wait_until(
                lambda: len(channel.watchers) == n - 1, timeout_s=5, what="the watcher to leave"
            )
            bidding.push(b'event: state\ndata: {"bid_count": 7, "status": "concluded"}\n\n')
            bidding.push(None)  # the trade is over: bidding's feed ends
            for feed in feeds[:-1]:
                assert (await _until(feed, "state", lambda d: True))["bid_count"] == 7
                assert [e async for e in feed] == []  # then the stream ends
            for s in streams[:-1]:
                await s.__aexit__(None, None, None)
            assert len(ordinary) == 1
    await app.state.upstream.aclose()


def test_rex_portal_workers_serves_the_portal_factory_in_each_process(monkeypatch) -> None:
    """``rex portal --workers N``: N processes sharing the port, each building its own
    portal (its own watch channels) through ``common.cli:serving_portal``."""
    import importlib

    from common import cli, runtime
    from portal.main import PortalApp

    served = []
    monkeypatch.setattr(
        cli, "_serve", lambda app, host, port, _s, workers=1: served.append((app, port, workers))
    )
    monkeypatch.setattr(runtime, "freeze_heap", lambda: None)
    cli.main(["portal", "--port", "8181", "--workers", "2"])
    assert served == [("common.cli:serving_portal", 8181, 2)]
    module, name = served[0][0].split(":")
    assert isinstance(getattr(importlib.import_module(module), name)(), PortalApp)


async def test_B2_a_watcher_ended_with_a_frame_pending_gets_it_then_its_end() -> None:
    """The channel ended (or the browser left) while a state waited for the watcher's
    stream: the stream writes that last state, then ends — it does not wait forever for
    a frame that cannot come (which kept the stream's task, and a server's shutdown,
    waiting)."""
    from portal.pages.room.live import Watcher

    watcher = Watcher()
    watcher.offer_state(b'event: state\ndata: {"bid_count": 9}\n\n')
    watcher.end()
    assert await asyncio.wait_for(watcher.next(), 1) == b'event: state\ndata: {"bid_count": 9}\n\n'
    assert await asyncio.wait_for(watcher.next(), 1) is None
