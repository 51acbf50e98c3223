"""Trading sessions — 交易场次 (DOMAIN B1–B4, L7, L12): open, start, close, negotiate,
tender, suspend, resume, terminate.

The caller owns the transaction; everything here only flushes. The bid hot path is
``bids.py``. A session's status changes only through ``states.SESSION``. The deal a
conclusion issues belongs to the later ``deals`` area: the functions that end a trade
with a winner return it (``Winner``) and ``deals.conclusion`` issues the deal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.access import (
    BUYER_ORGS,
    SELLER_ORGS,
    is_county_staff,
    not_a_party,
    party_of,
    require_trade_county,
)
from bidding.deposits import repository as deposit_queries
from bidding.deposits import service as deposits
from bidding.listings import service as listing_facts
from bidding.listings.models import ListingView
from bidding.params import PARAMS
from bidding.sessions import feed, repository, sealed
from bidding.sessions.models import Bidder, SealedTender, TradeSession
from bidding.sessions.repository import (
    bidder_names,
    get_session,
    has_tendered,
    session_of_listing,
    tenders_of,
)
from bidding.sessions.states import LIVE, OPENS_AS, SESSION
from common.audit import record_on
from common.auth import Principal, Role
from common.clock import local_date
from common.context import now as clock_now
from common.context import session_context
from common.contracts.bidding import TradeFailed
from common.contracts.listing import (
    AnnouncementClosed,
    ListingResumed,
    ListingSuspended,
    ListingTerminated,
)
from common.keys import new_id
from common.money import format_yuan, to_fen
from common.outbox import record_event
from common.problems import Problem, invalid, invalid_field
from common.scheduler import schedule_timer

CLOSE = "session.close"
OPEN_TENDERS = "session.open_tenders"


@dataclass(frozen=True)
class Winner:
    """A session that ended with a winner: who, at what price, whether by the priority
    right (B3) — what the deal confirmation is issued on."""

    ts: TradeSession
    bidder: Bidder
    price_fen: int
    via_priority: bool


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


def _ms(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() * 1000))


async def authorize_view(session: AsyncSession, who: Principal, ts: TradeSession) -> None:
    """County staff of the trade's county, its bidders, its seller (X3)."""
    if is_county_staff(who):
        require_trade_county(who, ts.county)
        return
    if who.has(Role.buyer) and who.org.type in BUYER_ORGS:
        if await session.get(Bidder, (ts.id, party_of(who))) is not None:
            return
    if who.has(Role.seller) and who.org.type in SELLER_ORGS and party_of(who) == ts.seller_party_id:
        return
    raise not_a_party()


async def pending_listing(session: AsyncSession, who: Principal, listing_id: str) -> ListingView:
    """A published listing whose trade has not opened: county staff see only their
    county's; everyone else sees what the public announcement shows (README). 404 for a
    listing bidding has not seen published."""
    listing = await session.get(ListingView, listing_id)
    if listing is None:
        raise repository.no_session()
    if is_county_staff(who):
        require_trade_county(who, listing.county)
    return listing


# -- opening (L7) ------------------------------------------------------------------------


