"""The public pages — 公开页面: home, the 交易公告 board and a listing's page (L5, L12, L14).

No token: the portal calls listing's public board API, which masks personal data. The
countdown is the server's: each row carries ``seconds_left`` beside ``server_now``, the
page script measures the browser's offset from ``server_now`` once and ticks from it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from portal import labels
from portal.pages.board.cache import PAGE_SIZE, BoardCache
from portal.views import error_page, not_found, refusal, render

router = APIRouter()

MAX_PAGE = 500  # the board API pages up to offset 100,000
_COUNTY = re.compile(r"^[0-9]{6}$")
_TOWNSHIP = re.compile(r"^[0-9]{9}$")
LISTING_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class Refused(Exception):
    def __init__(self, field: str, zh: str) -> None:
        super().__init__(field)
        self.field, self.zh = field, zh


def _money(field: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount > Decimal("1e12"):
        raise Refused(field, "请输入不小于 0 的金额（元）")
    return f"{amount:.2f}"


def board_params(raw: dict[str, str | None], page: int) -> dict[str, Any]:
    """The board API's query from the form's fields (empty fields are no filter)."""
    params: dict[str, Any] = {"limit": PAGE_SIZE + 1, "offset": (page - 1) * PAGE_SIZE}
    checks = {
        "county": lambda v: bool(_COUNTY.match(v)),
        "township": lambda v: bool(_TOWNSHIP.match(v)),
        "product": lambda v: v in labels.PRODUCTS,
        "status": lambda v: v in labels.STATUSES,
    }
    for field, ok in checks.items():
        value = (raw.get(field) or "").strip()
        if value:
            if not ok(value):
                raise Refused(field, "取值无效")
            params[field] = value
    for field, api in (("min_price", "min_price"), ("max_price", "max_price")):
        amount = _money(field, raw.get(field))
        if amount is not None:
            params[api] = amount
    q = (raw.get("q") or "").strip()
    if q:
        params["q"] = q
    return params


@router.get("/")
async def home(request: Request) -> Response:
    return render(request, "home.html")


@router.get("/board")
async def board(
    request: Request,
    county: str | None = Query(None, max_length=6),
    township: str | None = Query(None, max_length=9),
    product: str | None = Query(None, max_length=40),
    status: str | None = Query(None, max_length=20),
    min_price: str | None = Query(None, max_length=20),
    max_price: str | None = Query(None, max_length=20),
    q: str | None = Query(None, max_length=100),
    page: int = Query(1, ge=1, le=MAX_PAGE),
) -> Response:
    """交易公告: filters, paging, a live countdown on each row."""
    form = dict(
        county=county,
        township=township,
        product=product,
        status=status,
        min_price=min_price,
        max_price=max_price,
        q=q,
    )
    try:
        params = board_params(form, page)
    except Refused as exc:
        return error_page(
            request,
            422,
            "输入有误 · Invalid input",
            f"{exc.field}：{exc.zh}（invalid value for {exc.field}）",
            "L5",
        )
    cache: BoardCache = request.app.state.board_cache
    found = await cache.rows(request, params)
    if isinstance(found, httpx.Response):
        return refusal(request, found)
    keep = {k: v for k, v in form.items() if v}
    return render(
        request,
        "board.html",
        rows_html=found.html,
        form=form,
        keep=keep,
        page=page,
        more=found.more,
        server_now=found.server_now,
        labels=labels,
    )


@router.get("/board/{listing_id}")
async def listing_page(request: Request, listing_id: str) -> Response:
    """A listing's announcement, notices, result and contract, personal data masked."""
    if not LISTING_ID.match(listing_id):
        return not_found(request, "没有这个交易项目。")
    r = await request.app.state.upstream.get("listing", f"/board/listings/{listing_id}")
    if r.status_code == 404:
        return not_found(request, "没有这个交易项目。")
    if r.status_code != 200:
        return refusal(request, r)
    item = r.json()
    return render(request, "listing.html", item=item, server_now=item["server_now"], labels=labels)
