"""贷款测算 — what can my right borrow? (public; R6, R7, G3, G4).

The farmer enters the right's origin, area, remaining years and annual rent — or, signed
in, picks one of their own certified rights (the registry's ``GET /me/rights``), which
fills in the origin, the area, the remaining years and, for transferred land, the rent;
the registry values it by its own rule (R6) and gives the normal and maximum loan (R7);
the guarantee service quotes Quangengdai for the maximum loan (G3 range, G4 rate cap
and fee). Nothing is stored.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from common.clock import local_date
from portal.session import visitor
from portal.views import problem_text, render

router = APIRouter()

ORIGINS = {"family_contract": "家庭承包取得", "transfer": "流转取得"}
DAYS_PER_YEAR = Decimal("365.25")


def remaining_years(right: dict[str, Any], today: date) -> str | None:
    """Whole remaining years of a right, two decimals, rounded down (never more than the
    ledger gives): to the rent paid for a transferred right, to the term's end otherwise."""
    end = right.get("term_end")
    if right.get("origin") == "transfer" and right.get("rent_paid_until"):
        end = right["rent_paid_until"]
    if not end:
        return None
    days = (date.fromisoformat(str(end)) - today).days
    if days <= 0:
        return None
    years = (Decimal(days) / DAYS_PER_YEAR).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return str(min(years, Decimal(70)))


@router.get("/loan")
async def loan(
    request: Request,
    origin: str | None = Query(None, max_length=20),
    area_mu: str | None = Query(None, max_length=20),
    annual_price_per_mu: str | None = Query(None, max_length=20),
    years: str | None = Query(None, max_length=10),
    certificate_no: str | None = Query(None, max_length=64),
) -> Response:
    me = visitor(request)
    upstream = request.app.state.upstream
    form = {
        "origin": origin or "family_contract",
        "area_mu": area_mu or "",
        "annual_price_per_mu": annual_price_per_mu or "",
        "years": years or "",
    }
    page: dict[str, Any] = {"form": form, "origins": ORIGINS, "rights": None, "picked": None}
    if me.signed_in:
        mine = await upstream.get("registry", "/me/rights", token=me.token)
        page["rights"] = mine.json() if mine.status_code == 200 else None
    if certificate_no:
        if not me.signed_in:
            return render(request, "loan.html", 401, **page, error="请先登录后再选择已登记的权利。")
        r = await upstream.get("registry", f"/rights/{certificate_no}", token=me.token)
        if r.status_code != 200:  # not theirs (X3) or no such right: the registry's words
            return render(request, "loan.html", r.status_code, **page, error=problem_text(r))
        right = r.json()
        page["picked"] = right
        form["origin"] = right["origin"] if right["origin"] in ORIGINS else form["origin"]
        form["area_mu"] = str(right["area_mu"])
        form["years"] = remaining_years(right, local_date(request.app.state.clock.now())) or ""
        if right.get("annual_rent_per_mu") and not annual_price_per_mu:
            form["annual_price_per_mu"] = str(right["annual_rent_per_mu"])
        if not form["years"]:
            return render(
                request, "loan.html", 422, **page, error="该权利已到期，无剩余年限可测算。"
            )
        if not form["annual_price_per_mu"]:  # the farmer still gives the local price
            return render(request, "loan.html", **page, need_price=True)
    if not (form["area_mu"] or form["annual_price_per_mu"] or form["years"]):
        return render(request, "loan.html", **page)
    r = await upstream.call("registry", "POST", "/valuation/estimate", json=form)
    if r.status_code != 200:
        return render(request, "loan.html", 422, **page, error=problem_text(r))
    estimate: dict[str, Any] = r.json()
    q = await upstream.call(
        "guarantee", "POST", "/quote", json={"amount": estimate["max_loan"]["amount"]}
    )
    quote = q.json() if q.status_code == 200 else None
    return render(request, "loan.html", **page, estimate=estimate, quote=quote)
