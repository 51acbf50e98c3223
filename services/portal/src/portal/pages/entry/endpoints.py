"""入市 pages (issue 22) — the natural resources bureau's queue (县自然资源局: plans
waiting to be listed in the supply plan or for the joint review, contracts waiting for
their filing with the 30-day deadline and the late flag) with the filing as a form; the
village officer's 入市 queue (its plans and deals by stage); and the public disclosure
page (入市信息公开: the supply plan, results and E11's disclosure, E16).

Every call carries the person's own token; the collective service decides (X3) and its
refusals are shown in Chinese with the field highlighted. The public page reads the
collective's public board, where nothing personal is shown.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from portal import labels
from portal.console import ID, Refused, console_frame, fetch, form_page, kept_fields, staff_of
from portal.personas import COUNTY
from portal.session import Visitor, check_csrf
from portal.views import fetch_json, redirect_with_notice, render

router = APIRouter()

BUREAU_BASE = "/console/entry/bureau"
VILLAGE_BASE = "/console/entry/village"
BUREAU_ROLE = "natural_resources_bureau"
VILLAGE_ROLE = "village_homestead_officer"
_COUNTY = re.compile(r"^[0-9]{6}$")

USES = {"commercial": "商业", "industrial": "工业", "affordable_rental_housing": "保障性租赁住房"}
#: E16: the base land price table's uses (listing's L22 table), as the board names them
PRICE_USES = {
    "retail_commercial": "零售商业",
    "wholesale_market": "批发市场",
    "catering_hotel_entertainment": "餐饮旅馆娱乐",
    "business_finance": "商务金融",
    "other_commercial": "其他商服",
    "residential": "住宅",
    "industrial": "工业",
    "storage": "仓储",
    "public_utilities": "公用设施",
    "public_culture_education": "公共文化教育",
    "public_medical_welfare": "医疗慈善",
}
WAYS = {
    "transfer": "出让",
    "lease": "出租",
    "equity": "作价入股",
    "joint_venture": "联营",
    "lease_then_transfer": "先租后让",
    "lease_and_transfer": "租让结合",
    "flexible_term": "弹性年期",
}
PLAN_STATUSES = {"decided": "已决议待审", "cleared": "已通过联审"}
DEAL_STATUSES = {
    "in_publicity": "成交公示中",
    "contracted": "已签合同待备案",
    "filed": "已备案待结算",
    "settled": "已结算",
}
FIELD_LABELS = {
    "filing_no": "备案编号",
    "deal_id": "成交",
    "supply_plan_id": "供应计划",
    "user_signer": "土地使用权人签字人",
    "user_signed_on": "签字日期",
}


#: the two consoles' page frames (a refusal's ``failed`` names the form it came from)
_bureau = console_frame(
    "县自然资源局 · 入市", [(BUREAU_BASE, "入市工作队列")], labels=FIELD_LABELS, uses=USES
)
_village = console_frame(
    "村级 · 集体经营性建设用地入市",
    [(VILLAGE_BASE, "入市工作队列")],
    labels=FIELD_LABELS,
    uses=USES,
)


# --- the natural resources bureau -------------------------------------------------------


async def _bureau_page(
    request: Request,
    me: Visitor,
    refused: Refused | None = None,
    failed: str = "",
    form: dict[str, str] | None = None,
) -> Response:
    county = COUNTY  # the portal serves one county; another county's bureau gets the 403
    plans = await fetch(
        request, me, "collective", f"/counties/{county}/entry-plans", status="decided"
    )
    deals = await fetch(
        request, me, "collective", f"/counties/{county}/entry-deals", status="contracted"
    )
    return form_page(
        request,
        "console/entry_bureau.html",
        refused,
        form,
        frame=_bureau,
        to_list=[p for p in plans if not p["supply_plan_id"]],
        to_review=[p for p in plans if p["supply_plan_id"]],
        to_file=deals,
        ways=WAYS,
        failed=failed,
    )


@router.get(BUREAU_BASE)
async def bureau_queue(request: Request) -> Response:
    """县自然资源局: plans to list in the supply plan, plans in joint review, contracts
    to file (the 30-day deadline, late ones flagged)."""
    me = staff_of(request, BUREAU_ROLE)
    return await _bureau_page(request, me)


@router.post(f"{BUREAU_BASE}/deals/{{deal_id}}/filing")
async def bureau_filing(
    request: Request, deal_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """备案: the contract's filing number; a refusal is shown with its field, nothing kept."""
    me = staff_of(request, BUREAU_ROLE)
    kept = kept_fields(form)
    filing_no = kept.get("filing_no", "").strip()
    if not ID.match(deal_id):
        return await _bureau_page(request, me, Refused.local("E9", {"deal_id": "成交编号有误"}))
    if not filing_no:
        own = Refused.local("E9", {"filing_no": "请填写备案编号"})
        return await _bureau_page(request, me, own, deal_id, kept)
    r = await request.app.state.upstream.call(
        "collective",
        "POST",
        f"/entry-deals/{deal_id}/filing",
        token=me.token,
        json={"filing_no": filing_no},
    )
    if r.status_code != 200:
        return await _bureau_page(request, me, Refused.of(r), deal_id, kept)
    after = r.json()
    late = "（逾期备案）" if after.get("filing_late") else ""
    return redirect_with_notice(
        request, f"合同 {after.get('contract_no')} 已备案{late}。", BUREAU_BASE
    )


