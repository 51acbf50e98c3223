"""The centre's live sessions monitor — 今日交易 (B2–B4): every session of the county
today (or of a typed day) with its best price, bids, end and time left by the server's
clock, and one session live with its full bid log and the price over time.

The list is bidding's ``GET /sessions`` with the staff member's token (bidding shows
only the caller's county, X3); one session is live through the bidding room's own feed
(``/room/{listing_id}/feed``, relayed by the portal with the session's cookie, filled
by ``static/portal-live.js`` — the room's script, nothing from a CDN), and its bid log is
bidding's ``GET /sessions/{id}/bids`` as read when the page was opened.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from portal import labels
from portal.console import staff_of
from portal.pages.centre.endpoints import BASE, ROLE, _page
from portal.views import error_page, refusal

router = APIRouter()

ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SESSION_STATUSES = {
    "awaiting_auctioneer": "待拍卖师开拍",
    "negotiating": "协商中",
    "bidding": "竞价中",
    "tendering": "投标中",
    "suspended": "已中止",
    "concluded": "已成交",
    "failed": "未成交",
    "terminated": "已终结",
}
#: how often the list reloads itself (seconds): the numbers of many sessions at once,
#: without a live connection for each
REFRESH_S = 15


@router.get(f"{BASE}/sessions")
async def sessions_page(request: Request, day: Annotated[date | None, Query()] = None) -> Response:
    """今日交易: the county's sessions of the day, the soonest end first."""
    me = staff_of(request, ROLE)
    if isinstance(me, Response):
        return me
    params = {"day": day.isoformat()} if day else {}
    r = await request.app.state.upstream.get("bidding", "/sessions", token=me.token, params=params)
    if r.status_code != 200:
        return refusal(request, r)
    rows = r.json()
    return _page(
        request,
        "console/centre_sessions.html",
        sessions=rows,
        day=day,
        refresh_s=REFRESH_S,
        session_statuses=SESSION_STATUSES,
        running=sum(1 for x in rows if x["status"] in ("bidding", "tendering", "negotiating")),
    )


@router.get(f"{BASE}/sessions/{{listing_id}}")
async def session_page(request: Request, listing_id: str) -> Response:
    """One session live (the room's feed) with its full bid log and price over time."""
    me = staff_of(request, ROLE)
    if isinstance(me, Response):
        return me
    if not ID.match(listing_id):
        return error_page(request, 404, "页面不存在 · Not found", "没有这个交易场次。")
    upstream = request.app.state.upstream
    r = await upstream.get("bidding", f"/listings/{listing_id}/session", token=me.token)
    if r.status_code != 200:
        return refusal(request, r)
    state = r.json()
    bids: list[dict] = []
    if state.get("session_id"):
        got = await upstream.get("bidding", f"/sessions/{state['session_id']}/bids", token=me.token)
        if got.status_code != 200:
            return refusal(request, got)
        bids = got.json()
    return _page(
        request,
        "console/centre_session.html",
        state=state,
        listing_id=listing_id,
        bids=bids,
        session_statuses=SESSION_STATUSES,
        mode_labels=labels.MODES,
    )
