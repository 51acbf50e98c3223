"""Trading sessions — 交易场次 (DOMAIN B1–B4, L7, L12): open, bid, tender, close.

The caller owns the transaction; everything here only flushes. The bid hot path
(``place_bids``) takes one bid or a batch of them (the endpoint group-commits bids,
common.batching): it locks the sessions' rows, reads the bidders, judges each bid at the
server's clock read after the lock — so a bid that waited for the lock past the end is
refused whether or not the closing timer has run — then writes one insert and one update
per session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Insert, Select, Update, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bidding.deals import service as deals
from bidding.deposits import service as deposits
from bidding.deposits.models import Deposit
from bidding.sessions import feed, sealed
from bidding.sessions.models import LIVE, Bid, Bidder, SealedTender, TradeSession
from bidding.sessions.rules import Accepted, BookState, judge_bid
from common.audit import record_decision
from common.auth import Principal
from common.context import session_context
from common.contracts.bidding import TradeFailed
from common.contracts.listing import (
    AnnouncementClosed,
    ListingResumed,
    ListingSuspended,
    ListingTerminated,
)
from common.db import driver_connection, load_or_404
from common.money import format_yuan, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, invalid, not_found
from common.scheduler import cancel_timer, schedule_timer

CLOSE = "session.close"
OPEN_TENDERS = "session.open_tenders"


async def _arm(session: AsyncSession, kind: str, session_id: str, due: datetime) -> None:
    """A timer per (session, due time): a handler that finds the end moved arms a new one
    (re-arming its own row would be overwritten when the scheduler marks it fired)."""
    await schedule_timer(session, kind, f"{session_id}@{due.isoformat()}", due)


async def _disarm(session: AsyncSession, kind: str, session_id: str) -> None:
    timers = session_context(session).infra.timers
    await session.execute(
        update(timers)
        .where(
            timers.c.kind == kind,
            timers.c.key.like(f"{session_id}@%"),
            timers.c.state == "pending",
        )
        .values(state="cancelled")
    )


def session_id_of(timer_key: str) -> str:
    return timer_key.split("@", 1)[0]


def _now(session: AsyncSession) -> datetime:
    return session_context(session).clock.now()


def _ms(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() * 1000))


async def get_session(
    session: AsyncSession, session_id: str, *, lock: bool = False
) -> TradeSession:
    return await load_or_404(
        session,
        TradeSession,
        TradeSession.id,
        session_id,
        "Trading session",
        "交易场次",
        lock=lock,
    )


async def _record(
    session: AsyncSession,
    ts: TradeSession,
    *,
    action: str,
    by: Principal | None,
    rule: str,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Record a decision taken on the trading session (the audit trail)."""
    await record_decision(
        session,
        subject_type="trade_session",
        subject_id=ts.id,
        action=action,
        by=by,
        rule=rule,
        reason=reason,
        data=data,
    )


