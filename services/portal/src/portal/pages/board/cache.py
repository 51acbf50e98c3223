"""The public board's rows, shared — 公告栏缓存: rendered once per query and second."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import Request
from markupsafe import Markup

from portal import labels

PAGE_SIZE = 20  # rows a board page shows (the API is asked for one more: is there a next)

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
