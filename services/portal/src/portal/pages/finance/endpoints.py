"""The county finance console — 县财政工作台: the county's Quangengdai funds (the risk
compensation fund and the reward pool, G8): balance, the payment queue head first with
what blocks it, every ledger entry, and the fund balance over time as a chart beside its
table; a deposit into either fund (confirmed first: it pays the queued payments it now
covers, oldest first, and cannot be undone). The other payments stay in the API.

Every read carries the officer's own token; the guarantee service decides (its county
only, X3) and keeps the ledger: the page only adds the running balance to show it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal.console import Refused, confirm_page, confirmed, fetch, form_page, kept_fields, staff_of
from portal.personas import COUNTY
from portal.quangengdai import add_g9_pages
from portal.session import Visitor, check_csrf
from portal.views import redirect_with_notice, render

router = APIRouter()

BASE = "/console/finance"
ROLE = "county_finance"
FUNDS = {"risk_fund": "风险补偿基金", "reward_pool": "奖补资金池"}
FIELD_LABELS = {"fund": "资金", "amount": "金额（元）", "note": "依据"}
PAYMENT_KINDS = {"compensation": "代偿补偿", "reward": "奖补", "subsidy": "贴息"}


def running_balance(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each ledger entry with the balance after it (the service's order: oldest first)."""
    total = Decimal(0)
    out: list[dict[str, Any]] = []
    for e in entries:
        total += Decimal(str(e["delta"]))
        out.append(e | {"balance_after": f"{total:.2f}"})
    return out


LINKS = [(BASE, "县级资金"), (f"{BASE}/report", "季报年报"), (f"{BASE}/filings", "统计报送")]


@router.get(BASE)
async def funds_page(request: Request) -> Response:
    """县级资金: both funds of the officer's county and a deposit form for each."""
    me = staff_of(request, ROLE)
    return await _funds(request, me)


async def _funds(
    request: Request,
    me: Visitor,
    refused: Refused | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    # the portal serves one county (青阳县); another county's officer gets the service's 403
    who = COUNTY
    funds: list[dict[str, Any]] = []
    for fund, label in FUNDS.items():
        r = await fetch(request, me, "guarantee", f"/funds/{who}/{fund}")
        view = r
        view["label"] = label
        view["entries"] = running_balance(view.get("entries") or [])
        funds.append(view)
    return form_page(
        request,
        "console/finance_funds.html",
        refused,
        form,
        console_label="县财政",
        links=LINKS,
        funds=funds,
        payment_kinds=PAYMENT_KINDS,
        flash=request.session.pop("flash", None),
        fund_labels=FUNDS,
        labels=FIELD_LABELS,
    )


@router.post(f"{BASE}/deposits")
async def deposit(request: Request, form: dict = Depends(check_csrf)) -> Response:
    """存入资金 (G8): the amount and why, confirmed first; the guarantee service pays the
    queued payments the deposit now covers. A refusal is shown on its field, nothing
    changed."""
    me = staff_of(request, ROLE)
    kept = {k: v.strip() for k, v in kept_fields(form).items() if k in FIELD_LABELS}
    fund = kept.get("fund", "")
    own: dict[str, str] = {}
    if fund not in FUNDS:
        own["fund"] = "请选择风险补偿基金或奖补资金池"
    if not kept.get("amount"):
        own["amount"] = "请填写存入金额"
    if not kept.get("note"):
        own["note"] = "请填写资金来源或依据（预算科目、决定文号）"
    if own:
        return await _funds(request, me, Refused.local("G8", own), kept)
    if not confirmed(form):
        return confirm_page(
            request,
            console_label="县财政",
            links=LINKS,
            heading=f"存入{FUNDS[fund]}",
            warning="存入后按先进先出自动支付排队中可覆盖的款项，不能撤回（G8）。",
            verb="存入",
            action=f"{BASE}/deposits",
            back=BASE,
            facts=[("资金", FUNDS[fund]), ("金额（元）", kept["amount"]), ("依据", kept["note"])],
            kept=kept,
        )
    r = await request.app.state.upstream.call(
        "guarantee",
        "POST",
        f"/funds/{COUNTY}/{fund}/deposits",
        token=me.token,
        json={"amount": kept["amount"], "note": kept["note"]},
    )
    if r.status_code != 201:
        return await _funds(request, me, Refused.of(r), kept)
    paid = r.json().get("paid_from_queue") or []
    return redirect_with_notice(
        request, f"已存入{FUNDS[fund]}，支付排队款项 {len(paid)} 笔。", BASE
    )


def _frame(request: Request, template: str, **context: Any) -> Response:
    return render(request, template, console_label="县财政", links=LINKS, flash=None, **context)


add_g9_pages(router, BASE, role=ROLE, render=_frame)
