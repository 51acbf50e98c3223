"""The bank console — 银行工作台: lien applications (create, upload the R8 materials,
value the collateral by the county's tables, correct), their registration status and
every open check, the bank's liens (R2–R11) with their registered changes (R10), the
post-loan visits due (R14), disposal requests (R13), discharge (R11), and the log of
what the bank's integration reported (deposit and settlement callbacks, B5/B6).

Every call carries the loan officer's own token: the registry shows a bank only its own
applications and liens (X3) — another bank's application is the registry's 403, shown
in its words. An application is submitted when it is created (the registry has no
separate submit step): the authority registers it once its checks are all clear.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from portal.console import (
    ID,
    Queue,
    Refused,
    add_queue_page,
    confirm_page,
    confirmed,
    console_frame,
    fetch,
    fetch_counted,
    form_page,
    kept_fields,
    page_count,
    page_window,
    staff_of,
)
from portal.labels import DEAL_STATUSES
from portal.session import Visitor, check_csrf, file_part, uploaded
from portal.views import PageAnswer, not_found, redirect_with_notice

router = APIRouter()

BASE = "/console/bank"
ROLE = "lender"
#: the queues' rows: the registry's lien applications (status, q, sort, page)
SOURCE = ("registry", "/lien-applications")
#: a page of a list the registry pages (visits due, disposals)
Page = Annotated[int, Query(ge=1, le=5000)]

QUEUES: tuple[Queue, ...] = (
    Queue(
        "open", "待登记", "submitted", "已提交的申请：补齐材料和评估，等待登记机构登记（R8、R6）"
    ),
    Queue("refused", "不予登记", "refused", "登记机构不予登记的申请：理由一次性告知"),
    Queue("registered", "已登记", "registered", "已登记的抵押权"),
)
SORTS = Literal[
    "created_at",
    "-created_at",
    "loan_amount",
    "-loan_amount",
    "certificate_no",
    "-certificate_no",
    "borrower_name",
    "-borrower_name",
]
COLUMNS = (
    ("created_at", "申请时间"),
    ("certificate_no", "权证编号"),
    ("borrower_name", "借款人"),
    ("loan_amount", "贷款金额"),
    ("", "状态"),
)
APPLICATION_STATUSES = {"submitted": "待登记", "refused": "不予登记", "registered": "已登记"}
LIEN_STATUSES = {"active": "有效", "discharged": "已注销"}
DOCUMENT_KINDS = {
    "application_form": "抵押登记申请书",
    "borrower_id": "借款人身份证明",
    "lender_id": "抵押权人主体资格证明",
    "loan_contract": "借款合同",
    "mortgage_contract": "抵押合同",
    "certificate": "权属证书",
    "consent_letter_A": "同意抵押书（家庭承包，附件A）",
    "consent_letter_C": "同意抵押书（流转取得，附件C）",
    "consent_letter_D": "同意抵押书（经集体流转，附件D）",
    "power_of_attorney": "授权委托书",
    "appraisal_report": "评估报告",
    "other_residence_proof": "其他住所证明",
    "collective_consent": "集体经济组织同意书",
    "senior_consent": "上级主管同意书",
}
FIELD_LABELS = {
    "certificate_no": "权证编号",
    "lender_name": "抵押权人名称",
    "borrower_party_id": "借款人证件号码",
    "borrower_name": "借款人姓名",
    "loan_amount": "贷款金额（元）",
    "loan_term_end": "贷款到期日",
    "lien_term_end": "抵押期限至",
    "loan_contract_no": "借款合同编号",
    "mortgage_contract_no": "抵押合同编号",
    "full_civil_capacity": "借款人具有完全民事行为能力",
    "good_credit": "借款人信用良好",
    "employer_informed": "已告知发包方",
    "management_capacity": "受让方具有经营能力",
    "contractor_consents": "承包方同意抵押和再流转",
    "consenting_co_owners": "签署同意书的共有人证件号码",
    "above_normal_reason": "超常规抵押率的理由（R7）",
    "reason": "更正理由",
    "kind": "材料类别",
    "file": "文件",
    "area_mu": "面积（亩）",
    "annual_price_per_mu": "每亩年流转价格（元）",
    "years": "剩余年限",
    "land": "土地经营权",
    "method": "评估方式",
    "visit_id": "回访",
    "visited_on": "回访日期",
    "collateral_condition": "抵押物状况",
    "use_of_funds": "资金用途",
    "operation": "经营状况",
    "notes": "回访情况",
    "default_on": "违约日期",
    "outstanding_debt": "未偿债务（元）",
    "reserve_price": "处置底价（元）",
    "through_exchange": "通过交易中心处置",
    "residence_arrangement": "农户住房安排（R4）",
    "note": "说明",
}
VISIT_STATUSES = {
    "scheduled": "待回访",
    "overdue": "已逾期",
    "done": "已回访",
    "done_late": "逾期后回访",
    "cancelled": "已取消",
}
#: the registry's visit findings (VisitIn), each with its choices in Chinese
FINDINGS = {
    "collateral_condition": (
        "抵押物状况",
        {"normal": "正常", "degraded": "减损", "damaged": "损毁", "lost": "灭失"},
    ),
    "use_of_funds": (
        "资金用途",
        {"as_agreed": "按约定使用", "diverted": "挪用", "unknown": "不明"},
    ),
    "operation": ("经营状况", {"normal": "正常", "difficult": "困难", "stopped": "停产"}),
}
DISPOSAL_METHODS = {
    "restructuring": "债务重组",
    "agreement": "协议转让",
    "auction": "拍卖",
    "court": "诉讼",
    "custody": "托管再流转",
}
DISPOSAL_STATUSES = {"requested": "已申请", "settled": "已结清"}
DISCHARGE_REASONS = {"repaid": "债务已清偿", "waived": "抵押权人放弃"}
CALLBACK_KINDS = {"deposit": "保证金到账", "balance_payment": "成交价款到账"}
#: a callback's state now: the deposit's (B5) or the deal's (B6)
CALLBACK_STATES = {
    "held": "保证金冻结中",
    "applied": "已转作价款",
    "refunded": "已退还",
    "forfeited": "已没收",
} | DEAL_STATUSES
#: the lien's actions, one page each (field ids stay unique, so a refusal marks its field)
LIEN_ACTIONS: dict[str, tuple[str, str]] = {
    "visit": ("记录贷后回访", "回访记录记入抵押权的办理记录（R14），不能撤回。"),
    "disposal": ("申请处置抵押物", "处置申请提交后由交易中心和登记机构办理（R13），不能撤回。"),
    "discharge": ("注销抵押权", "注销后抵押权失效（R11），不能撤回；办理记录保留。"),
}

CHECKBOXES = (
    "full_civil_capacity",
    "good_credit",
    "employer_informed",
    "management_capacity",
    "contractor_consents",
)


_page = console_frame(
    "银行",
    [
        (BASE, "抵押登记申请"),
        (f"{BASE}/new", "新申请"),
        (f"{BASE}/liens", "抵押权"),
        (f"{BASE}/visits", "贷后回访"),
        (f"{BASE}/disposals", "抵押物处置"),
        (f"{BASE}/callbacks", "回调记录"),
        (f"{BASE}/guarantees", "劝耕贷"),
    ],
    # a page may name its own fields (read in the frame: its context wins)
    labels=FIELD_LABELS,
    app_statuses=APPLICATION_STATUSES,
    lien_statuses=LIEN_STATUSES,
    kinds=DOCUMENT_KINDS,
    checkboxes=CHECKBOXES,
    visit_statuses=VISIT_STATUSES,
    findings=FINDINGS,
    disposal_methods=DISPOSAL_METHODS,
    disposal_statuses=DISPOSAL_STATUSES,
    discharge_reasons=DISCHARGE_REASONS,
    callback_kinds=CALLBACK_KINDS,
    callback_states=CALLBACK_STATES,
)


#: the console's page frame, for the pages of ``portal.pages.bankloan``
frame = _page


def _not_found(request: Request) -> Response:
    return not_found(request, "没有这个抵押登记申请。")


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
    description="抵押登记申请: the bank's own, by status, oldest first, with counts.",
    base=BASE,
    heading="银行 · 抵押登记申请",
    columns=COLUMNS,
)


@router.get(f"{BASE}/liens")
async def liens_page(request: Request) -> Response:
    """The bank's liens (the registry shows a bank only its own)."""
    me = staff_of(request, ROLE)
    r = await fetch(request, me, "registry", "/liens")
    return _page(request, "console/bank_liens.html", liens=r)


