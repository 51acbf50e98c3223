"""The platform's security headers (common.edge.SecurityHeaders) on the portal served
alone (``rex portal``), where no service edge stands in front of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from common.edge import STRICT_CSP
from portal import create_portal_app
from portal.settings import PortalSettings
from portal.upstream import StreamingASGITransport


async def _bidding(scope: Scope, receive: Receive, send: Send) -> None:
    """A stand-in bidding service: a public watch feed with one event."""

    async def events() -> AsyncIterator[bytes]:
        yield b"event: state\ndata: {}\n\n"

    await StreamingResponse(events(), media_type="text/event-stream")(scope, receive, send)


def _assert_headers(r: httpx.Response, *, tls: bool) -> None:
    h = r.headers
    assert h["content-security-policy"] == STRICT_CSP, r.url
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    assert h["referrer-policy"] == "no-referrer"
    assert ("strict-transport-security" in h) is tls


async def test_portal_page_static_file_and_event_feed_carry_the_security_headers(
    production,
) -> None:
    app = create_portal_app(PortalSettings(**production), apps={"bidding": _bidding})
    for base, tls in (("https://portal.test", True), ("http://portal.test", False)):
        async with httpx.AsyncClient(
            transport=StreamingASGITransport(app), base_url=base, timeout=10
        ) as b:
            page = await b.get("/board/not-an-id", headers={"Accept": "text/html"})
            home = await b.get("/", headers={"Accept": "text/html"})
            assert home.status_code == 200
            static = await b.get("/static/portal.css")
            assert static.status_code == 200
            async with b.stream("GET", "/watch/L1/feed") as feed:
                assert feed.status_code == 200
                assert feed.headers["content-type"].startswith("text/event-stream")
                _assert_headers(feed, tls=tls)
            for r in (page, home, static):
                _assert_headers(r, tls=tls)
    await app.state.upstream.aclose()
