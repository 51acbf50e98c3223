"""On the real PostgreSQL: 50 racing bidders get exactly one accepted bid per price level
(DOMAIN B2), bids go on after the server cut every connection (X1), and the live room's
SSE feed works end to end over real HTTP, one reader serving all of a room's watchers."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
from collections import Counter
from datetime import datetime
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import event, select

from bidding.sessions import feed, room
from bidding.sessions.models import Bid
from bidding.sessions.schemas import SessionState, Standing
from testkit.bidding import STAFF, buyer, person
from testkit.testing import wait_until

pytestmark = pytest.mark.postgres


async def _bidding_session(h, listing: str, n: int) -> tuple[str, list[str]]:
    parties = [person() for _ in range(n)]
    sid = await h.open_trade(
        listing, [(p, False) for p in parties], deposit="0.00", free=0, extension=300
    )
    assert sid
    return sid, parties


async def test_B2_fifty_racing_bidders_get_exactly_one_accepted_bid_per_price_level(hpg) -> None:
    h = hpg
    sid, parties = await _bidding_session(h, "L-RACE", 50)
    level = 100_000
    # all 50 bid the same next level at once: exactly one wins it — group-committed
    # together, each in a transaction of its own (Idempotency-Key) racing for the row
    # lock, and the two mixed
    for own in ([False] * 50, [True] * 50, [i % 2 == 0 for i in range(50)]):
        amount = f"{level}.00"
        results = await asyncio.gather(
            *(
                h.bid(sid, p, amount, idempotency_key=f"{sid}-{level}-{i}" if own[i] else None)
                for i, p in enumerate(parties)
            )
        )
        codes = Counter(r.status_code for r in results)
        assert codes[201] == 1, codes
        assert codes[409] == 49
        level += 1000
    # then each bids one of the next 10 levels at random, all at once
    rng = random.Random(7)
    offers = [(p, level + 1000 * rng.randrange(10)) for p in parties]
    results = await asyncio.gather(*(h.bid(sid, p, f"{a}.00") for p, a in offers))
    assert all(r.status_code in (201, 409) for r in results)
    async with h.rt.transaction() as s:
        bids = (
            (await s.execute(select(Bid).where(Bid.session_id == sid).order_by(Bid.id)))
            .scalars()
            .all()
        )
    amounts = [b.amount_fen for b in bids]
    assert len(amounts) == len(set(amounts)), "one accepted bid per price level"
    assert all(b2 >= b1 + 100_000 for b1, b2 in itertools.pairwise(amounts))
    assert all(b1.party_id != b2.party_id for b1, b2 in itertools.pairwise(bids))
    st = await h.state(sid)
    assert st["bid_count"] == len(bids) == 3 + sum(r.status_code == 201 for r in results)
    assert st["best_price"] == f"{amounts[-1] // 100}.00"


async def test_X1_bids_go_on_after_the_server_cut_every_connection(hpg) -> None:
    """PostgreSQL cut the API's connections (a restart, a failover) between two bids: the
    next bids get new connections — the batch's statements on the driver included — with
    no process restarted, and no batch is half-written."""
    h = hpg
    sid, parties = await _bidding_session(h, "L-CUT", 2)
    assert (await h.bid(sid, parties[0], "100000.00")).status_code == 201
    # from outside the API's pool, as a restart would: every connection of the pool goes
    outside = await asyncpg.connect(h.rt.settings.database_url.replace("+asyncpg", ""))
    try:
        cut = await outside.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND usename = current_user "
            "AND pid <> pg_backend_pid()"
        )
    finally:
        await outside.close()
    assert cut >= 1  # the pooled connections the first bid used
    level, accepted, failed = 101_000, 1, 0
    for _ in range(8):
        r = await h.bid(sid, parties[accepted % 2], f"{level}.00")  # a failed bid is retried
        if r.status_code == 201:
            accepted += 1
            level += 1000
            if accepted == 4:
                break
        else:  # a connection cut under a batch: a problem, and nothing of the bid stored
            assert r.status_code == 500 and r.json()["type"].endswith("internal-error")
            failed += 1
    assert accepted == 4 and failed <= 1, (accepted, failed)
    st = await h.state(sid)
    assert st["bid_count"] == 4 and st["best_price"] == f"{level - 1000}.00"
    async with h.rt.transaction() as s:
        stored = (await s.scalars(select(Bid.amount_fen).where(Bid.session_id == sid))).all()
    assert sorted(stored) == [10_000_000, 10_100_000, 10_200_000, 10_300_000]


async def test_B2_live_room_feed_over_real_http_shows_price_end_and_own_standing_only(hpg) -> None:
    h = hpg
    sid, (a, b) = await _bidding_session(h, "L-FEED", 2)
    async with h.served() as c:
        async with c.stream("GET", f"/sessions/{sid}/feed", headers=buyer(a)) as feed:
            assert feed.status_code == 200
            assert feed.headers["content-type"].startswith("text/event-stream")
            events = _sse(feed)
            first = await asyncio.wait_for(anext(events), 10)
            assert first["status"] == "bidding" and first["best_price"] is None
            assert datetime.fromisoformat(first["server_time"]) == h.clock.now()
            assert first["server_time"].endswith("+08:00")
            assert first["remaining_ms"] == 300_000

            assert (await h.bid(sid, b, "100000.00")).status_code == 201
            update = await asyncio.wait_for(anext(events), 10)
            assert update["best_price"] == "100000.00"
            assert update["you"]["leading"] is False and update["you"]["your_best"] is None
            assert b not in json.dumps(update)  # never another bidder's identity

            h.clock.advance(seconds=100)
            assert (await h.bid(sid, a, "101000.00")).status_code == 201
            mine = await asyncio.wait_for(anext(events), 10)
            assert mine["you"]["leading"] is True and mine["you"]["your_best"] == "101000.00"
            assert mine["extensions"] == 1 and mine["remaining_ms"] == 300_000

            h.clock.advance(seconds=300)
            assert await h.fire() == 1
            final = await asyncio.wait_for(anext(events), 10)
            assert final["status"] == "concluded" and final["best_price"] == "101000.00"
        staff_feed = await c.get(f"/sessions/{sid}/feed", headers=STAFF)
        assert staff_feed.status_code == 200  # a closed session: one state, then the end
        assert staff_feed.text.count("event: state") == 1
        outsider = await c.get(f"/sessions/{sid}/feed", headers=buyer(person()))
        assert outsider.status_code == 403


@contextlib.contextmanager
def _bid_reads(h):
    """(statement, parameters) of every read of the best bids (a standing's ``your_best``)."""
    reads: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, *_args) -> None:
        if "max(bids.amount_fen)" in statement:
            reads.append((statement, tuple(parameters)))

    engine = h.rt.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield reads
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def _state_at(feed, version: int) -> dict:
    """The feed's first state of ``version`` or later (a watcher may skip states)."""
    while (state := await asyncio.wait_for(anext(feed), 10))["version"] < version:
        pass
    return state


