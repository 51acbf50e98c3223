"""The exchange centre's L9 and L15 checks — 强制进场与入市条件核查 (issue 19).

- A listing's check page: listing's ``GET /listings/{id}/checks`` — whether a collective
  asset must trade in the exchange (L9: the value against the county's threshold) and,
  for collective commercial construction land, the L15 facts (two preconditions, three
  negatives, the use, the planning conditions, the statutory terms) with every problem
  the listing service finds. Read only: the facts are the application's, corrected
  through the township's correction; listing has no flag to clear.
- The off-exchange records (L9): the county's collective assets found traded outside the
  exchange (listing's ``GET /off-exchange-flags``) and the form that records one (its
  ``POST``, confirmed first: the record is permanent and a violation counts in L25).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal.console import Refused, confirm_page, confirmed, fetch, form_page, kept_fields, staff_of
from portal.pages.centre.endpoints import BASE, ID, ROLE
from portal.pages.centre.endpoints import frame as centre_page
from portal.session import check_csrf
from portal.views import fetch_json, not_found, redirect_with_notice

router = APIRouter()

OFF = f"{BASE}/off-exchange"
ASSET_KINDS = {"non_land": "非土地资产（须进场，L9）", "land": "土地"}
FIELD_LABELS = {
    "collective_id": "集体经济组织编号",
    "asset": "资产",
    "asset_kind": "资产类别",
    "value": "价值（元）",
    "note": "说明",
}
L15_FACTS = (
    ("spatial_plan_done", "已编制国土空间规划", True),
    ("ownership_registered", "所有权、使用权已登记", True),
    ("converted_farmland", "农用地新转建设用地", False),
    ("is_homestead", "宅基地", False),
    ("for_commercial_housing", "用于商品住宅开发", False),
)
LAND_USES = {
    "industrial": "工业",
    "commercial": "商业",
    "affordable_rental_housing": "保障性租赁住房",
}


@router.get(f"{BASE}/listings/{{listing_id}}/checks")
async def checks_page(request: Request, listing_id: str) -> Response:
    """L9 和 L15 核查: the listing's checks as the listing service finds them now."""
    me = staff_of(request, ROLE)
    if not ID.match(listing_id):
        return not_found(request, "没有这个项目。")
    r = await fetch(request, me, "listing", f"/listings/{listing_id}")
    c = await fetch(request, me, "listing", f"/listings/{listing_id}/checks")
    return centre_page(
        request,
        "console/centre_checks.html",
        item=r,
        checks=c,
        l15_facts=L15_FACTS,
        land_uses=LAND_USES,
    )


async def _off_exchange(
    request: Request, token: str, refused: Refused | None = None, form: dict[str, Any] | None = None
) -> Response:
    flags = await fetch_json(request, "listing", "/off-exchange-flags", token=token)
    return form_page(
        request,
        "console/centre_off_exchange.html",
        refused,
        form or {"asset_kind": "non_land"},
        frame=centre_page,
        flags=sorted(flags, key=lambda f: -int(f["id"])),  # newest first
        asset_kinds=ASSET_KINDS,
        labels=FIELD_LABELS,
    )


@router.get(OFF)
async def off_exchange_page(request: Request) -> Response:
    """场外交易记录 (L9): the county's records, newest first, and the form for a new one."""
    me = staff_of(request, ROLE)
    assert me.token
    return await _off_exchange(request, me.token)


@router.post(OFF)
async def off_exchange_record(request: Request, form: dict = Depends(check_csrf)) -> Response:
    """Record a collective asset traded outside the exchange (L9), confirmed first; the
    listing service decides whether it is a violation (non-land, above the threshold)."""
    me = staff_of(request, ROLE)
    assert me.token
    kept = {k: v.strip() for k, v in kept_fields(form).items() if k in FIELD_LABELS}
    own = {
        name: f"请填写{FIELD_LABELS[name]}"
        for name in ("collective_id", "asset", "value")
        if not kept.get(name)
    }
    if kept.get("asset_kind") not in ASSET_KINDS:
        own["asset_kind"] = "请选择资产类别"
    if own:
        return await _off_exchange(request, me.token, Refused.local("L9", own), kept)
    if not confirmed(form):
        facts = [(FIELD_LABELS[k], ASSET_KINDS.get(v, v)) for k, v in kept.items() if v]
        return confirm_page(
            request,
            frame=centre_page,
            heading="登记场外交易",
            warning="登记后不能撤回；非土地资产超过县定限额即为违规，计入市场监测月报（L9、L25）。",
            verb="登记",
            action=OFF,
            back=OFF,
            facts=facts,
            kept=kept,
        )
    r = await request.app.state.upstream.call(
        "listing", "POST", "/off-exchange-flags", token=me.token, json=kept
    )
    if r.status_code != 201:
        return await _off_exchange(request, me.token, Refused.of(r), kept)
    violation = r.json().get("violation")
    return redirect_with_notice(
        request, "已登记场外交易" + ("，属违规（L9）。" if violation else "。"), OFF
    )
