"""The bid hot path — 报价 (DOMAIN B2, B3, B4 auction): one bid or a batch of them.

The endpoint group-commits bids (common.batching): ``place_bids`` locks the sessions'
rows, reads the bidders, judges each bid at the server's clock read after the lock — so
a bid that waited for the lock past the end is refused whether or not the closing timer
has run — then writes one insert and one update per session. Kept apart from the rest of
the session's use cases (``service.py``) because it is written for speed: plain rows
(``SimpleNamespace``) instead of ORM objects, and on PostgreSQL the driver's own
statements. Bids change no status: the session's state machine is not involved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Insert, Select, Update, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bidding.sessions import feed
from bidding.sessions.models import Bid, Bidder, TradeSession
from bidding.sessions.rules import BidPlaced, book_state, judge_bid
from common.context import now as clock_now
from common.db import driver_connection
from common.problems import Problem, not_found

_BOOK = (
    "id",
    "listing_id",
    "title",
    "mode",
    "status",
    "reserve_fen",
    "increment_fen",
    "best_fen",
    "leader_party_id",
    "leader_priority",
    "free_ends_at",
    "ends_at",
    "tender_opening_at",
    "extension_s",
    "bid_count",
    "extensions",
    "version",
    "remaining_ms",
)


@dataclass(frozen=True)
class BidRequest:
    """One bid as the caller sent it (the amount already exact, in fen)."""

    session_id: str
    party_id: str
    amount_fen: int


_WRITTEN = (
    "best_fen",
    "leader_party_id",
    "leader_priority",
    "ends_at",
    "bid_count",
    "extensions",
    "version",
)
_BID_COLUMNS = (
    "session_id",
    "party_id",
    "amount_fen",
    "priority_match",
    "placed_at",
    "extended_to",
)
_BIDDER_COLUMNS = ("party_id", "priority", "eligible")


class _CoreBooks:
    """The hot path's lock and writes through SQLAlchemy Core (SQLite)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def lock(self, sids: list[str], parties: list[str]) -> Iterable[Mapping[str, Any]]:
        lock, _, _ = _core_statements()
        found = await self.conn.execute(lock, {"sids": sids, "parties": parties})
        return [row._mapping for row in found]

    async def write(self, bids: list[tuple[Any, ...]], books: list[tuple[Any, ...]]) -> None:
        _, insert_bids, write_book = _core_statements()
        await self.conn.execute(
            insert_bids, [dict(zip(_BID_COLUMNS, b, strict=True)) for b in bids]
        )
        keys = ("b_id", *(f"b_{c}" for c in _WRITTEN))
        await self.conn.execute(write_book, [dict(zip(keys, b, strict=True)) for b in books])


@lru_cache(maxsize=1)
def _core_statements() -> tuple[Select[Any], Insert, Update]:
    """Built once (their compiled forms are cached by SQLAlchemy)."""
    t, b = TradeSession.__table__, Bidder.__table__
    lock = (
        select(*(t.c[c] for c in _BOOK), *(b.c[c] for c in _BIDDER_COLUMNS))
        .outerjoin(
            b,
            (b.c.session_id == t.c.id) & b.c.party_id.in_(bindparam("parties", expanding=True)),
        )
        .where(t.c.id.in_(bindparam("sids", expanding=True)))
        .order_by(t.c.id)
        .with_for_update(of=t)  # SQLite renders nothing: it serialises writers anyway
    )
    write = update(t).where(t.c.id == bindparam("b_id"))
    write = write.values({c: bindparam(f"b_{c}") for c in _WRITTEN})
    return lock, insert(Bid.__table__), write


class _DriverBooks:
    """The same lock and writes on asyncpg, inside the session's transaction
    (common.db.driver_connection): SQLAlchemy's work per statement was a quarter of a
    bid's CPU on PostgreSQL, and the insert and the updates go in one statement, so a
    batch costs two round trips besides BEGIN and COMMIT (bench/README.md). Arrays, not
    IN lists or VALUES rows: one prepared statement serves every batch size."""

    LOCK = (
        f"SELECT {', '.join(f's.{c}' for c in _BOOK)}, "
        f"{', '.join(f'b.{c}' for c in _BIDDER_COLUMNS)} "
        "FROM trade_sessions s LEFT OUTER JOIN bidders b "
        "ON b.session_id = s.id AND b.party_id = ANY($2::varchar[]) "
        "WHERE s.id = ANY($1::varchar[]) ORDER BY s.id FOR UPDATE OF s"
    )
    _BID_TYPES = ("varchar", "varchar", "bigint", "bool", "timestamptz", "timestamptz")
    _BOOK_TYPES = ("varchar", "bigint", "varchar", "bool", "timestamptz", "int", "int", "int")
    # the insert and the updates in one statement, one round trip, columns as arrays
    WRITE = (
        f"WITH placed AS (INSERT INTO bids ({', '.join(_BID_COLUMNS)}) SELECT * FROM unnest("
        + ", ".join(f"${i}::{t}[]" for i, t in enumerate(_BID_TYPES, start=1))
        + ")) UPDATE trade_sessions s SET "
        + ", ".join(f"{c} = w.{c}" for c in _WRITTEN)
        + " FROM unnest("
        + ", ".join(f"${i}::{t}[]" for i, t in enumerate(_BOOK_TYPES, start=len(_BID_TYPES) + 1))
        + f") AS w(id, {', '.join(_WRITTEN)}) WHERE s.id = w.id"
    )

    def __init__(self, pg: Any) -> None:
        self.pg = pg

    async def lock(self, sids: list[str], parties: list[str]) -> Iterable[Mapping[str, Any]]:
        return await self.pg.fetch(self.LOCK, sids, parties)  # type: ignore[no-any-return]

    async def write(self, bids: list[tuple[Any, ...]], books: list[tuple[Any, ...]]) -> None:
        await self.pg.execute(self.WRITE, *_columns(bids), *_columns(books))