# --- the collective's village officer -------------------------------------------------


async def _village_page(
    request: Request,
    me: Visitor,
    refused: Refused | None = None,
    failed: str = "",
    form: dict[str, str] | None = None,
) -> Response:
    collectives = await fetch(request, me, "collective", "/collectives")
    plans: list[dict[str, Any]] = []
    deals: list[dict[str, Any]] = []
    for c in collectives:
        got = await fetch(request, me, "collective", f"/collectives/{c['id']}/entry-plans")
        plans += got
        got = await fetch(request, me, "collective", f"/collectives/{c['id']}/entry-deals")
        deals += got
    to_sign = []  # the tripartite agreements the government side has signed (E10)
    for d in deals:
        if d["status"] != "in_publicity":
            sup = await fetch(request, me, "collective", f"/entry-deals/{d['id']}/supervision")
            if sup["status"] == "drafted":
                to_sign.append(d | {"checklist": sup["checklist"]})
    return form_page(
        request,
        "console/entry_village.html",
        refused,
        form,
        frame=_village,
        plans=plans,
        deals=deals,
        to_sign=to_sign,
        plan_statuses=PLAN_STATUSES,
        deal_statuses=DEAL_STATUSES,
        failed=failed,
    )


@router.get(VILLAGE_BASE)
async def village_queue(request: Request) -> Response:
    """村级: its collective's 入市 plans and deals, each stage with its next step, and the
    tripartite agreements waiting for the collective's and the user's signatures."""
    me = staff_of(request, VILLAGE_ROLE)
    return await _village_page(request, me)


@router.post(f"{VILLAGE_BASE}/deals/{{deal_id}}/signatures")
async def village_signatures(
    request: Request, deal_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """三方监管协议签字 (E10): the collective signs, with the user's signature as on the
    paper agreement; a refusal is shown with its fields, nothing kept."""
    me = staff_of(request, VILLAGE_ROLE)
    kept = kept_fields(form)
    signer = kept.get("user_signer", "").strip()
    signed_on = kept.get("user_signed_on", "").strip()
    if not ID.match(deal_id):
        return await _village_page(request, me, Refused.local("E10", {"deal_id": "成交编号有误"}))
    own = {}
    if not signer:
        own["user_signer"] = "请填写土地使用权人签字人"
    if not signed_on:
        own["user_signed_on"] = "请填写签字日期"
    if own:
        return await _village_page(request, me, Refused.local("E10", own), deal_id, kept)
    r = await request.app.state.upstream.call(
        "collective",
        "POST",
        f"/entry-deals/{deal_id}/supervision/signatures",
        token=me.token,
        json={"user_signer": signer, "user_signed_on": signed_on},
    )
    if r.status_code != 200:
        return await _village_page(request, me, Refused.of(r), deal_id, kept)
    return redirect_with_notice(request, "三方监管协议已签署，监管开始。", VILLAGE_BASE)


# --- the public disclosure ----------------------------------------------------------------


@router.get("/entry-disclosure")
async def disclosure(request: Request, county: str = Query(COUNTY, max_length=6)) -> Response:
    """入市信息公开 (E16): the policies, reference prices, supply plans, results and E11's
    disclosure, no token."""
    if not _COUNTY.match(county):
        county = COUNTY
    got: dict[str, Any] = {}
    for key in ("supply-plans", "results", "disclosures"):
        got[key] = await fetch_json(request, "collective", f"/board/entry/{key}", county=county)
    # E16: the county's policy documents (collective) and the construction-land base
    # prices in force as the reference prices (listing's L22 table, not a copy)
    got["policies"] = await fetch_json(
        request, "collective", "/board/entry/policies", county=county
    )
    got["prices"] = await fetch_json(request, "listing", "/board/reference-prices", county=county)
    return render(
        request,
        "entry_disclosure.html",
        policies=got["policies"],
        prices=got["prices"],
        price_uses=PRICE_USES,
        county=county,
        supply=got["supply-plans"],
        results=got["results"],
        disclosures=got["disclosures"],
        uses=USES,
        ways=WAYS,
        deal_statuses=DEAL_STATUSES,
        labels=labels,
    )
