"""The bidding room — 交易大厅 (B2–B4): for a qualified bidder the current best price,
own standing, next acceptable price, a bid form with confirmation and the end time by
the server's clock; for the public a watch view (围观): price, bids, watchers, countdown,
nobody's identity. Live through Server-Sent Events that the portal relays from the
bidding service with the session's token, so the browser needs no Authorization header.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from common.edge import SecurityHeaders
from common.problems import PROBLEM_JSON, Problem
from portal import fmt
from portal.pages.board.endpoints import LISTING_ID
from portal.pages.room import live
from portal.pages.room.live import Refused
from portal.session import check_csrf, visitor
from portal.upstream import Upstream
from portal.views import error_page, not_found, problem_text, refusal, render

router = APIRouter()

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")
SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
#: a tender's states after its opening: the ranked tenders may be read (B4)
OPENED = ("concluded", "failed")


def _bad_listing(request: Request) -> Response:
    return not_found(request, "没有这个交易项目。")


@router.get("/room/{listing_id}")
async def room_page(request: Request, listing_id: str) -> Response:
    """交易大厅 for whoever the bidding service lets see the session (X3)."""
    me = visitor(request)
    if not LISTING_ID.match(listing_id):
        return _bad_listing(request)
    if not me.signed_in:
        return render(request, "watch.html", listing_id=listing_id, hint_sign_in=True)
    r = await request.app.state.upstream.get(
        "bidding", f"/listings/{listing_id}/session", token=me.token
    )
    if r.status_code in (401, 403):  # not a bidder of this session: the public's view
        return render(request, "watch.html", listing_id=listing_id, not_bidder=True)
    if r.status_code != 200:
        return refusal(request, r)
    state = r.json()
    tenders = None
    if state["mode"] == "tender" and state["status"] in OPENED:
        # after the opening the ranked tenders are readable (B4; others' names masked)
        t = await request.app.state.upstream.get(
            "bidding", f"/sessions/{state['session_id']}/tenders", token=me.token
        )
        tenders = t.json() if t.status_code == 200 else None
    return render(
        request,
        "room.html",
        state=state,
        tenders=tenders,
        listing_id=listing_id,
        server_now=state["server_time"],
    )


def _problem(status: int, en: str, zh: str, rule: str = "X4") -> Response:
    body = Problem(status, "portal-refused", en, zh, rule=rule).body()
    return JSONResponse(body, status, media_type=PROBLEM_JSON)


async def _relay(upstream: Upstream, service: str, path: str, token: str | None) -> Response:
    """The service's event stream passed on as it comes; a refusal passed on as a problem."""
    stack = AsyncExitStack()
    r = await stack.enter_async_context(upstream.stream(service, path, token=token))
    if r.status_code != 200:
        body = await r.aread()
        await stack.aclose()
        return Response(body, r.status_code, media_type=r.headers.get("content-type"))

    async def chunks() -> AsyncIterator[bytes]:
        try:
            async for chunk in r.aiter_raw():
                yield chunk
        finally:
            await stack.aclose()  # the browser left: the service's feed ends too

    return StreamingResponse(chunks(), media_type="text/event-stream", headers=SSE_HEADERS)


@router.get("/room/{listing_id}/feed")
async def room_feed(request: Request, listing_id: str, session: str) -> Response:
    """The bidder's live feed (their own standing included), relayed with their token."""
    me = visitor(request)
    if not me.signed_in:
        return _problem(401, "Sign in first", "请先登录", "X3")
    if not LISTING_ID.match(listing_id) or not SESSION_ID.match(session):
        return _problem(404, "No such session", "没有这个交易场次")
    return await _relay(
        request.app.state.upstream, "bidding", f"/sessions/{session}/feed", me.token
    )


@router.get("/watch/{listing_id}")
async def watch_page(request: Request, listing_id: str) -> Response:
    """围观: the public's live view of a session."""
    if not LISTING_ID.match(listing_id):
        return _bad_listing(request)
    return render(request, "watch.html", listing_id=listing_id, hint_sign_in=False)


@router.get("/watch/{listing_id}/feed")
async def watch_feed(request: Request, listing_id: str) -> Response:
    """The public feed: every watcher of a listing in this process shares one upstream
    stream of bidding's watch feed (``portal.pages.room.live``)."""
    if not LISTING_ID.match(listing_id):
        return _problem(404, "No such session", "没有这个交易场次")
    joined = await request.app.state.channels.watch(listing_id)
    if isinstance(joined, Refused):
        if joined.status >= 500:
            return _problem(502, "Bidding service unavailable", "竞价服务暂时没有响应")
        return Response(joined.body, joined.status, media_type=joined.content_type)
    channel, watcher = joined
    return StreamingResponse(
        live.frames(channel, watcher), media_type="text/event-stream", headers=SSE_HEADERS
    )