def _columns(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    """Rows → one list per column (the arrays ``unnest`` takes)."""
    return [list(column) for column in zip(*rows, strict=True)]


async def _books(session: AsyncSession) -> _CoreBooks | _DriverBooks:
    pg = await driver_connection(session)
    return _DriverBooks(pg) if pg is not None else _CoreBooks(await session.connection())


def _admit(book: SimpleNamespace | None, bidder: Any) -> Problem | None:
    """Who may bid on what at all (B2, B4); the price is judge_bid's."""
    if book is None:
        return not_found("Trading session", "交易场次")
    if bidder is None:
        return Problem(
            403,
            "not-a-bidder",
            "Only the qualified buyers of this trade may bid",
            "只有该项目的合格意向受让方可以报价",
            rule="B2",
        )
    if not bidder.eligible:
        return Problem(
            403,
            "deposit-not-paid",
            "Your deposit is not recorded; you may not bid",
            "保证金未到账，不能报价",
            rule="B2",
        )
    if book.mode not in ("ascending", "auction", "posted"):  # posted: B7
        return Problem(
            409,
            "not-ascending",
            "This session does not take open bids",
            "该场次不接受公开报价",
            rule="B4",
        )
    return None


async def place_bids(
    session: AsyncSession, bids: Sequence[BidRequest]
) -> list[BidPlaced | Problem]:
    """The hot path (B2, B3, B4 auction), for one bid or a batch of them in one
    transaction (common.batching): lock the sessions' rows, read the bidders, judge each
    bid in arrival order at the server's time read after the lock, then one insert of the
    accepted bids and one update per session. A refused bid is returned as its Problem and
    changes nothing."""
    store = await _books(session)
    books: dict[str, SimpleNamespace] = {}
    bidders: dict[tuple[str, str], Any] = {}
    found = await store.lock(
        sorted({b.session_id for b in bids}),  # every batch locks in the same order: no
        sorted({b.party_id for b in bids}),  # deadlock between two
    )
    for row in found:
        sid = row["id"]
        if sid not in books:
            books[sid] = SimpleNamespace(**{c: row[c] for c in _BOOK})
        if row["party_id"] is not None:
            bidders[(sid, row["party_id"])] = SimpleNamespace(
                **{c: row[c] for c in _BIDDER_COLUMNS}
            )
    outcomes: list[BidPlaced | Problem] = []
    rows: list[tuple[Any, ...]] = []
    changed: dict[str, SimpleNamespace] = {}
    for bid in bids:
        ts = books.get(bid.session_id)
        bidder = bidders.get((bid.session_id, bid.party_id))
        refusal = _admit(ts, bidder)
        if refusal is not None:
            outcomes.append(refusal)
            continue
        now = clock_now(session)  # after the lock: the server's clock at the row decides (B2)
        try:
            accepted = judge_bid(
                book_state(ts, now), bid.party_id, bool(bidder.priority), bid.amount_fen, now
            )
        except Problem as refused:
            outcomes.append(refused)
            continue
        rows.append(
            (
                ts.id,
                bid.party_id,
                bid.amount_fen,
                accepted.priority_match,
                now,
                accepted.ends_at if accepted.extended else None,
            )
        )
        ts.best_fen, ts.leader_party_id = bid.amount_fen, bid.party_id
        ts.leader_priority = bool(bidder.priority)
        ts.ends_at = accepted.ends_at
        ts.bid_count += 1
        ts.extensions += 1 if accepted.extended else 0
        ts.version += 1
        changed[ts.id] = ts
        outcomes.append(BidPlaced(SimpleNamespace(**vars(ts)), accepted))
    if rows:
        await store.write(
            rows, [(ts.id, *(getattr(ts, c) for c in _WRITTEN)) for ts in changed.values()]
        )
        for sid, ts in changed.items():
            # the room sends this book as it is at commit: no read of it back (feed.py)
            accepted = tuple((party, amount) for s, party, amount, *_ in rows if s == sid)
            feed.changed(session, sid, feed.Committed(SimpleNamespace(**vars(ts)), accepted))
    return outcomes