async def open_from_announcement(
    session: AsyncSession, who: Principal | None, ev: AnnouncementClosed
) -> TradeSession | None:
    """Start the trade the listing chose when its announcement closed (L7, B1–B4)."""
    if ev.outcome == "failed" or not ev.qualified_buyers:
        # 流标: no trade; every deposit paid for the listing goes back (B5)
        await deposits.refund_all(session, who, ev.listing_id, ev.county)
        return None
    if await session_of_listing(session, ev.listing_id, lock=False) is not None:
        return None  # already opened (a redelivered event is dropped by the inbox anyway)
    now = clock_now(session)
    mode = "negotiated" if ev.outcome == "negotiated" else (ev.mode or "ascending")
    if mode == "negotiated" and len(ev.qualified_buyers) != 1:
        mode = ev.mode if ev.mode and ev.mode != "negotiated" else "ascending"
    ts = TradeSession(
        id=new_id(),
        **listing_facts.listed_facts(ev),
        mode=mode,
        status=OPENS_AS[mode],
        area_mu=ev.area_mu,
        term_start=ev.term_start,
        term_end=ev.term_end,
        lien_id=ev.lien_id,
        increment_fen=max(1, to_fen(ev.increment)),
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
    if mode == "posted":
        # B7: the posted period (挂牌期) is free bidding that ends on its day; only when
        # several still compete does the timed period of B2 follow (on_close_timer)
        days = await PARAMS.get(session, ev.county, "posted_period_days")
        ts.free_ends_at = ts.ends_at = now + timedelta(days=days)
    if mode == "tender":
        ts.tender_opening_at = ev.tender_opening_at or now + timedelta(
            seconds=ev.free_period_seconds
        )
    session.add(ts)
    await session.flush()
    paid = await deposit_queries.deposits_by_party(session, ev.listing_id)
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
    await deposits.refund_all(session, who, ev.listing_id, ev.county, keep=qualified)
    if ts.ends_at is not None:
        await _arm(session, CLOSE, ts.id, ts.ends_at)
    if ts.tender_opening_at is not None:
        await _arm(session, OPEN_TENDERS, ts.id, ts.tender_opening_at)
    await record_on(
        session,
        ts,
        action="session.opened",
        by=who,
        rule="L7",
        data={"listing_id": ts.listing_id, "mode": mode, "buyers": len(ev.qualified_buyers)},
    )
    return ts


def _start_clock(ts: TradeSession, now: datetime) -> None:
    ts.free_ends_at = now + timedelta(seconds=ts.free_period_s)
    ts.ends_at = ts.free_ends_at + timedelta(seconds=ts.extension_s)


async def start_auction(
    session: AsyncSession, who: Principal, ts: TradeSession, licence_no: str | None = None
) -> TradeSession:
    """A licensed auctioneer opens the auction on the ascending engine (B4); where the
    county requires it, one of its register valid today (L20)."""
    if ts.mode != "auction" or ts.status != "awaiting_auctioneer":
        raise Problem(
            409,
            "auction-not-startable",
            "This session is not an auction waiting to open",
            "该场次不是待开拍的拍卖",
            rule="B4",
        )
    now = clock_now(session)
    if await PARAMS.get(session, ts.county, "registered_auctioneer_required"):
        problems = await listing_facts.auctioneer_problems(
            session, ts.county, licence_no, local_date(now)
        )
        if problems:
            raise invalid(problems, rule="B4")
    SESSION.move(ts, "bidding", "start_auction")
    ts.auctioneer = f"{who.name or who.subject} ({who.subject})" + (
        f" 证书{licence_no}" if licence_no else ""
    )
    _start_clock(ts, now)
    ts.version += 1
    assert ts.ends_at is not None
    await _arm(session, CLOSE, ts.id, ts.ends_at)
    await record_on(session, ts, action="auction.started", by=who, rule="B4")
    feed.changed(session, ts.id)
    return ts


# -- the end of a trade ----------------------------------------------------------------------


async def on_close_timer(
    session: AsyncSession, who: Principal | None, session_id: str
) -> Winner | None:
    """The end of an ascending session (B2): fail it when nobody bid, or return the leader
    once a full extension passed (``deals.conclusion`` concludes); nothing when extended,
    suspended or already closed."""
    ts = await get_session(session, session_id, lock=True)
    if ts.status != "bidding" or ts.ends_at is None:
        return None  # suspended (resume reschedules), or already closed
    now = clock_now(session)
    if now < ts.ends_at:
        await _arm(session, CLOSE, ts.id, ts.ends_at)  # extended meanwhile
        return None
    if ts.best_fen is None or ts.leader_party_id is None:
        await fail(session, who, ts, "no_bids", "no bid was made — 流拍")
        return None
    if (
        ts.mode == "posted"
        and ts.ends_at == ts.free_ends_at
        and await repository.bidders_who_bid(session, ts.id) > 1
    ):
        # B7: several still compete when the posted period ends — the trade continues as
        # B2, every valid bid pushing the end by the extension
        ts.ends_at = now + timedelta(seconds=ts.extension_s)
        ts.version += 1
        await _arm(session, CLOSE, ts.id, ts.ends_at)
        await record_on(
            session,
            ts,
            action="session.posted_continues",
            by=who,
            rule="B7",
            data={"best_fen": ts.best_fen},
        )
        feed.changed(session, ts.id)
        return None
    bidders = await bidder_names(session, ts.id)
    return Winner(ts, bidders[ts.leader_party_id], ts.best_fen, ts.leader_priority)


async def conclude(session: AsyncSession, who: Principal | None, won: Winner) -> None:
    """The session ends with its winner (the deal is the caller's, deals.conclusion)."""
    ts = won.ts
    SESSION.move(ts, "concluded", "conclude")
    ts.closed_at = clock_now(session)
    ts.version += 1
    feed.changed(session, ts.id)


async def fail(
    session: AsyncSession, who: Principal | None, ts: TradeSession, code: str, reason: str
) -> None:
    """The trade ends without a deal (no bids, no valid tender, terminated): every deposit
    held goes back (B5) and ``bidding.trade_failed`` tells the listing."""
    now = clock_now(session)
    if code == "terminated":
        SESSION.move(ts, "terminated", "terminate")
    else:
        SESSION.move(ts, "failed", "fail")
    ts.closed_at = now
    ts.outcome_reason = reason
    ts.version += 1
    await deposits.refund_all(session, who, ts.listing_id, ts.county)
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


async def offer(session: AsyncSession, who: Principal, ts: TradeSession, amount_fen: int) -> None:
    """The one qualified buyer confirms a price of at least the reserve (B1)."""
    _negotiating(ts)
    party_id = party_of(who)
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
        raise invalid_field(
            "amount",
            "B1",
            f"the price must be at least the reserve {format_yuan(ts.reserve_fen)}",
            f"协议价格不得低于底价{format_yuan(ts.reserve_fen)}元",
        )
    ts.offer_fen = amount_fen
    ts.leader_party_id = party_id
    ts.buyer_confirmed_at = clock_now(session)
    ts.seller_confirmed_at = None  # a new price needs the seller's confirmation again
    ts.version += 1


async def seller_confirm(session: AsyncSession, who: Principal, ts: TradeSession) -> None:
    _negotiating(ts)
    if ts.offer_fen is None:
        raise Problem(
            409,
            "no-offer",
            "The buyer has not confirmed a price yet",
            "受让方尚未确认价格",
            rule="B1",
        )
    ts.seller_confirmed_at = clock_now(session)
    ts.version += 1
    await record_on(
        session,
        ts,
        action="negotiation.seller_confirmed",
        by=who,
        rule="B1",
        data={"price_fen": ts.offer_fen},
    )


async def negotiated_winner(session: AsyncSession, who: Principal, ts: TradeSession) -> Winner:
    """The centre issues the deal confirmation once both sides confirmed (B1): the buyer
    at the confirmed price (``deals.conclusion`` concludes)."""
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
    await record_on(
        session,
        ts,
        action="negotiation.concluded",
        by=who,
        rule="B1",
        data={"price_fen": ts.offer_fen},
    )
    return Winner(ts, bidder, ts.offer_fen, False)


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
    session: AsyncSession, who: Principal, session_id: str, amount_fen: int
) -> SealedTender:
    party_id = party_of(who)
    ts = await get_session(session, session_id, lock=True)
    if ts.mode != "tender":
        raise Problem(
            409, "not-a-tender", "This session is not a tender", "该场次不是招标", rule="B4"
        )
    now = clock_now(session)
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
    if await has_tendered(session, ts.id, party_id):
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


