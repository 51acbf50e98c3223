"""The public pages — 公开页面: home, the 交易公告 board and a listing's page (L5, L12, L14).

No token: the portal calls listing's public board API, which masks personal data. The
countdown is the server's: each row carries ``seconds_left`` beside ``server_now``, the
page script measures the browser's offset from ``server_now`` once and ticks from it.
"""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from portal import labels
from portal.app import error_page, render

router = APIRouter()

PAGE_SIZE = 20
MAX_PAGE = 500  # the board API pages up to offset 100,000
_COUNTY = re.compile(r"^[0-9]{6}$")
_TOWNSHIP = re.compile(r"^[0-9]{9}$")
LISTING_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


#: how long one rendering of a board query serves everyone (the public board is the same
#: for every visitor; its countdowns tick in the page from the rows' own server time)
BOARD_FRESH = timedelta(seconds=1)
BOARD_QUERIES_KEPT = 256  # bounded: a text search makes any number of distinct queries


@dataclass(frozen=True, slots=True)
class BoardRows:
    """One board query, answered and rendered: the rows' HTML, whether a next page
    exists, the server time the countdowns start from, and until when it is fresh."""

    html: Markup
    more: bool
    server_now: str | None
    fresh_until: datetime


#: a board query's outcome: its rows, or listing's refusal as it came
Answer = BoardRows | httpx.Response


class BoardCache:
    """The public board's rows for each query, rendered once and shared for
    ``BOARD_FRESH`` by every visitor of this process (one listing call and one rendering
    however many ask; concurrent askers of a stale query wait for one refresh). At 200
    concurrent clients the board page then costs the listing service about one call per
    query and second (bench/README.md, "Portal board benchmark")."""

    def __init__(self) -> None:
        self.kept: OrderedDict[tuple[tuple[str, str], ...], BoardRows] = OrderedDict()
        self.pending: dict[tuple[tuple[str, str], ...], asyncio.Future[Answer]] = {}

    async def rows(self, request: Request, params: dict[str, Any]) -> Answer:
        """The rendered rows of the query, or listing's refusal (never kept)."""
        key = tuple(sorted((k, str(v)) for k, v in params.items()))
        now = request.app.state.clock.now()
        found = self.kept.get(key)
        if found is not None and now < found.fresh_until:
            return found
        waiting = self.pending.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting)
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self.pending[key] = future
        try:
            r = await request.app.state.upstream.get("listing", "/board/listings", params=params)
            if r.status_code != 200:  # the same refusal for those waiting; never kept
                future.set_result(r)
                return r
            rows = r.json()
            more = len(rows) > PAGE_SIZE
            rows = rows[:PAGE_SIZE]
            template = request.app.state.templates.env.get_template("_board_rows.html")
            html = Markup(template.render(rows=rows, labels=labels))
            made = BoardRows(html, more, rows[0]["server_now"] if rows else None, now + BOARD_FRESH)
            future.set_result(made)
        except BaseException as exc:
            if not future.done():
                future.set_exception(exc)
                future.exception()  # retrieved: waiters re-raise it, nobody logs it twice
            raise
        finally:
            del self.pending[key]
        self.kept[key] = made
        self.kept.move_to_end(key)
        while len(self.kept) > BOARD_QUERIES_KEPT:
            self.kept.popitem(last=False)
        return made


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
        return error_page(request, 404, "页面不存在 · Not found", "没有这个交易项目。")
    r = await request.app.state.upstream.get("listing", f"/board/listings/{listing_id}")
    if r.status_code == 404:
        return error_page(request, 404, "页面不存在 · Not found", "没有这个交易项目。")
    if r.status_code != 200:
        return refusal(request, r)
    item = r.json()
    return render(request, "listing.html", item=item, server_now=item["server_now"], labels=labels)


def _problem(r: Any) -> dict[str, Any]:
    try:
        body = r.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def problem_text(r: Any) -> str:
    """A service's refusal in its own words: the Chinese detail, then each field's."""
    body = _problem(r)
    parts = [str(body.get("detail_zh") or body.get("title_zh") or "请求被拒绝")]
    for e in body.get("errors") or []:
        if isinstance(e, dict):
            parts.append(f"{e.get('field', '')}：{e.get('message_zh') or e.get('message', '')}")
    return "；".join(parts)


def refusal(request: Request, r: Any) -> Response:
    """A service's refusal (4xx problem) shown on a page, in its own words."""
    body = _problem(r)
    detail = problem_text(r)
    return error_page(
        request,
        r.status_code,
        body.get("title_zh") or "请求无法处理",
        detail,
        body.get("rule") or "X4",
    )
