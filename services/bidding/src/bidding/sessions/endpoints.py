"""Trading session endpoints — 交易场次 (DOMAIN B1–B4, X3).

Who may do what: a buyer (``org.type`` person, ``org.id`` = party id, see
``bidding.access``) bids, tenders and offers on the sessions they qualified for; the
seller confirms a negotiated price; the exchange centre's staff of the county run the
session; a licensed auctioneer opens an auction; the supervisor reads.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from bidding.access import (
    BUYER_ORGS,
    SELLER_ORGS,
    party_of,
    require_trade_county,
)
from bidding.sessions import bids, feed, repository, room
from bidding.sessions import service as svc
from bidding.sessions.rules import BidPlaced
from bidding.sessions.schemas import (
    AuctionStartIn,
    BidIn,
    BidOut,
    BidRecord,
    PendingSession,
    SessionState,
    TenderReceipt,
    TenderResult,
)
from bidding.sessions.states import LIVE
from bidding.sessions.views import (
    bid_answer,
    bid_records,
    pending,
    public_state,
    ranked_tenders,
    standing_party,
    tender_receipt,
    view,
)
from common.access import county_of
from common.auth import (
    OrgType,
    Principal,
    Role,
    check_access,
    current_principal,
    principal_of_header,
    require,
)
from common.batching import Batcher, batcher
from common.clock import SHANGHAI, local_date
from common.context import now as clock_now
from common.hot import HotAnswer, HotRequest, HotRoute
from common.idempotency import HEADER as IDEMPOTENCY_HEADER
from common.idempotency import run_idempotent
from common.money import parse_fen, to_fen
from common.problems import Problem, forbidden
from common.routes import SessionDep, without_transaction
from common.routes import router as make_router
from common.runtime import ServiceRuntime

router = make_router(tags=["trading sessions — 交易场次"])


async def hot_bid(request: HotRequest) -> HotAnswer | None:
    """The hot route of a bid (common.hot) — the one request a last-minute rush repeats
    thousands of times. It serves a bid whose body is ``{"amount": "<string>"}`` as JSON,
    without ``Idempotency-Key``, from a verified buyer, through the same checks and the
    same service as ``place_bid`` below (the amount through ``parse_fen``, the caller
    through ``check_access``, the bid through the batcher, the answer through
    ``bid_answer``). It declines anything else — a missing or bad token, another role, a
    malformed body, an ``Idempotency-Key`` — to ``place_bid``, so every refusal of a
    malformed request keeps the one format of the ordinary route."""
    headers = request.headers
    if _IDEMPOTENCY in headers or not headers.get(b"content-type", b"").startswith(
        b"application/json"
    ):
        return None
    try:
        amount = json.loads(request.body)["amount"]
        if not isinstance(amount, str):
            return None
        fen = parse_fen(amount)
    except (ValueError, KeyError, TypeError):  # MoneyError is a ValueError
        return None
    runtime = request.runtime
    caller = await principal_of_header(
        runtime.verifier, headers.get(b"authorization", b"").decode("latin-1")
    )
    if caller is None:
        return None
    try:
        who = check_access(caller, (Role.buyer,), BUYER_ORGS)
    except Problem:
        return None
    bid = bids.BidRequest(request.path_params["session_id"], party_of(who), fen)
    return HotAnswer(201, _placed(await _bids(runtime).submit(bid), runtime))


_IDEMPOTENCY = IDEMPOTENCY_HEADER.lower().encode()
BIDS_PATH = "/sessions/{session_id}/bids"
HOT_BID = HotRoute("POST", BIDS_PATH, hot_bid)

VIEWERS = (Role.buyer, Role.seller, Role.exchange_staff, Role.auctioneer, Role.supervisor)
BUYER = Annotated[Principal, require(Role.buyer, org_types=BUYER_ORGS)]
STAFF = require(Role.exchange_staff, org_types=(OrgType.county,))
#: Concurrent bid transactions per API process; one lot's bids always share one lane. One
#: measured best on 2 cores (bench/README.md): a second lane halves the batches, and the
#: extra transactions cost more CPU than the wait they save (100 lots at 500 bids/s: p99
#: 23–24 ms with two lanes, 13–15 ms with one).
BID_LANES = 1
READERS = Annotated[
    Principal,
    require(Role.exchange_staff, Role.supervisor, Role.auctioneer, org_types=(OrgType.county,)),
]


@router.get("/listings/{listing_id}/session", response_model=SessionState | PendingSession)
async def session_of_listing(
    listing_id: str, session: SessionDep, who: Principal = require(*VIEWERS)
) -> SessionState | PendingSession:
    """The trading session opened for a listing, as the caller may see it; ``pending``
    while the listing is published but its trade has not opened (announcement running,
    or its close not yet processed); 404 for a listing bidding does not know."""
    ts = await repository.session_of_listing(session, listing_id, lock=False)
    if ts is None:
        return pending(await svc.pending_listing(session, who, listing_id), clock_now(session))
    await svc.authorize_view(session, who, ts)
    return await view(session, ts, who)


@router.get("/sessions", response_model=list[SessionState])
async def sessions_of_day(
    session: SessionDep,
    who: READERS,
    day: date | None = Query(None, description="The day (Beijing time); today by default."),
) -> list[SessionState]:
    """今日交易: the caller's county's sessions of a day — opened, ending or opening their
    tenders that day, or still live — each as the room shows it, the soonest end first
    (the centre's live sessions monitor; county staff and the supervisor, X3)."""
    now = clock_now(session)
    start = datetime.combine(day or local_date(now), time(0), tzinfo=SHANGHAI)
    found = await repository.sessions_of_day(
        session, county_of(who) or "", start, start + timedelta(days=1), LIVE
    )
    return [await view(session, ts, who) for ts in found]


@router.get("/sessions/{session_id}", response_model=SessionState)
async def get_state(
    session_id: str, session: SessionDep, who: Principal = require(*VIEWERS)
) -> SessionState:
    """Best price, end time by the server's clock, and the caller's own standing (B2)."""
    ts = await repository.get_session(session, session_id)
    await svc.authorize_view(session, who, ts)
    return await view(session, ts, who)


# The ordinary bid route owns no request transaction (its bids are group-committed).
@without_transaction(router, BIDS_PATH, methods=["POST"], response_model=BidOut, status_code=201)
async def place_bid(session_id: str, body: BidIn, request: Request, who: BUYER) -> Response:
    """Bid on an ascending session or an auction (B2, B3, B4). 409 when outbid or ended.

    Bids arriving together are group-committed (``common.batching``): one transaction
    judges them in arrival order and each answer leaves after that commit. A bid with an
    ``Idempotency-Key`` runs in a transaction of its own that records the key."""
    bid = bids.BidRequest(session_id, party_of(who), to_fen(body.amount))
    runtime: ServiceRuntime = request.app.state.runtime
    if request.headers.get(IDEMPOTENCY_HEADER) is not None:

        async def alone(req: Request) -> Response:
            return _json(_placed((await bids.place_bids(req.state.session, [bid]))[0], runtime))

        return await run_idempotent(runtime, request, alone)
    return _json(_placed(await _bids(runtime).submit(bid), runtime))


def _json(body: bytes) -> Response:
    # written once (bid_answer): the route skips the response model's second validation
    return Response(body, status_code=201, media_type="application/json")


def _bids(runtime: ServiceRuntime) -> Batcher[bids.BidRequest, BidPlaced | Problem]:
    """The bids of one lot queue in one lane of this process (common.batching)."""
    return batcher(runtime, "bids", bids.place_bids, key=_lot_of, lanes=BID_LANES)


def _lot_of(bid: bids.BidRequest) -> str:
    return bid.session_id


def _placed(outcome: BidPlaced | Problem, runtime: ServiceRuntime) -> bytes:
    if isinstance(outcome, Problem):
        raise outcome
    return bid_answer(outcome, clock_now(runtime))


@router.get("/sessions/{session_id}/bids", response_model=list[BidRecord])
async def bid_log(session_id: str, session: SessionDep, who: READERS) -> list[BidRecord]:
    """The full bid log with identities — county staff and the supervisor only (X3)."""
    ts = await repository.get_session(session, session_id)
    require_trade_county(who, ts.county)
    names = await repository.bidder_names(session, ts.id)
    return bid_records(await repository.bid_log(session, ts.id), names)


@router.post("/sessions/{session_id}/auction/start", response_model=SessionState)
async def start_auction(
    session_id: str,
    session: SessionDep,
    body: AuctionStartIn | None = None,
    who: Principal = require(Role.auctioneer, org_types=(OrgType.county,)),
) -> SessionState:
    """A licensed auctioneer opens the auction (B4); it then runs on the ascending engine.
    Where the county requires it (L20), the body names the auctioneer's registered licence."""
    ts = await repository.get_session(session, session_id, lock=True)
    require_trade_county(who, ts.county)
    await svc.start_auction(session, who, ts, body.auctioneer_licence_no if body else None)
    return await view(session, ts, who)


@router.post("/sessions/{session_id}/tenders", response_model=TenderReceipt, status_code=201)
async def submit_tender(
    session_id: str, body: BidIn, session: SessionDep, who: BUYER
) -> TenderReceipt:
    """Submit a sealed tender (B4); the receipt's commitment proves the amount later."""
    tender = await svc.submit_tender(session, who, session_id, to_fen(body.amount))
    ts = await repository.get_session(session, session_id)
    return tender_receipt(ts, tender)


@router.get("/sessions/{session_id}/tenders", response_model=list[TenderResult])
async def tender_results(
    session_id: str, session: SessionDep, who: Principal = require(*VIEWERS)
) -> list[TenderResult]:
    """The ranked tenders — only after the opening, for everyone, staff included (B4)."""
    ts = await repository.get_session(session, session_id)
    await svc.authorize_view(session, who, ts)
    opened = await svc.opened_tenders(session, who, ts)
    names = await repository.bidder_names(session, ts.id)
    return ranked_tenders(opened, names, who)


@router.post("/sessions/{session_id}/negotiation/offer", response_model=SessionState)
async def negotiation_offer(
    session_id: str, body: BidIn, session: SessionDep, who: BUYER
) -> SessionState:
    """The one qualified buyer confirms a price, at least the reserve (B1)."""
    ts = await repository.get_session(session, session_id, lock=True)
    await svc.offer(session, who, ts, to_fen(body.amount))
    return await view(session, ts, who)


@router.post("/sessions/{session_id}/negotiation/seller-confirm", response_model=SessionState)
async def negotiation_seller_confirm(
    session_id: str, session: SessionDep, who: Principal = require(Role.seller, Role.exchange_staff)
) -> SessionState:
    """The seller (or the centre's staff recording the seller's signed confirmation) (B1)."""
    ts = await repository.get_session(session, session_id, lock=True)
    if who.has(Role.exchange_staff) and who.org.type == OrgType.county:
        require_trade_county(who, ts.county)
    elif who.org.type not in SELLER_ORGS or party_of(who) != ts.seller_party_id:
        raise forbidden("only this trade's seller may confirm", "只有出让方本人可以确认")
    await svc.seller_confirm(session, who, ts)
    return await view(session, ts, who)


# -- live room: Server-Sent Events -------------------------------------------------------

PING_S = 15.0


@without_transaction(
    router,
    "/sessions/{session_id}/feed",
    methods=["GET"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def live_feed(
    session_id: str, request: Request, who: Principal = Depends(current_principal)
) -> StreamingResponse:
    """SSE: an ``state`` event at once and after every change (best price, end time by
    the server's clock, extensions, the caller's own standing); a ``ping`` every 15 s.
    The watchers of a session in one process share one reader (``room``)."""
    runtime = request.app.state.runtime
    if not who.has(*VIEWERS):
        raise forbidden("not allowed to watch this session", "无权查看该场次")
    async with runtime.transaction() as s:
        ts = await repository.get_session(s, session_id)
        await svc.authorize_view(s, who, ts)
        first = await view(s, ts, who)

    return _stream(request, session_id, first, standing_party(who), first.version)


@without_transaction(
    router,
    "/listings/{listing_id}/watch",
    methods=["GET"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def public_watch(listing_id: str, request: Request) -> StreamingResponse:
    """SSE, no token: the public watch view — 围观 (B2, B4). The room's ``state`` events
    without anyone's standing or identity (a sealed tender shows no price until opening),
    and a ``watchers`` event with how many watch this session in this process (bidders
    and public alike) whenever that number changes; a ``ping`` every 15 s."""
    runtime = request.app.state.runtime
    async with runtime.transaction() as s:
        ts = await repository.session_of_listing(s, listing_id, lock=False)
        if ts is None:
            raise repository.no_session()
        session_id, version = ts.id, ts.version
        first = public_state(ts, clock_now(runtime))

    return _stream(request, session_id, first, None, version, count_watchers=True)


def _watching(count: int) -> bytes:
    return f"event: watchers\ndata: {json.dumps({'watchers': count})}\n\n".encode()


def _stream(
    request: Request,
    session_id: str,
    first: SessionState,
    party: str | None,
    version: int,
    *,
    count_watchers: bool = False,
) -> StreamingResponse:
    """One SSE stream of a session's room, for a party (its own standing) or the public
    (``party`` None): the first state at once, then every state the room hands out, a
    ``watchers`` event when their number changes (``count_watchers``), a ``ping`` every
    15 s of silence."""
    runtime = request.app.state.runtime

    async def events() -> AsyncIterator[bytes]:
        yield room.frame(first.model_dump_json().encode())
        if first.status in room.FINAL:
            return
        live = room.room(request.app.state, session_id)
        watcher = live.join(party, version)
        told = len(live.watchers)
        if count_watchers:
            yield _watching(told)
        idle = 0.0
        try:
            while not watcher.final:
                data = await watcher.next(feed.POLL_S)
                if data is not None:
                    idle = 0.0
                    yield data
                elif watcher.final or await request.is_disconnected():
                    return
                else:
                    idle += feed.POLL_S
                if count_watchers and len(live.watchers) != told:
                    told = len(live.watchers)
                    yield _watching(told)
                if idle >= PING_S:
                    idle = 0.0
                    ping = {"server_time": clock_now(runtime).isoformat()}
                    yield f"event: ping\ndata: {json.dumps(ping)}\n\n".encode()
        finally:
            live.leave(watcher)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