async def on_open_tenders(
    session: AsyncSession, who: Principal | None, session_id: str
) -> Winner | None:
    """Open and rank the sealed tenders at the opening time (B4; B3 on equal terms): fail
    when none is valid, else return the first (``deals.conclusion`` concludes)."""
    ts = await get_session(session, session_id, lock=True)
    if ts.status != "tendering" or ts.tender_opening_at is None:
        return None
    now = clock_now(session)
    if now < ts.tender_opening_at:
        await _arm(session, OPEN_TENDERS, ts.id, ts.tender_opening_at)
        return None
    bidders = await bidder_names(session, ts.id)
    tenders = await tenders_of(session, ts.id)
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
    await record_on(
        session,
        ts,
        action="tenders.opened",
        by=who,
        rule="B4",
        data={"tenders": len(tenders), "valid": len(valid)},
    )
    if not valid:
        await fail(session, who, ts, "no_valid_tender", "no tender at or above the reserve price")
        return None
    top = valid[0]
    ts.best_fen, ts.leader_party_id = top.amount_fen, top.party_id
    winner = bidders[top.party_id]
    tied = [t for t in valid if t.amount_fen == top.amount_fen]
    via_priority = winner.priority and any(not bidders[t.party_id].priority for t in tied)
    ts.leader_priority = winner.priority
    return Winner(ts, winner, top.amount_fen or 0, via_priority)


