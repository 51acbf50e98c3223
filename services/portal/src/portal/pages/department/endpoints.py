"""The county department console — 县级主管部门: the pre-review queue (前置审核, L4)
with the registry's title search shown beside the listing; confirm ownership, or reject
with reasons (the service adds every title problem it finds, all at once).

Every call carries the officer's own token: the title search is the registry's
``GET /rights/{cert}/title-search`` as the department may call it, the decision is
listing's ``POST /listings/{id}/pre-review`` (which searches the title again itself).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal import labels
from portal.console import (
    LISTING_SORTS,
    Queue,
    Refused,
    add_queue_page,
    confirm_page,
    confirmed,
    console_frame,
    form_page,
    kept_fields,
    staff_of,
)
from portal.pages.township.endpoints import (
    COLUMNS,
    DOCUMENTS,
    SELLER_KINDS,
    STATUSES,
    staff_listing,
)
from portal.session import Visitor, check_csrf
from portal.views import redirect_with_notice

router = APIRouter()

BASE = "/console/department"
ROLE = "county_department"

QUEUES: tuple[Queue, ...] = (
    Queue("pre_review", "待前置审核", "pre_review", "乡镇初审同意的申请，等待产权查档和权属确认"),
)
FLAGS = {"disputed": "权属争议", "seized": "查封", "expropriation": "征收范围内"}
FIELD_LABELS = {
    "ownership_confirmed": "权属确认",
    "opinion": "审核意见",
    "lienholder_consents": "抵押权人同意",
}


_page = console_frame(
    "县级主管部门",
    [(BASE, "前置审核队列")],
    labels=FIELD_LABELS,
    statuses=STATUSES,
    products=labels.PRODUCTS,
    ways=labels.WAYS,
    seller_kinds=SELLER_KINDS,
    documents=DOCUMENTS,
    flags=FLAGS,
)


add_queue_page(
    router,
    BASE,
    role=ROLE,
    queues=QUEUES,
    sorts=LISTING_SORTS,
    render=_page,
    template="console/department_queue.html",
    description="前置审核队列: oldest first, with its count.",
    columns=COLUMNS,
)


async def _detail(
    request: Request, me: Visitor, listing_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None, str]:
    """The listing, its materials and the registry's title search (or why there is none)."""
    found = await staff_listing(request, me, listing_id)
    listing, docs = found
    upstream = request.app.state.upstream
    cert = listing.get("right_certificate_no")
    title: dict[str, Any] | None = None
    why = "该标的没有权证编号，无需产权查档（L4）。"
    if cert:
        search = await upstream.get(
            "registry", f"/rights/{quote(cert, safe='')}/title-search", token=me.token
        )
        if search.status_code == 200:
            title, why = search.json(), ""
        elif search.status_code == 404:
            why = f"登记簿中没有权证 {cert}：前置审核将不予通过（L4）。"
        else:
            why = f"产权查档未能完成：{Refused.of(search).title}"
    return listing, docs, title, why


async def _detail_page(
    request: Request,
    me: Visitor,
    listing_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    found = await _detail(request, me, listing_id)
    listing, docs, title, why = found
    return form_page(
        request,
        "console/department_listing.html",
        refused,
        form,
        frame=_page,
        item=listing,
        docs=docs,
        title=title,
        why=why,
    )


@router.get(f"{BASE}/listings/{{listing_id}}")
async def listing_page(request: Request, listing_id: str) -> Response:
    """The listing with the registry's title search beside it, and the decision form."""
    me = staff_of(request, ROLE)
    return await _detail_page(request, me, listing_id)


@router.post(f"{BASE}/listings/{{listing_id}}/pre-review")
async def pre_review_post(
    request: Request, listing_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """确认或退回: after confirmation; a refusal is shown with its fields, nothing kept."""
    me = staff_of(request, ROLE)
    kept = kept_fields(form)
    decision = kept.get("ownership_confirmed")
    opinion = kept.get("opinion", "").strip()
    # every ticked lien (check_csrf's dict keeps one value per name; the form is cached)
    consents = [str(v) for v in (await request.form()).getlist("lienholder_consents")]
    kept.pop("lienholder_consents", None)
    own: dict[str, str] = {}
    if decision not in ("yes", "no"):
        own["ownership_confirmed"] = "请选择确认权属或退回"
    if not opinion:
        own["opinion"] = "请填写审核意见（退回时写明理由）"
    if own:
        return await _detail_page(request, me, listing_id, Refused.local("L4", own), kept)
    back = f"{BASE}/listings/{listing_id}"
    if not confirmed(form):
        found = await _detail(request, me, listing_id)
        listing = found[0]
        facts = [("项目", listing["title"]), ("审核意见", opinion)]
        facts += [("抵押权人同意", c) for c in consents]
        return confirm_page(
            request,
            frame=_page,
            heading="确认权属，前置审核通过" if decision == "yes" else "权属未确认，退回窗口",
            warning="前置审核结论提交后不能撤回；登记机构的查档问题会一并退回。",
            verb="提交审核结论",
            action=f"{back}/pre-review",
            back=back,
            facts=facts,
            kept=kept,
            consents=consents,
        )
    body = {
        "ownership_confirmed": decision == "yes",
        "opinion": opinion,
        "lienholder_consents": consents,
    }
    r = await request.app.state.upstream.call(
        "listing", "POST", f"/listings/{listing_id}/pre-review", token=me.token, json=body
    )
    if r.status_code != 200:
        return await _detail_page(request, me, listing_id, Refused.of(r), kept)
    after = r.json()
    return redirect_with_notice(
        request,
        "前置审核通过，已转交易中心登记。"
        if after.get("status") == "pre_reviewed"
        else f"已退回窗口，共 {len(after.get('return_reasons') or [])} 条理由一次性告知。",
        BASE,
    )
