"""The public board's rows are rendered once per query and second and shared by every
visitor of the process (portal.pages.board.cache.BoardCache): 200 clients cost the listing
service one call per query and second, not 200 (L5)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from common.clock import ManualClock
from portal import create_portal_app
from testkit.testing import make_settings


def fake_listing(calls: list[str]) -> Starlette:
    async def board(r: Request) -> JSONResponse:
        calls.append(str(r.query_params))
        await asyncio.sleep(0)  # let the other requests arrive while this one is served
        if r.query_params.get("township") == "620821109":
            return JSONResponse({"title": "refused", "errors": []}, 422)
        title = f"第{len(calls)}次公告"
        return JSONResponse(
            [
                {
                    "id": "L1",
                    "title": title,
                    "status": "announced",
                    "product_zh": "农村承包土地经营权",
                    "way": "lease",
                    "township": "620821101",
                    "reserve_price": "60000.00",
                    "deposit": "6000.00",
                    "area_mu": "20",
                    "announcement_ends_at": "2026-01-25T01:00:00Z",
                    "server_now": "2026-01-05T01:00:00Z",
                    "seconds_left": 1728000,
                    "notice": None,
                }
            ]
        )

    return Starlette(routes=[Route("/board/listings", board)])


async def test_L5_board_rows_are_shared_for_a_second_by_every_visitor(tmp_path) -> None:
    calls: list[str] = []
    clock = ManualClock()
    app = create_portal_app(
        make_settings(data_dir=tmp_path), apps={"listing": fake_listing(calls)}, clock=clock
    )
    html = {"Accept": "text/html"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://portal.test", headers=html
    ) as b:
        pages = await asyncio.gather(*(b.get("/board") for _ in range(50)))
        assert all(p.status_code == 200 and "第1次公告" in p.text for p in pages)
        assert len(calls) == 1  # fifty visitors, one call and one rendering
        other = await b.get("/board", params={"page": 2})
        assert other.status_code == 200 and len(calls) == 2  # another query: its own
        # the same query within the second: shared; after it: read again
        clock.advance(timedelta(milliseconds=900))
        assert "第1次公告" in (await b.get("/board")).text and len(calls) == 2
        clock.advance(timedelta(milliseconds=200))
        assert "第3次公告" in (await b.get("/board")).text and len(calls) == 3
        # a refusal is passed on to everyone waiting for it and never kept
        refused = await asyncio.gather(
            *(b.get("/board", params={"township": "620821109"}) for _ in range(5))
        )
        assert all(r.status_code == 422 for r in refused)
        await b.get("/board", params={"township": "620821109"})
        assert len(calls) == 5
    await app.state.upstream.aclose()


async def test_X3_a_public_page_without_a_form_sets_no_session_cookie(tmp_path) -> None:
    """An anonymous visitor of the board gets no cookie (nothing signed per visitor); a
    page with a form still gets its session's CSRF token."""
    app = create_portal_app(make_settings(data_dir=tmp_path), apps={"listing": fake_listing([])})
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://portal.test",
        headers={"Accept": "text/html"},
    ) as b:
        board = await b.get("/board")
        assert board.status_code == 200 and "set-cookie" not in board.headers
        sign_in = await b.get("/sign-in")
        assert "set-cookie" in sign_in.headers and 'name="csrf_token" value="' in sign_in.text
        token = sign_in.text.split('name="csrf_token" value="')[1].split('"')[0]
        again = await b.get("/sign-in")  # the same session, the same token
        assert token in again.text
    await app.state.upstream.aclose()