async def test_B2_the_live_room_reads_once_for_all_its_watchers(hpg) -> None:
    """Twenty watchers of one session — its three bidders and staff — cost one read per
    change, not one each, and each still sees exactly its own standing."""
    h = hpg
    parties = await _bidding_session(h, "L-ROOM", 3)
    sid, (a, b, c) = parties
    assert (await h.bid(sid, b, "100000.00")).status_code == 201  # before anyone watches
    watchers = [a, b, c, None] * 5  # None: county staff
    async with h.served() as cl, contextlib.AsyncExitStack() as stack:
        reads = stack.enter_context(_bid_reads(h))
        feeds = []
        for party in watchers:
            headers = STAFF if party is None else buyer(party)
            r = await stack.enter_async_context(
                cl.stream("GET", f"/sessions/{sid}/feed", headers=headers)
            )
            assert r.status_code == 200
            feeds.append(_sse(r))

        async def states_at(version: int, leader: str, bests: dict) -> None:
            states = await asyncio.gather(*(_state_at(f, version) for f in feeds))
            for party, state in zip(watchers, states, strict=True):
                you = state["you"]
                assert state["version"] == version
                if party is None:
                    assert you == Standing(is_bidder=False).model_dump(mode="json")
                else:
                    assert you["is_bidder"] is True
                    assert you["leading"] is (party == leader)
                    assert you["your_best"] == bests.get(party)
                assert not {a, b, c} & set(json.dumps(state).split('"'))  # no identities

        version = (await h.state(sid))["version"]
        await states_at(version, b, {b: "100000.00"})  # each read its first for itself
        reads.clear()
        assert (await h.bid(sid, a, "101000.00")).status_code == 201
        await states_at(version + 1, a, {a: "101000.00", b: "100000.00"})
        assert (await h.bid(sid, b, "102000.00")).status_code == 201
        assert (await h.bid(sid, a, "103000.00")).status_code == 201
        await states_at(version + 3, a, {a: "103000.00", b: "102000.00"})
        # three changes, twenty watchers: the bids' commits hand the room their state
        # (no read), the room's one-second poll reads once for all, where each watcher
        # reading for itself made at least twenty reads per change (sixty here)
        assert len(reads) < len(watchers), reads
        # after the first read a read asks only for bids at or above the best it saw
        assert all("bids.amount_fen >=" in q for q, _ in reads)


async def _room_settled(h, sid: str, parties: set[str]) -> Any:
    """The session's room once it has read every watching party in full (the reads
    their joining asked for are over)."""
    rooms = h.app.state.live_rooms
    await wait_until(
        lambda: sid in rooms and rooms[sid].known == parties and not rooms[sid].stale,
        timeout_s=10,
        what="the room's reads for its watchers",
    )
    return rooms[sid]