async def opened_tenders(
    session: AsyncSession, who: Principal, ts: TradeSession
) -> Sequence[SealedTender]:
    """The opened tenders — only after the opening, for everyone, staff included (B4)."""
    if ts.mode != "tender":
        raise Problem(
            409, "not-a-tender", "This session is not a tender", "该场次不是招标", rule="B4"
        )
    if ts.status in ("tendering", "suspended"):
        raise Problem(
            403,
            "sealed-until-opening",
            "Sealed tenders cannot be read before the opening time",
            "开标前任何人不得查看投标",
            rule="B4",
            extra={
                "opening_at": ts.tender_opening_at.isoformat() if ts.tender_opening_at else None
            },
        )
    return await repository.opened_tenders(session, ts.id)


# -- suspension, resumption, termination (L12) ------------------------------------------------


async def suspend(session: AsyncSession, who: Principal | None, ev: ListingSuspended) -> None:
    ts = await session_of_listing(session, ev.listing_id, lock=True)
    if ts is None or ts.status not in LIVE or ts.status == "suspended":
        return
    now = clock_now(session)
    ts.suspended_from = ts.status
    if ts.status == "bidding" and ts.ends_at and ts.free_ends_at:
        ts.remaining_free_ms = _ms(ts.free_ends_at - now)
        ts.remaining_ms = _ms(ts.ends_at - now)
        await _disarm(session, CLOSE, ts.id)
    elif ts.status == "tendering" and ts.tender_opening_at:
        ts.remaining_ms = _ms(ts.tender_opening_at - now)
        await _disarm(session, OPEN_TENDERS, ts.id)
    SESSION.move(ts, "suspended", "suspend")
    ts.version += 1
    await record_on(
        session,
        ts,
        action="session.suspended",
        by=who,
        rule="L12",
        reason=ev.reason,
        data={"by": ev.decided_by, "remaining_ms": ts.remaining_ms},
    )
    feed.changed(session, ts.id)


async def resume(session: AsyncSession, who: Principal | None, ev: ListingResumed) -> None:
    ts = await session_of_listing(session, ev.listing_id, lock=True)
    if ts is None or ts.status != "suspended":
        return
    now = clock_now(session)
    SESSION.move(ts, ts.suspended_from or "bidding", "resume")
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
    await record_on(
        session,
        ts,
        action="session.resumed",
        by=who,
        rule="L12",
        data={"by": ev.decided_by},
    )
    feed.changed(session, ts.id)


async def terminate(
    session: AsyncSession, who: Principal | None, ev: ListingTerminated
) -> TradeSession | None:
    """The listing was terminated (L12): a live session fails as ``terminated``; before
    the trade opened the deposits paid so far go back (B5). Returns a session that had
    already concluded (its deal, if not yet signed, is ``deals.conclusion``'s to void)."""
    ts = await session_of_listing(session, ev.listing_id, lock=True)
    if ts is None:
        # terminated during the announcement: the deposits paid so far go back (B5)
        listing = await session.get(ListingView, ev.listing_id)
        if listing is not None:
            await deposits.refund_all(session, who, ev.listing_id, listing.county)
        return None
    if ts.status in LIVE:
        await _disarm(session, CLOSE, ts.id)
        await _disarm(session, OPEN_TENDERS, ts.id)
        await record_on(
            session,
            ts,
            action="session.terminated",
            by=who,
            rule="L12",
            reason=ev.reason,
            data={"by": ev.decided_by},
        )
        await fail(session, who, ts, "terminated", ev.reason)
        return None
    return ts