def land_fields(r: Any) -> dict[str, str]:
    """The valuation's refused land fields (``land.area_mu`` → ``area_mu``)."""
    try:
        errors = r.json().get("errors") or []
    except (ValueError, AttributeError):
        return {}
    out: dict[str, str] = {}
    for e in errors:
        if isinstance(e, dict) and str(e.get("field", "")).startswith("land."):
            name = str(e["field"]).split(".")[1]
            rule = f"（{e['rule']}）" if e.get("rule") else ""
            out[name] = f"{e.get('message_zh') or e.get('message') or ''}{rule}"
    return out


@router.get(f"{BASE}/new")
async def new_page(request: Request) -> Response:
    me = staff_of(request, ROLE)
    form = {"lender_name": me.name or "", "employer_informed": "on"}
    return _page(request, "console/bank_new.html", form=form, refused=None)


def application_body(form: dict[str, str], co_owners: list[str]) -> dict[str, Any]:
    """The registry's ``ApplicationIn`` from the form (the registry checks every field)."""
    body: dict[str, Any] = {
        k: form.get(k, "").strip()
        for k in (
            "certificate_no",
            "lender_name",
            "borrower_party_id",
            "borrower_name",
            "loan_amount",
            "loan_term_end",
            "lien_term_end",
            "loan_contract_no",
            "mortgage_contract_no",
        )
    }
    body |= {k: form.get(k) == "on" for k in CHECKBOXES}
    body["consenting_co_owners"] = co_owners
    if form.get("above_normal_reason", "").strip():
        body["above_normal_reason"] = form["above_normal_reason"].strip()
    return body


