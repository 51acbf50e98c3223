"""贷款测算 — what can my right borrow? (public; R6, R7, G3, G4).

The farmer enters the right's origin, area, remaining years and annual rent; the
registry values it by its own rule (R6) and gives the normal and maximum loan (R7); the
guarantee service quotes Quangengdai for the maximum loan (G3 range, G4 rate cap and
fee). Nothing is stored. Picking a certified right when signed in is not built yet.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from portal.app import render
from portal.pages.board import problem_text

router = APIRouter()

ORIGINS = {"family_contract": "家庭承包取得", "transfer": "流转取得"}


@router.get("/loan")
async def loan(
    request: Request,
    origin: str | None = Query(None, max_length=20),
    area_mu: str | None = Query(None, max_length=20),
    annual_price_per_mu: str | None = Query(None, max_length=20),
    years: str | None = Query(None, max_length=10),
) -> Response:
    form = {
        "origin": origin or "family_contract",
        "area_mu": area_mu or "",
        "annual_price_per_mu": annual_price_per_mu or "",
        "years": years or "",
    }
    if not (area_mu or annual_price_per_mu or years):
        return render(request, "loan.html", form=form, origins=ORIGINS)
    upstream = request.app.state.upstream
    r = await upstream.call("registry", "POST", "/valuation/estimate", json=form)
    if r.status_code != 200:
        return render(request, "loan.html", 422, form=form, origins=ORIGINS, error=problem_text(r))
    estimate: dict[str, Any] = r.json()
    q = await upstream.call(
        "guarantee", "POST", "/quote", json={"amount": estimate["max_loan"]["amount"]}
    )
    quote = q.json() if q.status_code == 200 else None
    return render(request, "loan.html", form=form, origins=ORIGINS, estimate=estimate, quote=quote)