async def session_of_listing(
    session: AsyncSession, listing_id: str, *, lock: bool = True
) -> TradeSession | None:
    """The listing's trading session, if it opened; locked unless only read."""
    query = select(TradeSession).where(TradeSession.listing_id == listing_id)
    return (await session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()


def no_session() -> Problem:
    return Problem(
        404, "not-found", "No trading session for this listing", "该项目尚无交易场次", rule="X4"
    )


# -- opening (L7) ------------------------------------------------------------------------


async def open_from_announcement(
    session: AsyncSession, ev: AnnouncementClosed
) -> TradeSession | None:
    """Start the trade the listing chose when its announcement closed (L7, B1–B4)."""
    if ev.outcome == "failed" or not ev.qualified_buyers:
        # 流标: no trade; every deposit paid for the listing goes back (B5)
        await deposits.refund_all(session, ev.listing_id, ev.county)
        return None
    if await session_of_listing(session, ev.listing_id) is not None:
        return None  # already opened (a redelivered event is dropped by the inbox anyway)
    now = _now(session)
    mode = "negotiated" if ev.outcome == "negotiated" else (ev.mode or "ascending")
    if mode == "negotiated" and len(ev.qualified_buyers) != 1:
        mode = ev.mode if ev.mode and ev.mode != "negotiated" else "ascending"
    status = {
        "negotiated": "negotiating",
        "ascending": "bidding",
        "auction": "awaiting_auctioneer",
        "tender": "tendering",
    }[mode]
    ts = TradeSession(
        id=str(uuid.uuid4()),
        listing_id=ev.listing_id,
        county=ev.county,
        township=ev.township,
        title=ev.title,
        product=ev.product,
        way=ev.way,
        mode=mode,
        status=status,
        seller_party_id=ev.seller_party_id,
        seller_name=ev.seller_name,
        right_certificate_no=ev.right_certificate_no,
        area_mu=ev.area_mu,
        term_start=ev.term_start,
        term_end=ev.term_end,
        disposal_id=ev.disposal_id,
        lien_id=ev.lien_id,
        reserve_fen=to_fen(ev.reserve_price),
        increment_fen=max(1, to_fen(ev.increment)),
        deposit_fen=to_fen(ev.deposit),
        extension_s=ev.extension_seconds,
        free_period_s=ev.free_period_seconds,
        opened_at=now,
        leader_priority=False,
        bid_count=0,
        extensions=0,
        version=0,
    )
    if mode == "ascending":
        _start_clock(ts, now)
    if mode == "tender":
        ts.tender_opening_at = ev.tender_opening_at or now + timedelta(
            seconds=ev.free_period_seconds
        )
    session.add(ts)
    await session.flush()
    paid = {
        d.party_id: d
        for d in (
            await session.execute(select(Deposit).where(Deposit.listing_id == ev.listing_id))
        ).scalars()
    }
    qualified = set()
    for b in ev.qualified_buyers:
        qualified.add(b.party_id)
        eligible = ts.deposit_fen == 0 or (b.party_id in paid and paid[b.party_id].state == "held")
        session.add(
            Bidder(
                session_id=ts.id,
                party_id=b.party_id,
                registration_id=b.registration_id,
                name=b.name,
                priority=b.priority,
                registered_at=b.registered_at,
                eligible=eligible,
            )
        )
    await session.flush()
    # deposits of parties who were not qualified have nothing to secure any more
    await deposits.refund_all(session, ev.listing_id, ev.county, keep=qualified)
    if ts.ends_at is not None:
        await _arm(session, CLOSE, ts.id, ts.ends_at)
    if ts.tender_opening_at is not None:
        await _arm(session, OPEN_TENDERS, ts.id, ts.tender_opening_at)
    await _record(
        session,
        ts,
        action="session.opened",
        by=None,
        rule="L7",
        data={"listing_id": ts.listing_id, "mode": mode, "buyers": len(ev.qualified_buyers)},
    )
    return ts


def _start_clock(ts: TradeSession, now: datetime) -> None:
    ts.free_ends_at = now + timedelta(seconds=ts.free_period_s)
    ts.ends_at = ts.free_ends_at + timedelta(seconds=ts.extension_s)


async def start_auction(session: AsyncSession, ts: TradeSession, by: Principal) -> TradeSession:
    """A licensed auctioneer opens the auction on the ascending engine (B4)."""
    if ts.mode != "auction" or ts.status != "awaiting_auctioneer":
        raise Problem(
            409,
            "auction-not-startable",
            "This session is not an auction waiting to open",
            "该场次不是待开拍的拍卖",
            rule="B4",
        )
    now = _now(session)
    ts.status = "bidding"
    ts.auctioneer = f"{by.name or by.subject} ({by.subject})"
    _start_clock(ts, now)
    ts.version += 1
    assert ts.ends_at is not None
    await _arm(session, CLOSE, ts.id, ts.ends_at)
    await _record(
        session,
        ts,
        action="auction.started",
        by=by,
        rule="B4",
    )
    feed.changed(session, ts.id)
    return ts


# -- ascending bidding (B2, B3, B4 auction) -----------------------------------------------


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


@dataclass(frozen=True)
class BidPlaced:
    """An accepted bid and the session's book right after it."""

    book: SimpleNamespace
    accepted: Accepted


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


def book_state(ts: TradeSession | SimpleNamespace, now: datetime) -> BookState:
    """The rules' view of a session's book (rules.BookState), at ``now``."""
    return BookState(
        status=ts.status,
        reserve_fen=ts.reserve_fen,
        increment_fen=ts.increment_fen,
        best_fen=ts.best_fen,
        leader_party_id=ts.leader_party_id,
        leader_priority=bool(ts.leader_priority),
        free_ends_at=ts.free_ends_at or now,
        ends_at=ts.ends_at or now,
        extension_s=ts.extension_s,
    )


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
    if book.mode not in ("ascending", "auction"):
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
        now = _now(session)  # after the lock: the server's clock at the row decides (B2)
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
        for sid in changed:
            feed.changed(session, sid)
    return outcomes


async def bidder_names(session: AsyncSession, session_id: str) -> dict[str, Bidder]:
    rows = await session.execute(select(Bidder).where(Bidder.session_id == session_id))
    return {b.party_id: b for b in rows.scalars()}


async def on_close_timer(session: AsyncSession, session_id: str) -> None:
    """The end of an ascending session: conclude or fail once a full extension passed."""
    ts = await get_session(session, session_id, lock=True)
    if ts.status != "bidding" or ts.ends_at is None:
        return  # suspended (resume reschedules), or already closed
    now = _now(session)
    if now < ts.ends_at:
        await _arm(session, CLOSE, ts.id, ts.ends_at)  # extended meanwhile
        return
    if ts.best_fen is None or ts.leader_party_id is None:
        await fail(session, ts, "no_bids", "no bid was made — 流拍")
        return
    bidders = await bidder_names(session, ts.id)
    leader = bidders[ts.leader_party_id]
    await conclude(session, ts, leader, ts.best_fen, ts.leader_priority)


async def conclude(
    session: AsyncSession, ts: TradeSession, winner: Bidder, price_fen: int, via_priority: bool
) -> None:
    ts.status = "concluded"
    ts.closed_at = _now(session)
    ts.version += 1
    await deals.create_deal(
        session,
        ts,
        buyer_party_id=winner.party_id,
        buyer_name=winner.name,
        price_fen=price_fen,
        via_priority=via_priority,
        bids_count=ts.bid_count,
    )
    await deposits.refund_all(session, ts.listing_id, ts.county, keep={winner.party_id})
    feed.changed(session, ts.id)


async def fail(session: AsyncSession, ts: TradeSession, code: str, reason: str) -> None:
    now = _now(session)
    ts.status = "failed" if code != "terminated" else "terminated"
    ts.closed_at = now
    ts.outcome_reason = reason
    ts.version += 1
    await deposits.refund_all(session, ts.listing_id, ts.county)
    await record_event(
        session,
        TradeFailed(
            listing_id=ts.listing_id,
            trade_id=ts.id,
            mode=ts.mode,  # type: ignore[arg-type]
            reason_code=code,  # type: ignore[arg-type]
            reason=reason,
            failed_at=now,
        ),
    )
    feed.changed(session, ts.id)


# -- negotiated transfer (B1) ---------------------------------------------------------------


async def offer(session: AsyncSession, ts: TradeSession, party_id: str, amount_fen: int) -> None:
    """The one qualified buyer confirms a price of at least the reserve (B1)."""
    _negotiating(ts)
    bidder = (await bidder_names(session, ts.id)).get(party_id)
    if bidder is None or not bidder.eligible:
        raise Problem(
            403,
            "not-the-buyer",
            "You are not this trade's buyer",
            "您不是该项目的受让方",
            rule="B1",
        )
    if amount_fen < ts.reserve_fen:
        raise invalid(
            [
                FieldProblem(
                    "amount",
                    "B1",
                    f"the price must be at least the reserve {format_yuan(ts.reserve_fen)}",
                    f"协议价格不得低于底价{format_yuan(ts.reserve_fen)}元",
                )
            ],
            rule="B1",
        )
    ts.offer_fen = amount_fen
    ts.leader_party_id = party_id
    ts.buyer_confirmed_at = _now(session)
    ts.seller_confirmed_at = None  # a new price needs the seller's confirmation again
    ts.version += 1


async def seller_confirm(session: AsyncSession, ts: TradeSession, by: Principal) -> None:
    _negotiating(ts)
    if ts.offer_fen is None:
        raise Problem(
            409,
            "no-offer",
            "The buyer has not confirmed a price yet",
            "受让方尚未确认价格",
            rule="B1",
        )
    ts.seller_confirmed_at = _now(session)
    ts.version += 1
    await _record(
        session,
        ts,
        action="negotiation.seller_confirmed",
        by=by,
        rule="B1",
        data={"price_fen": ts.offer_fen},
    )


async def issue_negotiated_deal(session: AsyncSession, ts: TradeSession, by: Principal) -> None:
    """The centre issues the deal confirmation once both sides confirmed (B1)."""
    _negotiating(ts)
    if ts.buyer_confirmed_at is None or ts.seller_confirmed_at is None or ts.offer_fen is None:
        raise Problem(
            409,
            "not-confirmed",
            "Both sides must confirm the price first",
            "双方须先确认价格",
            rule="B1",
        )
    bidder = (await bidder_names(session, ts.id))[ts.leader_party_id or ""]
    ts.best_fen = ts.offer_fen
    await _record(
        session,
        ts,
        action="negotiation.concluded",
        by=by,
        rule="B1",
        data={"price_fen": ts.offer_fen},
    )
    await conclude(session, ts, bidder, ts.offer_fen, False)


def _negotiating(ts: TradeSession) -> None:
    if ts.mode != "negotiated" or ts.status != "negotiating":
        raise Problem(
            409,
            "not-negotiating",
            "This session is not a negotiation in progress",
            "该场次不在协议转让中",
            rule="B1",
        )


# -- sealed tender (B4) ----------------------------------------------------------------------


async def submit_tender(
    session: AsyncSession, session_id: str, party_id: str, amount_fen: int
) -> SealedTender:
    ts = await get_session(session, session_id, lock=True)
    if ts.mode != "tender":
        raise Problem(
            409, "not-a-tender", "This session is not a tender", "该场次不是招标", rule="B4"
        )
    now = _now(session)
    if ts.status != "tendering" or ts.tender_opening_at is None or now >= ts.tender_opening_at:
        raise Problem(
            409, "tender-closed", "Tenders are no longer accepted", "已停止接受投标", rule="B4"
        )
    bidder = (await bidder_names(session, ts.id)).get(party_id)
    if bidder is None or not bidder.eligible:
        raise Problem(
            403,
            "not-a-bidder",
            "Only qualified buyers with the deposit paid may tender",
            "只有保证金已到账的合格意向受让方可以投标",
            rule="B4",
        )
    existing = (
        await session.execute(
            select(SealedTender.id).where(
                SealedTender.session_id == ts.id, SealedTender.party_id == party_id
            )
        )
    ).first()
    if existing is not None:
        raise Problem(
            409,
            "tender-already-submitted",
            "You have already submitted a tender",
            "您已提交投标",
            rule="B4",
        )
    s = sealed.seal(ts.id, party_id, amount_fen)
    tender = SealedTender(
        session_id=ts.id,
        party_id=party_id,
        nonce=s.nonce,
        ciphertext=s.ciphertext,
        commitment=s.commitment,
        submitted_at=now,
    )
    session.add(tender)
    ts.bid_count += 1
    ts.version += 1
    await session.flush()
    feed.changed(session, ts.id)
    return tender


async def on_open_tenders(session: AsyncSession, session_id: str) -> None:
    """Open and rank the sealed tenders at the opening time (B4; B3 on equal terms)."""
    ts = await get_session(session, session_id, lock=True)
    if ts.status != "tendering" or ts.tender_opening_at is None:
        return
    now = _now(session)
    if now < ts.tender_opening_at:
        await _arm(session, OPEN_TENDERS, ts.id, ts.tender_opening_at)
        return
    bidders = await bidder_names(session, ts.id)
    tenders = list(
        (
            await session.execute(select(SealedTender).where(SealedTender.session_id == ts.id))
        ).scalars()
    )
    for t in tenders:
        t.amount_fen = sealed.unseal(ts.id, t.party_id, t.nonce, t.ciphertext, t.commitment)
        t.valid = t.amount_fen >= ts.reserve_fen and bidders[t.party_id].eligible
    valid = [t for t in tenders if t.valid]
    # price only by default; equal prices: a priority holder first (B3), then the earliest
    valid.sort(
        key=lambda t: (-(t.amount_fen or 0), not bidders[t.party_id].priority, t.submitted_at, t.id)
    )
    for i, t in enumerate(valid, start=1):
        t.rank = i
    await _record(
        session,
        ts,
        action="tenders.opened",
        by=None,
        rule="B4",
        data={"tenders": len(tenders), "valid": len(valid)},
    )
    if not valid:
        await fail(session, ts, "no_valid_tender", "no tender at or above the reserve price")
        return
    top = valid[0]
    ts.best_fen, ts.leader_party_id = top.amount_fen, top.party_id
    winner = bidders[top.party_id]
    tied = [t for t in valid if t.amount_fen == top.amount_fen]
    via_priority = winner.priority and any(not bidders[t.party_id].priority for t in tied)
    ts.leader_priority = winner.priority
    await conclude(session, ts, winner, top.amount_fen or 0, via_priority)


async def tender_count(session: AsyncSession, session_id: str) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(SealedTender)
            .where(SealedTender.session_id == session_id)
        )
        or 0
    )