async def test_B2_bids_committed_in_this_process_reach_the_room_without_a_read(
    hpg, monkeypatch
) -> None:
    """A bid's commit hands the room the session's state (feed.Committed): every watcher
    gets it, its own standing included, without the room reading the session back."""
    h = hpg
    monkeypatch.setattr(feed, "POLL_S", 60.0)  # no poll during the test: only pushes
    sid, (a, b, c) = await _bidding_session(h, "L-PUSH", 3)
    assert (await h.bid(sid, c, "100000.00")).status_code == 201  # before anyone watches
    async with h.served() as cl, contextlib.AsyncExitStack() as stack:
        feeds = {}
        for party in (a, b, c):
            r = await stack.enter_async_context(
                cl.stream("GET", f"/sessions/{sid}/feed", headers=buyer(party))
            )
            feeds[party] = _sse(r)
        version = (await h.state(sid))["version"]
        for f in feeds.values():
            await _state_at(f, version)
        await _room_settled(h, sid, {a, b, c})
        sends = []
        read = room.Room._send

        async def counted(self) -> bool:
            sends.append(self.session_id)
            return await read(self)

        monkeypatch.setattr(room.Room, "_send", counted)
        for party, amount in ((a, "101000.00"), (b, "102000.00"), (a, "103000.00")):
            assert (await h.bid(sid, party, amount)).status_code == 201
        bests = {a: "103000.00", b: "102000.00", c: "100000.00"}
        for party, f in feeds.items():
            state = await _state_at(f, version + 3)
            assert state["version"] == version + 3
            assert state["best_price"] == "103000.00" and state["bid_count"] == 4
            assert state["you"]["leading"] is (party == a)
            assert state["you"]["your_best"] == bests[party]
        assert sends == []  # three commits, three watchers: not one read


async def test_B2_a_bid_committed_by_another_process_reaches_the_room_at_its_poll(
    hpg, monkeypatch
) -> None:
    """A commit this process's rooms are not told of (another API process, the
    worker's timer) reaches them at the room's next read, ``feed.POLL_S`` at the latest,
    the bidder's own best included — and pushed states after it keep it."""
    h = hpg
    monkeypatch.setattr(feed, "POLL_S", 0.3)
    sid, (a, b) = await _bidding_session(h, "L-ELSEWHERE", 2)
    async with h.served() as cl, contextlib.AsyncExitStack() as stack:
        mine = _sse(
            await stack.enter_async_context(
                cl.stream("GET", f"/sessions/{sid}/feed", headers=buyer(a))
            )
        )
        version = (await _state_at(mine, 0))["version"]
        await _room_settled(h, sid, {a})
        with monkeypatch.context() as elsewhere:
            elsewhere.setattr(feed, "changed", lambda *_args, **_kw: None)
            assert (await h.bid(sid, a, "100000.00")).status_code == 201
        state = await _state_at(mine, version + 1)  # read by the poll
        assert state["you"]["your_best"] == "100000.00" and state["you"]["leading"]
        assert (await h.bid(sid, b, "101000.00")).status_code == 201  # pushed
        state = await _state_at(mine, version + 2)
        assert state["best_price"] == "101000.00"
        assert state["you"]["your_best"] == "100000.00" and not state["you"]["leading"]


async def test_B2_a_bidder_who_leaves_the_room_and_returns_sees_its_bids_made_meanwhile(
    hpg,
) -> None:
    h = hpg
    sid, (a, b, c) = await _bidding_session(h, "L-AWAY", 3)
    async with h.served() as cl, contextlib.AsyncExitStack() as stack:
        other = _sse(  # b watches all along: the room reads bids, and its floor moves
            await stack.enter_async_context(
                cl.stream("GET", f"/sessions/{sid}/feed", headers=buyer(b))
            )
        )
        version = (await _state_at(other, 0))["version"]
        async with cl.stream("GET", f"/sessions/{sid}/feed", headers=buyer(a)) as away:
            mine = _sse(away)
            await _state_at(mine, version)
            assert (await h.bid(sid, a, "100000.00")).status_code == 201
            assert (await _state_at(mine, version + 1))["you"]["your_best"] == "100000.00"
        # gone: a bids once more between b's bids, and the room moves past a's bid
        for party, amount in ((b, "101000.00"), (a, "102000.00"), (b, "103000.00")):
            assert (await h.bid(sid, party, amount)).status_code == 201
        await _state_at(other, version + 4)
        mine = _sse(
            await stack.enter_async_context(
                cl.stream("GET", f"/sessions/{sid}/feed", headers=buyer(a))
            )
        )
        assert (await _state_at(mine, version + 4))["you"]["your_best"] == "102000.00"
        assert (await h.bid(sid, c, "104000.00")).status_code == 201  # the room's frame
        back = await _state_at(mine, version + 5)
        assert back["you"] == {
            "is_bidder": True,
            "priority": False,
            "leading": False,
            "your_best": "102000.00",
            "eligible": True,
        }


async def _sse(response: httpx.Response):
    """The ``state`` events of a feed; each one is checked to be, byte for byte, the JSON
    of the documented ``SessionState``."""
    data = None
    async for line in response.aiter_lines():
        if line.startswith("data: "):
            data = line[6:]
        elif line == "" and data is not None:
            state = json.loads(data)
            if "status" in state:
                assert SessionState.model_validate_json(data).model_dump_json() == data
                yield state
            data = None
