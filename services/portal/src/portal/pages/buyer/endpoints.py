"""The buyer's pages — 意向受让方: register interest with materials (L6), declare a
priority right with proof (L10), and see qualification, deposit and what to do next.

Every call carries the buyer's own token: the listing service decides (a barred party,
a closed announcement, a wrong file are its refusals, shown in its words).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from portal import labels
from portal.access import buyer_of, sign_in_first
from portal.console import fetch
from portal.pages.board.endpoints import LISTING_ID
from portal.session import check_csrf, file_part, uploaded, visitor
from portal.views import PageAnswer, error_page, not_found, problem_text, refusal, render

router = APIRouter()

BUYER_KINDS = {
    "natural_person": "自然人",
    "family_farm": "家庭农场",
    "cooperative": "农民专业合作社",
    "business_enterprise": "企业",
    "collective": "农村集体经济组织",
    "other_organization": "其他组织",
    "foreign_invested": "外商投资企业",
}
REGISTRATION_STATUSES = {"pending": "待审核", "qualified": "资格审核通过", "rejected": "未通过审核"}


def _not_a_buyer(request: Request) -> Response:
    return error_page(
        request, 403, "无权操作 · Not allowed", "只有以意向受让方（买受人）身份登录才能报名。", "X3"
    )


async def _listing(request: Request, listing_id: str) -> dict[str, Any]:
    if not LISTING_ID.match(listing_id):
        raise PageAnswer(not_found(request, "没有这个交易项目。"))
    r = await request.app.state.upstream.get("listing", f"/board/listings/{listing_id}")
    if r.status_code != 200:
        raise PageAnswer(refusal(request, r))
    return r.json()


@router.get("/board/{listing_id}/register")
async def register_page(request: Request, listing_id: str) -> Response:
    """报名: the form, for a signed-in buyer while the announcement runs."""
    if not visitor(request).signed_in:
        return sign_in_first(request)
    if buyer_of(request) is None:
        return _not_a_buyer(request)
    item = await _listing(request, listing_id)
    return render(request, "register.html", item=item, kinds=BUYER_KINDS, form={}, errors=[])


@router.post("/board/{listing_id}/register")
async def register_post(
    request: Request, listing_id: str, form: dict = Depends(check_csrf)
) -> Response:
    if not visitor(request).signed_in:
        return error_page(request, 401, "请先登录 · Sign in first", "请先登录再报名。", "X3")
    me = buyer_of(request)
    if me is None:
        return _not_a_buyer(request)
    item = await _listing(request, listing_id)
    identity, proof = uploaded(form, "identity"), uploaded(form, "priority_proof")
    claimed = form.get("priority_claimed") == "yes"
    errors: list[str] = []
    if identity is None:
        errors.append("请上传身份证明（identity: a file is required, L6）")
    limit = request.app.state.settings.max_document_bytes
    for field, upload in (("identity", identity), ("priority_proof", proof)):
        if upload is not None and (upload.size or 0) > limit:
            mb = limit // (1024 * 1024)
            errors.append(f"文件过大，不得超过 {mb} MB（{field}: larger than the limit, L6）")
    if claimed and proof is None:
        errors.append("声明优先权须上传优先权证明（priority_proof: required with a claim, L10）")
    if not errors:
        body: dict[str, Any] = {
            "party_id": me.party_id,
            "name": str(form.get("name", "")).strip(),
            "buyer_kind": str(form.get("buyer_kind", "")),
            "phone": str(form.get("phone", "")).strip(),
            "priority_claimed": claimed,
            "priority_basis": (str(form.get("priority_basis", "")).strip() or None)
            if claimed
            else None,
        }
        upstream = request.app.state.upstream
        r = await upstream.call(
            "listing", "POST", f"/listings/{listing_id}/registrations", token=me.token, json=body
        )
        if r.status_code == 201:
            reg = r.json()
            for doc_type, upload in (("identity", identity), ("priority_proof", proof)):
                if upload is None:
                    continue
                sent = await upstream.call(
                    "listing",
                    "POST",
                    f"/registrations/{reg['id']}/documents",
                    token=me.token,
                    data={"doc_type": doc_type},
                    files={"file": await file_part(upload)},
                )
                if sent.status_code != 201:
                    # the registration stands; the page says which file to send again
                    request.session["flash"] = f"材料未能上传：{problem_text(sent)}"
                    break
            return RedirectResponse("/me", status_code=303)
        errors.append(problem_text(r))
    kept = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    return render(
        request, "register.html", 422, item=item, kinds=BUYER_KINDS, form=kept, errors=errors
    )


@router.get("/me")
async def my_page(request: Request) -> Response:
    """我的交易: own registrations with qualification, deposit and the next step, and
    own deals (B5) with their trade ids (bidding's ``GET /me/deals``)."""
    if not visitor(request).signed_in:
        return sign_in_first(request)
    me = buyer_of(request)
    if me is None:
        return render(request, "me.html", rows=[], not_buyer=True)
    upstream = request.app.state.upstream
    r = await fetch(request, me, "listing", "/me/registrations")
    rows = []
    for reg in r:
        board = await upstream.get("listing", f"/board/listings/{reg['listing_id']}")
        listing = board.json() if board.status_code == 200 else {"id": reg["listing_id"]}
        rows.append({"reg": reg, "listing": listing, "next": next_step(reg, listing)})
    deals = await fetch(request, me, "bidding", "/me/deals")
    flash = request.session.pop("flash", None)
    return render(
        request,
        "me.html",
        rows=rows,
        deals=deals,
        statuses=REGISTRATION_STATUSES,
        labels=labels,
        flash=flash,
    )


def next_step(reg: dict[str, Any], listing: dict[str, Any]) -> str:
    """What the buyer does next (L6, B5)."""
    status = listing.get("status")
    if reg["status"] == "rejected":
        return "资格审核未通过，原因见上。"
    if reg["status"] == "pending":
        return "材料已提交，等待交易中心审核资格。"
    if not reg["deposit_paid"]:
        return (
            f"资格已通过。请在报名截止前缴纳交易保证金 {reg['deposit_required']} 元"
            f"至交易中心保证金专户，转账附言注明项目编号 {reg['listing_id']}；"
            "银行到账后自动确认。"
        )
    if status == "trading":
        return "保证金已到账，竞价已开始：进入交易大厅出价。"
    if status in ("concluded", "contracted"):
        return "交易已结束，请查看成交公示。"
    return "保证金已到账，公告期结束后进入竞价。"
