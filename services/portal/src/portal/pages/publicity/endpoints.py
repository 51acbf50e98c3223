"""Publicity pages (public) — 成交公示 / 合同公示 (L14) and 抵押公示 (R9).

Results and contracts come from listing's public board (personal data masked there);
the mortgage publicity from the registry's public ``/publicity`` (masked there).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from portal import labels
from portal.pages.board.cache import PAGE_SIZE
from portal.views import fetch_json, render

router = APIRouter()

KINDS = {"results": ("concluded", "成交公示"), "contracts": ("contracted", "合同公示")}
_COUNTY = re.compile(r"^[0-9]{6}$")


@router.get("/results")
async def results(
    request: Request,
    kind: str = Query("results", pattern="^(results|contracts)$"),
    page: int = Query(1, ge=1, le=500),
) -> Response:
    """成交公示 (concluded) and 合同公示 (contracted), newest first."""
    status, title = KINDS[kind]
    upstream = request.app.state.upstream
    params = {"status": status, "limit": PAGE_SIZE + 1, "offset": (page - 1) * PAGE_SIZE}
    rows = await fetch_json(request, "listing", "/board/listings", **params)
    more = len(rows) > PAGE_SIZE

    async def detail(item: dict[str, Any]) -> dict[str, Any]:
        d = await upstream.get("listing", f"/board/listings/{item['id']}")
        return d.json() if d.status_code == 200 else item

    details = await asyncio.gather(*(detail(x) for x in rows[:PAGE_SIZE]))
    return render(
        request,
        "results.html",
        rows=details,
        kind=kind,
        title=title,
        page=page,
        more=more,
        labels=labels,
    )


@router.get("/mortgages")
async def mortgages(request: Request, county: str = Query("620821", max_length=6)) -> Response:
    """抵押公示: the county's mortgaged rights (R9), read without a token."""
    if not _COUNTY.match(county):
        county = "620821"
    rows = await fetch_json(request, "registry", "/publicity", county=county)
    return render(
        request,
        "mortgages.html",
        rows=rows,
        county=county,
        labels=labels,
    )
