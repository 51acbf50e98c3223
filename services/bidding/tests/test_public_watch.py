"""The public watch view — 围观 (B2, B4): no token, the room's price, bid count, end and
how many watch — nobody's identity or standing — over real HTTP (SSE)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from testkit.bidding import person
from testkit.testing import sse_events


async def _next(events: AsyncIterator[tuple[str, dict]], kind: str) -> dict:
    while True:
        name, data = await asyncio.wait_for(anext(events), 10)
        if name == kind:
            return data


async def test_B2_public_watch_shows_price_bids_and_watchers_without_identities(h) -> None:
    a, b = person(), person()
    sid = await h.open_trade(
        "L-WATCH", [(a, False), (b, False)], deposit="0.00", free=0, extension=300
    )
    async with h.served() as c:
        missing = await c.get("/listings/L-NOPE/watch")
        assert missing.status_code == 404 and missing.json()["rule"] == "X4"
        async with c.stream("GET", "/listings/L-WATCH/watch") as one:  # no token
            assert one.status_code == 200
            assert one.headers["content-type"].startswith("text/event-stream")
            events = sse_events(one)
            first = await _next(events, "state")
            assert first["session_id"] == sid and first["status"] == "bidding"
            assert first["you"]["is_bidder"] is False
            assert (await _next(events, "watchers"))["watchers"] == 1
            async with c.stream("GET", "/listings/L-WATCH/watch") as two:
                assert two.status_code == 200
                assert (await _next(events, "watchers"))["watchers"] == 2
                assert (await h.bid(sid, a, "100000.00")).status_code == 201
                update = await _next(events, "state")
                assert update["best_price"] == "100000.00" and update["bid_count"] == 1
                assert a not in json.dumps(update) and b not in json.dumps(update)
            h.clock.advance(seconds=301)
            assert await h.fire() >= 1
            final = await _next(events, "state")
            assert final["status"] == "concluded"