# -- suspension, resumption, termination (L12) ------------------------------------------------


async def suspend(session: AsyncSession, ev: ListingSuspended) -> None:
    ts = await session_of_listing(session, ev.listing_id)
    if ts is None or ts.status not in LIVE or ts.status == "suspended":
        return
    now = _now(session)
    ts.suspended_from = ts.status
    if ts.status == "bidding" and ts.ends_at and ts.free_ends_at:
        ts.remaining_free_ms = _ms(ts.free_ends_at - now)
        ts.remaining_ms = _ms(ts.ends_at - now)
        await _disarm(session, CLOSE, ts.id)
    elif ts.status == "tendering" and ts.tender_opening_at:
        ts.remaining_ms = _ms(ts.tender_opening_at - now)
        await _disarm(session, OPEN_TENDERS, ts.id)
    ts.status = "suspended"
    ts.version += 1
    await _record(
        session,
        ts,
        action="session.suspended",
        by=None,
        rule="L12",
        reason=ev.reason,
        data={"by": ev.decided_by, "remaining_ms": ts.remaining_ms},
    )
    feed.changed(session, ts.id)


async def resume(session: AsyncSession, ev: ListingResumed) -> None:
    ts = await session_of_listing(session, ev.listing_id)
    if ts is None or ts.status != "suspended":
        return
    now = _now(session)
    ts.status = ts.suspended_from or "bidding"
    if ts.status == "bidding" and ts.remaining_ms is not None:
        ts.free_ends_at = now + timedelta(milliseconds=ts.remaining_free_ms or 0)
        ts.ends_at = now + timedelta(milliseconds=ts.remaining_ms)
        await _arm(session, CLOSE, ts.id, ts.ends_at)
    elif ts.status == "tendering" and ts.remaining_ms is not None:
        ts.tender_opening_at = now + timedelta(milliseconds=ts.remaining_ms)
        await _arm(session, OPEN_TENDERS, ts.id, ts.tender_opening_at)
    ts.suspended_from = None
    ts.remaining_ms = ts.remaining_free_ms = None
    ts.version += 1
    await _record(
        session,
        ts,
        action="session.resumed",
        by=None,
        rule="L12",
        data={"by": ev.decided_by},
    )
    feed.changed(session, ts.id)