@router.post(f"{BASE}/new")
async def new_post(request: Request, form: dict = Depends(check_csrf)) -> Response:
    """Create (and so submit) the application; a refusal marks its fields."""
    me = staff_of(request, ROLE)
    kept = kept_fields(form)
    co_owners = [x.strip() for x in kept.get("consenting_co_owners", "").splitlines() if x.strip()]
    r = await request.app.state.upstream.call(
        "registry",
        "POST",
        "/lien-applications",
        token=me.token,
        json=application_body(kept, co_owners),
    )
    if r.status_code != 201:
        return _page(
            request, "console/bank_new.html", r.status_code, form=kept, refused=Refused.of(r)
        )
    return redirect_with_notice(
        request, "申请已提交：请上传材料并完成评估。", f"{BASE}/applications/{r.json()['id']}"
    )


async def application_detail(
    request: Request, me: Visitor, application_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The application and its checks now, as this person may see them (the registry
    decides: a bank only its own, county staff their county's)."""
    if not ID.match(application_id):
        raise PageAnswer(_not_found(request))
    r = await fetch(request, me, "registry", f"/lien-applications/{application_id}")
    c = await fetch(request, me, "registry", f"/lien-applications/{application_id}/checks")
    return r, c


async def show_application(
    request: Request,
    me: Visitor,
    application_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
    *,
    frame: Callable[..., Response] = _page,
    template: str = "console/bank_application.html",
) -> Response:
    """An application page — the bank's, and in its own ``frame`` and ``template`` the
    authority's: the application, its checks, and a refusal with the typed values kept."""
    found = await application_detail(request, me, application_id)
    app, checks = found
    return form_page(request, template, refused, form, frame=frame, app=app, checks=checks)


@router.get(f"{BASE}/applications/{{application_id}}")
async def application_page(request: Request, application_id: str) -> Response:
    """The application: status, every open check (一次性告知), materials, valuation."""
    me = staff_of(request, ROLE)
    return await show_application(request, me, application_id)


def _lender_of(request: Request, application_id: str) -> Visitor:
    """The loan officer (the console's gate), for a well-formed application id (another
    is the 404 page, raised): where a form for an application starts."""
    me = staff_of(request, ROLE)
    if not ID.match(application_id):
        raise PageAnswer(_not_found(request))
    return me


@router.post(f"{BASE}/applications/{{application_id}}/documents")
async def upload_post(
    request: Request, application_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """One R8 material; a refused file is named on its field."""
    me = _lender_of(request, application_id)
    kept = kept_fields(form)
    upload = uploaded(form, "file")
    if upload is None:
        own = Refused.local("R8", {"file": "请选择要上传的文件"})
        return await show_application(request, me, application_id, own, kept)
    r = await request.app.state.upstream.call(
        "registry",
        "POST",
        f"/lien-applications/{application_id}/documents",
        token=me.token,
        data={"kind": kept.get("kind", "")},
        files={"file": await file_part(upload, "application/pdf")},
    )
    if r.status_code != 201:
        return await show_application(request, me, application_id, Refused.of(r), kept)
    return redirect_with_notice(
        request,
        f"已上传：{DOCUMENT_KINDS.get(kept.get('kind', ''), '材料')}。",
        f"{BASE}/applications/{application_id}",
    )


@router.post(f"{BASE}/applications/{{application_id}}/valuation")
async def valuation_post(
    request: Request, application_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """R6: the lender's valuation of the land by the county's tables."""
    me = _lender_of(request, application_id)
    kept = kept_fields(form)
    body = {
        "method": "lender",
        "land": {k: kept.get(k, "").strip() for k in ("area_mu", "annual_price_per_mu", "years")},
    }
    r = await request.app.state.upstream.call(
        "registry",
        "POST",
        f"/lien-applications/{application_id}/valuation",
        token=me.token,
        json=body,
    )
    if r.status_code != 200:
        refused = Refused.of(r)
        # "land.area_mu" is the form's own field, not the group "land"
        for name, message in land_fields(r).items():
            refused.fields.pop("land", None)
            refused.fields[name] = message
        return await show_application(request, me, application_id, refused, kept)
    return redirect_with_notice(
        request, "评估已记录（R6）。", f"{BASE}/applications/{application_id}"
    )


@router.post(f"{BASE}/applications/{{application_id}}/correct")
async def correct_post(
    request: Request, application_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """更正: the fields typed replace those filed, with the reason (X2); confirmed first."""
    me = _lender_of(request, application_id)
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    body: dict[str, Any] = {
        k: kept[k].strip()
        for k in (
            "loan_amount",
            "loan_term_end",
            "lien_term_end",
            "borrower_name",
            "above_normal_reason",
        )
        if kept.get(k, "").strip()
    }
    body["reason"] = kept.get("reason", "").strip()
    if not body["reason"]:
        own = Refused.local("X2", {"reason": "请写明更正理由"})
        return await show_application(request, me, application_id, own, kept)
    back = f"{BASE}/applications/{application_id}"
    if not confirmed(form):
        return confirm_page(
            request,
            frame=_page,
            heading="更正抵押登记申请",
            warning="更正前后的内容都记入办理记录（X2），不能撤回。",
            verb="更正",
            action=f"{back}/correct",
            back=back,
            facts=[(FIELD_LABELS.get(k, k), str(v)) for k, v in body.items()],
            kept=kept,
        )
    r = await request.app.state.upstream.call(
        "registry", "PATCH", f"/lien-applications/{application_id}", token=me.token, json=body
    )
    if r.status_code != 200:
        return await show_application(request, me, application_id, Refused.of(r), kept)
    return redirect_with_notice(request, "申请已更正。", back)


# --- liens: changes, visits, disposals, discharge -----------------------------------------


async def lien_context(request: Request, me: Visitor, lien_id: str) -> dict[str, Any]:
    """The lien (with its registered changes, R10), its visits and its disposals, as the
    registry shows them to this bank (another bank's lien is the registry's 403)."""
    if not ID.match(lien_id):
        raise PageAnswer(not_found(request, "没有这个抵押权。"))
    r = await fetch(request, me, "registry", f"/liens/{lien_id}")
    v = await fetch(request, me, "registry", f"/liens/{lien_id}/visits")
    d = await fetch(request, me, "registry", "/disposals")
    visits = v
    return {
        "lien": r,
        "visits": visits,
        "open_visit": next((x for x in visits if x["status"] in ("scheduled", "overdue")), None),
        "disposals": [x for x in d if x["lien_id"] == lien_id],
    }


@router.get(f"{BASE}/liens/{{lien_id}}")
async def lien_page(request: Request, lien_id: str) -> Response:
    """A lien: its facts, registered changes, visits and disposals, and what the bank may
    do next (record the visit due, request a disposal, discharge)."""
    me = staff_of(request, ROLE)
    found = await lien_context(request, me, lien_id)
    return _page(request, "console/bank_lien.html", actions=LIEN_ACTIONS, **found)


async def _action_page(
    request: Request,
    me: Visitor,
    lien_id: str,
    action: str,
    refused: Refused | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    found = await lien_context(request, me, lien_id)
    heading, warning = LIEN_ACTIONS[action]
    return form_page(
        request,
        "console/bank_lien_action.html",
        refused,
        form,
        frame=_page,
        action=action,
        heading=heading,
        warning=warning,
        **found,
    )


@router.get(f"{BASE}/liens/{{lien_id}}/actions/{{action}}")
async def lien_action_page(request: Request, lien_id: str, action: str) -> Response:
    me = staff_of(request, ROLE)
    if action not in LIEN_ACTIONS:
        return not_found(request, "没有这项办理事项。")
    return await _action_page(request, me, lien_id, action)


def lien_call(action: str, lien_id: str, kept: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The registry's path and body of a lien action, from the form as typed (the
    registry checks every field; an empty optional field is left out)."""
    text = {k: v.strip() for k, v in kept.items()}
    if action == "visit":
        body: dict[str, Any] = {
            k: text.get(k, "")
            for k in ("visited_on", "collateral_condition", "use_of_funds", "operation", "notes")
        }
        return f"/liens/{lien_id}/visits/{text.get('visit_id', '')}", body
    if action == "disposal":
        body = {k: text.get(k, "") for k in ("method", "default_on", "outstanding_debt", "note")}
        body["through_exchange"] = kept.get("through_exchange") == "on"
        for k in ("reserve_price", "residence_arrangement"):
            if text.get(k):
                body[k] = text[k]
        return f"/liens/{lien_id}/disposals", body
    return f"/liens/{lien_id}/discharge", {
        "reason": text.get("reason", ""),
        "note": text.get("note", ""),
    }


@router.post(f"{BASE}/liens/{{lien_id}}/actions/{{action}}")
async def lien_action_post(
    request: Request, lien_id: str, action: str, form: dict = Depends(check_csrf)
) -> Response:
    """A lien action: confirmed first, then the registry's; a refusal marks its field and
    nothing changed."""
    me = staff_of(request, ROLE)
    if not ID.match(lien_id) or action not in LIEN_ACTIONS:
        return not_found(request, "没有这个抵押权或办理事项。")
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    if action == "visit" and not re.fullmatch(r"[0-9]{1,9}", kept.get("visit_id", "")):
        own = Refused.local("R14", {"visit_id": "没有待记录的回访"})
        return await _action_page(request, me, lien_id, action, own, kept)
    path, body = lien_call(action, lien_id, kept)
    back = f"{BASE}/liens/{lien_id}"
    if not confirmed(form):
        heading, warning = LIEN_ACTIONS[action]
        facts = [
            ((FIELD_LABELS | {"reason": "注销原因"}).get(k, k), _shown(k, v))
            for k, v in body.items()
            if v not in ("", None)
        ]
        return confirm_page(
            request,
            frame=_page,
            heading=heading,
            warning=warning,
            verb=heading[:2],
            action=f"{back}/actions/{action}",
            back=f"{back}/actions/{action}",
            facts=facts,
            kept=kept,
        )
    status = 200 if action != "disposal" else 201
    r = await request.app.state.upstream.call("registry", "POST", path, token=me.token, json=body)
    if r.status_code != status:
        return await _action_page(request, me, lien_id, action, Refused.of(r), kept)
    return redirect_with_notice(
        request,
        {
            "visit": "回访已记录。",
            "disposal": "处置申请已提交。",
            "discharge": "抵押权已注销。",
        }[action],
        back,
    )


def _shown(key: str, value: object) -> str:
    """A confirmation fact in Chinese (codes as their labels)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    if key in FINDINGS:
        return FINDINGS[key][1].get(text, text)
    if key == "method":
        return DISPOSAL_METHODS.get(text, text)
    if key == "reason":
        return DISCHARGE_REASONS.get(text, text)
    return text


async def _paged(
    request: Request, token: str, path: str, page: int, **params: Any
) -> tuple[list[dict[str, Any]], int, int]:
    """One page of a registry list, its total and the page count."""
    found = await fetch_counted(request, token, params | page_window(page), ("registry", path))
    rows, total = found
    return rows, total, page_count(total)


@router.get(f"{BASE}/visits")
async def visits_page(request: Request, page: Page = 1) -> Response:
    """贷后回访: the bank's visits still to make, earliest due first, a page at a time,
    and the warnings (overdue visits and adverse findings) — the registry's, its own only."""
    me = staff_of(request, ROLE)
    assert me.token
    due = await _paged(request, me.token, "/visits", page)
    warned = await fetch(request, me, "registry", "/visit-warnings")
    rows, total, pages = due
    return _page(
        request,
        "console/bank_visits.html",
        due=rows,
        total=total,
        page=page,
        pages=pages,
        warnings=warned,
    )


@router.get(f"{BASE}/disposals")
async def disposals_page(request: Request, page: Page = 1) -> Response:
    """抵押物处置: the bank's disposal requests, newest first, a page at a time (the
    registry's, its own)."""
    me = staff_of(request, ROLE)
    assert me.token
    found = await _paged(request, me.token, "/disposals", page, sort="-requested_at")
    rows, total, pages = found
    return _page(
        request,
        "console/bank_disposals.html",
        disposals=rows,
        total=total,
        page=page,
        pages=pages,
    )


@router.get(f"{BASE}/callbacks")
async def callbacks_page(request: Request) -> Response:
    """回调记录: what the bank's integration reported — deposits (B5) and settlement
    payments (B6) as bidding received them, newest first, its own only. Read only: the
    integration itself calls the API."""
    me = staff_of(request, ROLE)
    r = await fetch(request, me, "bidding", "/bank-callbacks")
    return _page(request, "console/bank_callbacks.html", callbacks=r)