_WATCH_FEED_HEADERS = StreamingResponse(
    iter(()), media_type="text/event-stream", headers=SSE_HEADERS
).raw_headers


async def watch_feed_fast(
    channels: live.Channels, listing_id: str, scope: Scope, receive: Receive, send: Send
) -> bool:
    """``watch_feed`` for a watcher of a listing whose channel is already open in this
    process (every watcher but the first of a hot lot), written straight to the server
    (``live.stream``); False, having sent nothing, for anything else — the first
    watcher, a refusal, a bad id — which ``watch_feed`` answers."""
    if not LISTING_ID.match(listing_id):
        return False
    channel = channels.open.get(listing_id)
    if channel is None or channel.ended:
        return False
    joined = await channel.join()
    if isinstance(joined, Refused):
        return False
    edge = SecurityHeaders(  # the headers the portal's middleware gives the ordinary route
        lambda _scope, receive, send: live.stream(
            channel, joined, list(_WATCH_FEED_HEADERS), receive, send
        )
    )
    await edge(scope, receive, send)
    return True


async def _offer(
    request: Request, listing_id: str, form: dict, *, noun: str, upstream_path: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Check a confirmed offer form (a bid 出价 or a sealed tender 投标) and send it to
    bidding with the person's token: the outcome for the page and bidding's answer."""
    me = visitor(request)
    session = str(form.get("session_id", ""))
    amount = str(form.get("amount", "")).strip().replace(",", "")
    if not me.signed_in:
        return {"ok": False, "status": 401, "message": "请先登录"}, None
    if not SESSION_ID.match(session) or not LISTING_ID.match(listing_id):
        return {"ok": False, "status": 404, "message": "没有这个交易场次"}, None
    if not AMOUNT.match(amount):
        return {
            "ok": False,
            "status": 422,
            "message": f"请输入{noun}金额（元，最多两位小数）",
        }, None
    if form.get("confirmed") != "yes":
        return {"ok": False, "status": 422, "message": f"请先确认{noun}"}, None
    r = await request.app.state.upstream.call(
        "bidding",
        "POST",
        f"/sessions/{session}/{upstream_path}",
        token=me.token,
        json={"amount": amount},
    )
    if r.status_code != 201:
        return {"ok": False, "status": r.status_code, "message": problem_text(r)}, None
    return {"ok": True, "status": 201}, r.json()


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


@router.post("/room/{listing_id}/bid")
async def bid(request: Request, listing_id: str, form: dict = Depends(check_csrf)) -> Response:
    """A confirmed bid (B2): the page's script asks for confirmation first. Answers JSON
    to the script (``Accept: application/json``), a page otherwise."""
    outcome, answer = await _offer(request, listing_id, form, noun="出价", upstream_path="bids")
    if answer is not None:
        text = f"出价成功：{fmt.yuan(answer['amount'])}"
        if answer.get("extended"):
            text += "；竞价时间已延长"
        outcome |= {"message": text, "state": answer["state"]}
    if _wants_json(request):
        return JSONResponse(outcome, 200 if outcome["ok"] else outcome["status"])
    if outcome["ok"]:
        return render(request, "bid_done.html", message=outcome["message"], listing_id=listing_id)
    return error_page(
        request, outcome["status"], "出价未成功 · Bid refused", outcome["message"], "B2"
    )


@router.post("/room/{listing_id}/tender")
async def tender(request: Request, listing_id: str, form: dict = Depends(check_csrf)) -> Response:
    """A confirmed sealed tender (B4): bidding seals the amount and answers a receipt —
    the commitment, when it was received and the opening time — which is all anyone,
    the tenderer included, sees of it until the opening. JSON to the page's script, a
    page otherwise."""
    outcome, receipt = await _offer(request, listing_id, form, noun="投标", upstream_path="tenders")
    if receipt is not None:
        text = (
            f"投标已密封提交。回执编号（承诺值）：{receipt['commitment']}；"
            f"开标时间：{fmt.shanghai(receipt['opening_at'])}。开标前任何人都看不到报价。"
        )
        outcome |= {"message": text, "receipt": receipt}
    if _wants_json(request):
        return JSONResponse(outcome, 200 if outcome["ok"] else outcome["status"])
    if outcome["ok"]:
        return render(
            request, "tender_done.html", receipt=outcome["receipt"], listing_id=listing_id
        )
    return error_page(
        request, outcome["status"], "投标未成功 · Tender refused", outcome["message"], "B4"
    )
