"""The county finance console — 县财政工作台: the county's Quangengdai funds (the risk
compensation fund and the reward pool, G8): balance, the payment queue head first with
what blocks it, every ledger entry, and the fund balance over time as a chart beside its
table. Read only for now: deposits and payments stay in the guarantee service's API.

Every read carries the officer's own token; the guarantee service decides (its county
only, X3) and keeps the ledger: the page only adds the running balance to show it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.console import staff_of
from portal.filings import REPORTS, filed_versions
from portal.personas import COUNTY
from portal.views import refusal, render

router = APIRouter()

BASE = "/console/finance"
ROLE = "county_finance"
FUNDS = {"risk_fund": "风险补偿基金", "reward_pool": "奖补资金池"}
PAYMENT_KINDS = {"compensation": "代偿补偿", "reward": "奖补", "subsidy": "贴息"}


def running_balance(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each ledger entry with the balance after it (the service's order: oldest first)."""
    total = Decimal(0)
    out: list[dict[str, Any]] = []
    for e in entries:
        total += Decimal(str(e["delta"]))
        out.append(e | {"balance_after": f"{total:.2f}"})
    return out


@router.get(BASE)
async def funds_page(request: Request) -> Response:
    """县级资金: both funds of the officer's county, read only."""
    me = staff_of(request, ROLE)
    if isinstance(me, Response):
        return me
    # the portal serves one county (青阳县); another county's officer gets the service's 403
    who = COUNTY
    funds: list[dict[str, Any]] = []
    for fund, label in FUNDS.items():
        r = await request.app.state.upstream.get(
            "guarantee", f"/funds/{who}/{fund}", token=me.token
        )
        if r.status_code != 200:
            return refusal(request, r)
        view = r.json()
        view["label"] = label
        view["entries"] = running_balance(view.get("entries") or [])
        funds.append(view)
    return render(
        request,
        "console/finance_funds.html",
        console_label="县财政",
        links=[(BASE, "县级资金"), (f"{BASE}/filings", "统计报送")],
        funds=funds,
        payment_kinds=PAYMENT_KINDS,
        flash=None,
    )


@router.get(f"{BASE}/filings")
async def filings_page(request: Request) -> Response:
    """统计报送: the county's G9 filings, each as its PDF and its spreadsheet (X7)."""
    me = staff_of(request, ROLE)
    if isinstance(me, Response):
        return me
    report = REPORTS["G9"]
    rows = await filed_versions(request, me.token, report)
    if isinstance(rows, Response):
        return rows
    return render(
        request,
        "console/filings.html",
        console_label="县财政",
        links=[(BASE, "县级资金"), (f"{BASE}/filings", "统计报送")],
        base=f"{BASE}/filings",
        report=report,
        reports=[report],
        filings=rows,
        flash=None,
    )