async def terminate(session: AsyncSession, ev: ListingTerminated) -> None:
    ts = await session_of_listing(session, ev.listing_id)
    if ts is None:
        # terminated during the announcement: the deposits paid so far go back (B5)
        county = await _county_of_listing(session, ev.listing_id)
        if county is not None:
            await deposits.refund_all(session, ev.listing_id, county)
        return
    if ts.status in LIVE:
        await _disarm(session, CLOSE, ts.id)
        await _disarm(session, OPEN_TENDERS, ts.id)
        await _record(
            session,
            ts,
            action="session.terminated",
            by=None,
            rule="L12",
            reason=ev.reason,
            data={"by": ev.decided_by},
        )
        await fail(session, ts, "terminated", ev.reason)
        return
    # concluded but not yet signed: the deal is void and the winner's deposit returns
    from bidding.deals.models import Deal

    deal = (
        await session.execute(
            select(Deal)
            .where(Deal.session_id == ts.id, Deal.status == "awaiting_contract")
            .with_for_update()
        )
    ).scalar_one_or_none()
    if deal is not None:
        await cancel_timer(session, deals.CONTRACT_DEADLINE, deal.id)
        deal.status = "defaulted"
        deal.default_decision = "terminated"
        await deposits.unapply_and_refund(session, ts.listing_id, deal.buyer_party_id, ts.county)
        await fail(session, ts, "terminated", ev.reason)


async def _county_of_listing(session: AsyncSession, listing_id: str) -> str | None:
    from bidding.listings.models import ListingView

    listing = await session.get(ListingView, listing_id)
    return listing.county if listing else None
