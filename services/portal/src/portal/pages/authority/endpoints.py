"""The registration authority console — 登记机构工作台: the lien registration queue,
each application with every check now (R3 eligibility, R5 restrictions, R7 loan to
value, R8 materials, R9 ranking — the registry's one list, 一次性告知) and the annotation
the registration would write; register or refuse with a reason, after confirming; and
the county's liens, each with the change of its mortgage contract to register (R10).

The registry decides with the officer's own token; the checks are the registry's
``GET /lien-applications/{id}/checks``, the same that refuses a registration, so the
page never shows a verdict of its own.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal.console import (
    Queue,
    Refused,
    add_queue_page,
    confirm_page,
    confirmed,
    console_frame,
    fetch,
    form_page,
    kept_fields,
    staff_of,
)
from portal.pages.bank.endpoints import (
    APPLICATION_STATUSES,
    COLUMNS,
    DOCUMENT_KINDS,
    FIELD_LABELS,
    ID,
    LIEN_STATUSES,
    SORTS,
    SOURCE,
    application_detail,
    show_application,
)
from portal.session import Visitor, check_csrf
from portal.views import not_found, redirect_with_notice

router = APIRouter()

BASE = "/console/authority"
ROLE = "registration_authority"

QUEUES: tuple[Queue, ...] = (
    Queue("open", "待登记", "submitted", "银行提交的抵押登记申请：逐项核对后登记或不予登记（R9）"),
    Queue("refused", "不予登记", "refused", "已不予登记的申请"),
    Queue("registered", "已登记", "registered", "已登记的申请"),
)
#: the rule of each check, shown beside it (the registry's own ``rule`` wins when given)
CHECK_RULES = {
    "R3": "抵押人资格（R3）",
    "R5": "权利限制（R5）",
    "R7": "抵押率（R7）",
    "R8": "申请材料（R8）",
    "R9": "登记顺位（R9）",
}

CHANGE_LABELS = {
    "changed_on": "合同变更日期",
    "secured_amount": "变更后担保债权（元）",
    "term_end": "变更后期限至",
    "change_reason": "变更理由",
    "version": "版本",
}


_page = console_frame(
    "登记机构",
    [(BASE, "抵押登记队列"), (f"{BASE}/liens", "抵押权变更")],
    labels=FIELD_LABELS | {"reason": "不予登记理由"} | CHANGE_LABELS,
    lien_statuses=LIEN_STATUSES,
    app_statuses=APPLICATION_STATUSES,
    kinds=DOCUMENT_KINDS,
    check_rules=CHECK_RULES,
)


add_queue_page(
    router,
    BASE,
    role=ROLE,
    queues=QUEUES,
    sorts=SORTS,
    default_sort="created_at",
    source=SOURCE,
    render=_page,
    template="console/lien_queue.html",
    description="抵押登记队列: the county's applications, oldest first, with counts.",
    base=BASE,
    heading="登记机构 · 抵押登记队列",
    columns=COLUMNS,
)


#: the bank's application page, in this console's frame and with the register form
_application_page = partial(
    show_application, frame=_page, template="console/authority_application.html"
)


@router.get(f"{BASE}/applications/{{application_id}}")
async def application_page(request: Request, application_id: str) -> Response:
    """The application with every check and the annotation preview."""
    me = staff_of(request, ROLE)
    return await _application_page(request, me, application_id)


@router.post(f"{BASE}/applications/{{application_id}}/{{decision}}")
async def decide_post(
    request: Request, application_id: str, decision: str, form: dict = Depends(check_csrf)
) -> Response:
    """登记 or 不予登记, after confirmation; the registry checks again and refuses a
    registration with every open problem (shown on the page, nothing registered)."""
    me = staff_of(request, ROLE)
    if decision not in ("register", "refuse") or not ID.match(application_id):
        return not_found(request, "没有这个抵押登记申请。")
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    reason = kept.get("reason", "").strip()
    if decision == "refuse" and not reason:
        own = Refused.local("R9", {"reason": "不予登记须写明理由"})
        return await _application_page(request, me, application_id, own, kept)
    back = f"{BASE}/applications/{application_id}"
    if not confirmed(form):
        found = await application_detail(request, me, application_id)
        app, checks = found
        facts = [
            ("权证编号", app["certificate_no"]),
            ("抵押权人", app["lender_name"]),
            ("借款人", app["borrower_name"]),
        ]
        if decision == "register":
            facts.append(("登记簿记载", checks.get("annotation_preview") or "—"))
        else:
            facts.append(("不予登记理由", reason))
        return confirm_page(
            request,
            frame=_page,
            heading="登记抵押权" if decision == "register" else "不予登记",
            warning=(
                "登记后在权证上记载他项权利并公示，不能撤回（R9）。"
                if decision == "register"
                else "不予登记的理由将告知银行，申请办结（R9）。"
            ),
            verb="登记" if decision == "register" else "不予登记",
            action=f"{back}/{decision}",
            back=back,
            facts=facts,
            kept=kept,
        )
    body = {} if decision == "register" else {"reason": reason}
    r = await request.app.state.upstream.call(
        "registry",
        "POST",
        f"/lien-applications/{application_id}/{decision}",
        token=me.token,
        json=body,
    )
    if r.status_code not in (200, 201):
        return await _application_page(request, me, application_id, Refused.of(r), kept)
    return redirect_with_notice(
        request,
        (f"已登记，第 {r.json().get('rank')} 顺位。" if decision == "register" else "已不予登记。"),
        back,
    )


# --- R10: a registered lien's change ------------------------------------------------------


@router.get(f"{BASE}/liens")
async def liens_page(request: Request) -> Response:
    """The county's liens (the registry's list for county staff), to register a change."""
    me = staff_of(request, ROLE)
    r = await fetch(request, me, "registry", "/liens")
    return _page(request, "console/authority_liens.html", liens=r)


async def _change_page(
    request: Request,
    me: Visitor,
    lien_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    if not ID.match(lien_id):
        return not_found(request, "没有这个抵押权。")
    r = await fetch(request, me, "registry", f"/liens/{lien_id}")
    lien = r
    shown = {"version": str(lien["version"])} | (form or {})
    return form_page(
        request,
        "console/authority_lien_change.html",
        refused,
        shown,
        frame=_page,
        lien=lien,
    )


@router.get(f"{BASE}/liens/{{lien_id}}/change")
async def change_page(request: Request, lien_id: str) -> Response:
    """A lien with its registered changes and the form of the next (R10)."""
    me = staff_of(request, ROLE)
    return await _change_page(request, me, lien_id)


@router.post(f"{BASE}/liens/{{lien_id}}/change")
async def change_post(request: Request, lien_id: str, form: dict = Depends(check_csrf)) -> Response:
    """变更登记 (R10), after confirmation, with the lien version read (a change made
    meanwhile is the registry's refusal); a refusal marks its field."""
    me = staff_of(request, ROLE)
    if not ID.match(lien_id):
        return not_found(request, "没有这个抵押权。")
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    body = {k: kept.get(k, "").strip() for k in ("changed_on", "secured_amount", "term_end")}
    body["reason"] = kept.get("change_reason", "").strip()
    body["version"] = kept.get("version", "").strip()
    if not body["reason"]:
        own = Refused.local("R10", {"change_reason": "变更登记须写明理由"})
        return await _change_page(request, me, lien_id, own, kept)
    back = f"{BASE}/liens/{lien_id}/change"
    if not confirmed(form):
        return confirm_page(
            request,
            frame=_page,
            heading="抵押权变更登记",
            warning="变更登记记入登记簿和办理记录（R10、X2），不能撤回。",
            verb="变更登记",
            action=back,
            back=back,
            facts=[
                (CHANGE_LABELS[k], body[k]) for k in ("changed_on", "secured_amount", "term_end")
            ]
            + [("变更理由", body["reason"])],
            kept=kept,
        )
    r = await request.app.state.upstream.call(
        "registry", "POST", f"/liens/{lien_id}/changes", token=me.token, json=body
    )
    if r.status_code != 201:
        refused = Refused.of(r)
        if "reason" in refused.fields:  # the registry's "reason" is the form's change_reason
            refused.fields["change_reason"] = refused.fields.pop("reason")
        return await _change_page(request, me, lien_id, refused, kept)
    return redirect_with_notice(request, "变更已登记。", back)
