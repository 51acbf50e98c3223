"""The exchange centre console — 交易中心工作台: registration, publication, extension,
suspension, resumption and termination with their reasons (L4, L5, L12), the
collective's decision (L8) and the buyers' qualification review with the materials
viewable inline (L6, L10, L11).

Every call carries the staff member's own token and the listing service decides: the
portal only chooses what to offer for the listing's state, asks before a step that
cannot be undone, and shows a refusal in the service's own words on the form's fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from portal import labels
from portal.console import (
    ID,
    LISTING_SORTS,
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
from portal.labels import DEAL_STATUSES
from portal.pages.buyer.endpoints import BUYER_KINDS
from portal.pages.township.endpoints import COLUMNS, DOCUMENTS, SELLER_KINDS, STATUSES
from portal.personas import COUNTY
from portal.session import Visitor, check_csrf
from portal.views import PageAnswer, not_found, redirect_with_notice, refusal

router = APIRouter()

BASE = "/console/centre"
ROLE = "exchange_staff"
SHANGHAI = ZoneInfo("Asia/Shanghai")
DOC_ID = re.compile(r"^[1-9][0-9]{0,8}$")  # a row id of the service (int4)

QUEUES: tuple[Queue, ...] = (
    Queue(
        "register", "待登记", "pre_reviewed", "前置审核通过的申请：核对集体决策（L8）后登记或退回"
    ),
    Queue("publish", "待发布", "registered", "已登记的项目：确定公告期（L5）后发布"),
    Queue("announced", "公告中", "announced", "公告中的项目：审查意向受让方资格（L6），延期或中止"),
    Queue("suspended", "已中止", "suspended", "已中止的项目：恢复或终结（L12）"),
    Queue("trading", "交易中", "trading", "交易进行中的项目"),
    Queue("concluded", "已成交", "concluded", "已成交待签合同的项目"),
)
REASON_CODES = {
    "department_request": "主管部门要求",
    "seller_request": "出让方申请并经主管部门批准",
    "third_party_request": "直接利害关系人申请并经主管部门批准",
    "ownership_dispute": "权属争议",
    "centre_necessary": "交易中心认为必要并经监督委员会同意",
    "other_lawful": "其他依法情形",
}
DECISION_BODIES = {
    "members_meeting": "村集体经济组织成员大会",
    "members_representative_meeting": "成员代表大会",
    "village_representatives": "村民代表会议",
}
REGISTRATION_STATUSES = {
    "pending": "待审查",
    "qualified": "资格审查通过",
    "rejected": "资格审查未通过",
}
REGISTRATION_DOCUMENTS = {
    "identity": "身份证明",
    "qualification": "资格证明材料",
    "priority_proof": "优先权证明",
    "other": "其他材料",
}
FIELD_LABELS = {
    "days": "公告天数",
    "tender_opening_at": "开标时间",
    "ends_at": "延期至",
    "reason": "理由",
    "reason_code": "事由",
    "reasons": "理由",
    "department_approval_ref": "主管部门批准文号",
    "supervisor_consent_ref": "监督委员会同意文号",
    "body": "决策机构",
    "votes_for": "赞成票数",
    "votes_total": "应到票数",
    "reserve_price": "底价",
    "appraisal_value": "评估价值",
    "township_approval_ref": "乡镇批准文号",
    "decided_on": "决策日期",
    "approve": "审查结论",
    "extra_review_opinion": "特别审查意见（L11）",
    "contract_no": "合同编号",
    "action": "违约处理",
}
DEFAULT_ACTIONS = {"relist": "重新挂牌", "offer_next": "由次高出价人递补"}
#: the listing's states in which it has a trade in bidding (its session, bids and deals)
TRADED = ("trading", "suspended", "concluded", "contracted", "failed", "terminated")


@dataclass(frozen=True, slots=True)
class Action:
    """A step of the centre on a listing: its service call, its form and its words."""

    path: str  # the listing service's POST below /listings/{id}
    label: str
    states: tuple[str, ...]  # where the listing's machine allows it (listing.states)
    warning: str
    rule: str


ACTIONS: dict[str, Action] = {
    "collective-decisions": Action(
        "collective-decisions",
        "录入集体决策",
        ("pre_reviewed", "registered"),
        "集体民主决策与乡镇审批记录后不能修改（L8），登记时据此核对底价。",
        "L8",
    ),
    "register": Action(
        "register",
        "登记",
        ("pre_reviewed",),
        "登记后项目进入待发布；登记时核对集体决策（L8）和建设用地条件（L15）。",
        "L4",
    ),
    "return": Action(
        "return",
        "退回窗口",
        ("pre_reviewed", "registered"),
        "退回后由乡镇窗口补正，全部理由一次性告知出让方。",
        "L4",
    ),
    "publish": Action(
        "publish",
        "发布公告",
        ("registered",),
        "公告发布后即对社会公开，公告期不能缩短（L5）。",
        "L5",
    ),
    "extend": Action(
        "extend", "延长公告期", ("announced",), "延期将公开，公告期此后不能缩短（L5）。", "L5"
    ),
    "suspend": Action(
        "suspend",
        "中止交易",
        ("announced", "trading"),
        "中止及其理由将公开；剩余公告时间保留至恢复（L12）。",
        "L12",
    ),
    "resume": Action(
        "resume", "恢复交易", ("suspended",), "恢复后按中止时剩余的时间继续公告（L12）。", "L12"
    ),
    "terminate": Action(
        "terminate",
        "终结交易",
        ("registered", "announced", "suspended", "trading"),
        "终结不能撤回，理由将公开，已交保证金按规定退还（L12）。",
        "L12",
    ),
}


_page = console_frame(
    "交易中心",
    [
        (BASE, "工作队列"),
        (f"{BASE}/sessions", "今日交易"),
        (f"{BASE}/parameters", "县级参数"),
        (f"{BASE}/off-exchange", "场外交易记录"),
    ],
    # a page may name its own fields (read in the frame: its context wins)
    labels=FIELD_LABELS,
    statuses=STATUSES,
    products=labels.PRODUCTS,
    ways=labels.WAYS,
    modes=labels.MODES,
    seller_kinds=SELLER_KINDS,
    documents=DOCUMENTS,
    reason_codes=REASON_CODES,
    decision_bodies=DECISION_BODIES,
    registration_statuses=REGISTRATION_STATUSES,
    buyer_kinds=BUYER_KINDS,
    registration_documents=REGISTRATION_DOCUMENTS,
    actions=ACTIONS,
    deal_statuses=DEAL_STATUSES,
    default_actions=DEFAULT_ACTIONS,
)


#: the console's page frame, for the pages of ``portal.pages.checks``
frame = _page


def _not_found(request: Request) -> Response:
    return not_found(request, "没有这个挂牌项目。")


add_queue_page(
    router,
    BASE,
    role=ROLE,
    queues=QUEUES,
    sorts=LISTING_SORTS,
    render=_page,
    template="console/centre_queue.html",
    description="交易中心工作队列: what waits for the centre, oldest first, with counts.",
    columns=COLUMNS,
)


async def _listing(request: Request, me: Visitor, listing_id: str) -> dict[str, Any]:
    if not ID.match(listing_id):
        raise PageAnswer(_not_found(request))
    found: dict[str, Any] = await fetch(request, me, "listing", f"/listings/{listing_id}")
    return found


@router.get(f"{BASE}/listings/{{listing_id}}")
async def listing_page(request: Request, listing_id: str) -> Response:
    """The listing, its collective decisions, its registrations and its history (X2),
    with the steps its state allows."""
    me = staff_of(request, ROLE)
    listing = await _listing(request, me, listing_id)
    context: dict[str, Any] = {}
    for key, path in (
        ("docs", f"/listings/{listing_id}/documents"),
        ("decisions", f"/listings/{listing_id}/decisions"),
        ("collective", f"/listings/{listing_id}/collective-decisions"),
    ):
        got = await fetch(request, me, "listing", path)
        context[key] = got
    registrations: list[dict[str, Any]] = []
    if listing["status"] not in ("pre_reviewed", "registered"):
        got = await fetch(request, me, "listing", f"/listings/{listing_id}/registrations")
        registrations = got
    trade = await _trade(request, me, listing)
    offered = [k for k, a in ACTIONS.items() if listing["status"] in a.states]
    return _page(
        request,
        "console/centre_listing.html",
        item=listing,
        registrations=registrations,
        offered=offered,
        **trade,
        **context,
    )


def _action_page(
    request: Request,
    listing: dict[str, Any],
    key: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    return form_page(
        request,
        "console/centre_action.html",
        refused,
        form,
        frame=_page,
        item=listing,
        key=key,
        action=ACTIONS[key],
    )


@router.get(f"{BASE}/listings/{{listing_id}}/actions/{{action}}")
async def action_page(request: Request, listing_id: str, action: str) -> Response:
    """The form of one step (its fields only: one form a page, keyboard first)."""
    me = staff_of(request, ROLE)
    if action not in ACTIONS:  # after the gate: another role learns nothing of the steps
        return _not_found(request)
    listing = await _listing(request, me, listing_id)
    form = {"days": "20"} if action == "publish" else {}
    return _action_page(request, listing, action, form=form)


def _aware(value: str) -> str:
    """A typed ``2027-03-01 09:30`` is Beijing time; anything else goes to the service
    as typed, so its refusal names the field."""
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    return (at if at.tzinfo else at.replace(tzinfo=SHANGHAI)).isoformat()


def _lines(value: str) -> list[str]:
    return [x.strip() for x in value.splitlines() if x.strip()]


def action_body(key: str, form: dict[str, str]) -> dict[str, Any]:
    """The service's JSON body from the form: empty optional fields left out, so the
    service's defaults and checks apply (it names the field it refuses)."""
    f = {k: v.strip() for k, v in form.items() if k != "confirmed"}

    def opt(*names: str) -> dict[str, Any]:
        return {n: f[n] for n in names if f.get(n)}

    if key == "register":
        return {}
    if key == "return":
        return {"reasons": _lines(f.get("reasons", ""))}
    if key == "publish":
        body = opt("days")
        if f.get("tender_opening_at"):
            body["tender_opening_at"] = _aware(f["tender_opening_at"])
        return body
    if key == "extend":
        return {"ends_at": _aware(f.get("ends_at", "")), "reason": f.get("reason", "")}
    if key in ("suspend", "terminate"):
        return {
            "reason_code": f.get("reason_code", ""),
            "reason": f.get("reason", ""),
            **opt("department_approval_ref", "supervisor_consent_ref"),
        }
    if key == "resume":
        return {"reason": f.get("reason", "")}
    # collective-decisions (L8)
    return {
        "body": f.get("body", ""),
        "votes_for": f.get("votes_for", ""),
        "votes_total": f.get("votes_total", ""),
        "reserve_price": f.get("reserve_price", ""),
        "township_approval_ref": f.get("township_approval_ref", ""),
        "decided_on": f.get("decided_on", ""),
        **opt("appraisal_value"),
    }


def _facts(key: str, form: dict[str, str]) -> list[tuple[str, str]]:
    shown = {k: v for k, v in form.items() if k in FIELD_LABELS and v.strip()}
    names = {"reason_code": REASON_CODES, "body": DECISION_BODIES}
    return [(FIELD_LABELS[k], names.get(k, {}).get(v, v)) for k, v in shown.items()]


@router.post(f"{BASE}/listings/{{listing_id}}/actions/{{action}}")
async def action_post(
    request: Request, listing_id: str, action: str, form: dict = Depends(check_csrf)
) -> Response:
    """One step, after its confirmation; a refusal re-renders the form with its fields
    marked and the typed values kept (the service changed nothing)."""
    me = staff_of(request, ROLE)
    if action not in ACTIONS:
        return _not_found(request)
    listing = await _listing(request, me, listing_id)
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    spec = ACTIONS[action]
    if action == "return" and not _lines(kept.get("reasons", "")):
        # 一次性告知: the window gets every reason at once, so at least one is needed
        own = Refused.local("L4", {"reasons": "请至少填写一条退回理由（每行一条）"})
        return _action_page(request, listing, action, own, kept)
    back = f"{BASE}/listings/{listing_id}"
    if not confirmed(form):
        return confirm_page(
            request,
            frame=_page,
            heading=f"{spec.label}：{listing['title']}",
            warning=spec.warning,
            verb=spec.label,
            action=f"{back}/actions/{action}",
            back=f"{back}/actions/{action}",
            facts=[("编号", listing["id"]), *_facts(action, kept)],
            kept=kept,
        )
    r = await request.app.state.upstream.call(
        "listing",
        "POST",
        f"/listings/{listing_id}/{spec.path}",
        token=me.token,
        json=action_body(action, kept),
    )
    if r.status_code not in (200, 201):
        return _action_page(request, listing, action, Refused.of(r), kept)
    return redirect_with_notice(request, f"已{spec.label}。", back)


# --- buyers' qualification (资格审查, L6) -----------------------------------------------------


async def _registration(
    request: Request, me: Visitor, listing_id: str, registration_id: str
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    listing = await _listing(request, me, listing_id)
    if not ID.match(registration_id):
        raise PageAnswer(_not_found(request))
    reg = await fetch(request, me, "listing", f"/registrations/{registration_id}")
    if reg["listing_id"] != listing_id:
        raise PageAnswer(_not_found(request))
    docs = await fetch(request, me, "listing", f"/registrations/{registration_id}/documents")
    return listing, reg, docs


async def _registration_page(
    request: Request,
    me: Visitor,
    listing_id: str,
    registration_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    found = await _registration(request, me, listing_id, registration_id)
    listing, reg, docs = found
    return form_page(
        request,
        "console/centre_registration.html",
        refused,
        form,
        frame=_page,
        item=listing,
        reg=reg,
        reg_docs=docs,
    )


@router.get(f"{BASE}/listings/{{listing_id}}/registrations/{{registration_id}}")
async def registration_page(request: Request, listing_id: str, registration_id: str) -> Response:
    """One buyer's registration: the facts, the materials to open inline, the review."""
    me = staff_of(request, ROLE)
    return await _registration_page(request, me, listing_id, registration_id)


@router.get(
    f"{BASE}/listings/{{listing_id}}/registrations/{{registration_id}}/documents/{{document_id}}"
)
async def registration_document(
    request: Request,
    listing_id: str,
    registration_id: str,
    document_id: str,
) -> Response:
    """One material, shown inline in the browser (the service checks its SHA-256)."""
    me = staff_of(request, ROLE)
    # checked after the gate, so another role gets its 403 whatever the path says
    if not (ID.match(listing_id) and ID.match(registration_id)) or not DOC_ID.match(document_id):
        return _not_found(request)
    r = await request.app.state.upstream.get(
        "listing", f"/registrations/{registration_id}/documents/{document_id}", token=me.token
    )
    if r.status_code != 200:
        return refusal(request, r)
    media = r.headers.get("content-type", "application/octet-stream")
    # inline: the reviewer reads it beside the form; nosniff keeps the type the service gave
    return Response(
        r.content,
        media_type=media,
        headers={
            "Content-Disposition": "inline",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@router.post(f"{BASE}/listings/{{listing_id}}/registrations/{{registration_id}}/review")
async def registration_review(
    request: Request, listing_id: str, registration_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """资格审查: qualified, or not with every reason at once; after confirmation."""
    me = staff_of(request, ROLE)
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    decision = kept.get("approve")
    reasons = _lines(kept.get("reasons", ""))
    own: dict[str, str] = {}
    if decision not in ("yes", "no"):
        own["approve"] = "请选择审查通过或不通过"
    elif decision == "no" and not reasons:
        own["reasons"] = "不通过时请写明理由（每行一条，一次性告知）"
    if own:
        return await _registration_page(
            request, me, listing_id, registration_id, Refused.local("L6", own), kept
        )
    back = f"{BASE}/listings/{listing_id}/registrations/{registration_id}"
    if not confirmed(form):
        found = await _registration(request, me, listing_id, registration_id)
        _, reg, _ = found
        return confirm_page(
            request,
            frame=_page,
            heading=f"资格审查{'通过' if decision == 'yes' else '不通过'}：{reg['name']}",
            warning="审查结论将通知意向受让方，提交后不能撤回（L6）。",
            verb="提交审查结论",
            action=f"{back}/review",
            back=back,
            facts=[("意向受让方", reg["name"])] + [("理由", x) for x in reasons],
            kept=kept,
        )
    body: dict[str, Any] = {"approve": decision == "yes", "reasons": reasons}
    if kept.get("extra_review_opinion", "").strip():
        body["extra_review_opinion"] = kept["extra_review_opinion"].strip()
    r = await request.app.state.upstream.call(
        "listing", "POST", f"/registrations/{registration_id}/review", token=me.token, json=body
    )
    if r.status_code != 200:
        return await _registration_page(
            request, me, listing_id, registration_id, Refused.of(r), kept
        )
    return redirect_with_notice(
        request,
        (
            "资格审查通过。"
            if decision == "yes"
            else f"资格审查不通过，{len(reasons)} 条理由已告知。"
        ),
        f"{BASE}/listings/{listing_id}",
    )


# --- the trade: the session monitor, the bid log, deals, contract, settlement (B2–B6) ---------


async def _trade(request: Request, me: Visitor, listing: dict[str, Any]) -> dict[str, Any]:
    """The listing's session (best price, end by the server's clock), its full bid log
    and its deals, from bidding with the staff member's token; nothing before trading."""
    if listing["status"] not in TRADED:
        return {"trade_session": None, "bids": [], "deals": []}
    upstream = request.app.state.upstream
    lid = listing["id"]
    r = await upstream.get("bidding", f"/listings/{lid}/session", token=me.token)
    state = r.json() if r.status_code == 200 else None
    bids: list[dict[str, Any]] = []
    if state and state.get("session_id"):
        got = await fetch(request, me, "bidding", f"/sessions/{state['session_id']}/bids")
        bids = got
    deals = await fetch(request, me, "bidding", f"/listings/{lid}/deals")
    return {"trade_session": state, "bids": bids, "deals": deals}


async def _deal_page(
    request: Request,
    me: Visitor,
    listing_id: str,
    trade_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    listing = await _listing(request, me, listing_id)
    if not ID.match(trade_id):
        return _not_found(request)
    deal = await fetch(request, me, "bidding", f"/deals/{trade_id}")
    if deal["listing_id"] != listing_id:
        return _not_found(request)
    ledger = await fetch(request, me, "bidding", f"/listings/{listing_id}/ledger")
    return form_page(
        request,
        "console/centre_deal.html",
        refused,
        form,
        frame=_page,
        item=listing,
        deal=deal,
        ledger=ledger,
    )


@router.get(f"{BASE}/listings/{{listing_id}}/deals/{{trade_id}}")
async def deal_page(request: Request, listing_id: str, trade_id: str) -> Response:
    """The deal: price, payment and balance, the listing's accounts (B6), the contract
    form while it waits for one and the default decision after a default (B5)."""
    me = staff_of(request, ROLE)
    return await _deal_page(request, me, listing_id, trade_id)


@router.post(f"{BASE}/listings/{{listing_id}}/deals/{{trade_id}}/{{step}}")
async def deal_post(
    request: Request, listing_id: str, trade_id: str, step: str, form: dict = Depends(check_csrf)
) -> Response:
    """录入合同 (B6) or the default decision (B5), after confirmation."""
    me = staff_of(request, ROLE)
    if step not in ("contract", "default-decision") or not ID.match(trade_id):
        return _not_found(request)
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    if step == "contract":
        body: dict[str, Any] = {"contract_no": kept.get("contract_no", "").strip()}
        heading, verb = "录入成交合同", "录入合同"
        warning = "合同录入后将公开成交结果（L14），不能撤回。"
    else:
        body = {"action": kept.get("action", ""), "reason": kept.get("reason", "").strip()}
        heading, verb = "违约处理决定", "提交决定"
        warning = "违约处理决定不能撤回：重新挂牌或由次高出价人递补（B5）。"
    back = f"{BASE}/listings/{listing_id}/deals/{trade_id}"
    if not confirmed(form):
        facts = [("成交编号", trade_id)] + [
            (FIELD_LABELS.get(k, k), DEFAULT_ACTIONS.get(str(v), str(v))) for k, v in body.items()
        ]
        return confirm_page(
            request,
            frame=_page,
            heading=heading,
            warning=warning,
            verb=verb,
            action=f"{back}/{step}",
            back=back,
            facts=facts,
            kept=kept,
        )
    r = await request.app.state.upstream.call(
        "bidding", "POST", f"/deals/{trade_id}/{step}", token=me.token, json=body
    )
    if r.status_code != 200:
        return await _deal_page(request, me, listing_id, trade_id, Refused.of(r), kept)
    return redirect_with_notice(
        request, "合同已录入。" if step == "contract" else "违约处理决定已记录。", back
    )


# --- county parameters (X2) ------------------------------------------------------------
# The centre's county parameters — 县级参数 (X2): every service's parameters of the
# county in force today, each with its recorded versions (who, when, from which day, why
# — the service's own history, kept with its audit record), and a new version with its
# reason where the centre may set it (the listing's and the bidding service's; the others'
# belong to their departments and are shown read only).
#
# Each service keeps its own catalogue (``common.county_config``); the page asks each one
# with the staff member's token and writes through its ``PUT``, which refuses a value that
# breaks the parameter's rule or a day in the past — shown on the field, nothing changed.

#: the services whose county parameters the centre reads, in the order shown, and
#: whether the centre itself may set them (each service's PUT says who may)
PARAMETER_SERVICES: dict[str, tuple[str, bool]] = {
    "listing": ("挂牌（交易中心）", True),
    "bidding": ("竞价与结算（交易中心）", True),
    "registry": ("抵押登记（登记机构）", False),
    "guarantee": ("全权贷担保（县农业农村局、县财政局）", False),
    "collective": ("集体经济组织与宅基地（乡镇宅基地办）", False),
}
KEY = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
PARAMETER_LABELS = {"value": "新参数值", "effective_from": "生效日期", "reason": "变更理由"}


@router.get(f"{BASE}/parameters")
async def parameters_page(request: Request) -> Response:
    """The county's parameters in force today, service by service."""
    me = staff_of(request, ROLE)
    groups = []
    for service, (label, writable) in PARAMETER_SERVICES.items():
        now = await fetch(request, me, service, f"/county-parameters/{COUNTY}")
        groups.append((service, label, writable, now))
    return _page(request, "console/centre_parameters.html", groups=groups, shown=shown)


def shown(value: Any) -> str:
    """A parameter value as its JSON form (what the service stores and the form takes)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def typed_value(text: str, current: Any) -> Any:
    """The new value in the parameter's JSON form: a text parameter as typed, any other
    (a number, a list, a table) parsed as JSON; what does not parse goes as typed, so the
    service's refusal names the field."""
    if isinstance(current, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


async def _parameter_page(
    request: Request,
    me: Visitor,
    service: str,
    key: str,
    refused: Refused | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    if service not in PARAMETER_SERVICES or not KEY.match(key):
        return not_found(request, "没有这个县级参数。")
    now = await fetch(request, me, service, f"/county-parameters/{COUNTY}")
    param = next((x for x in now if x["key"] == key), None)
    if param is None:
        return not_found(request, "没有这个县级参数。")
    history = await fetch(request, me, service, f"/county-parameters/{COUNTY}/{key}")
    label, writable = PARAMETER_SERVICES[service]
    return form_page(
        request,
        "console/centre_parameter.html",
        refused,
        form or {"value": shown(param["value"])},
        frame=_page,
        service=service,
        service_label=label,
        writable=writable,
        param=param,
        versions=list(reversed(history)),  # newest first
        shown=shown,
        fields=PARAMETER_LABELS,
    )


@router.get(f"{BASE}/parameters/{{service}}/{{key}}")
async def parameter_page(request: Request, service: str, key: str) -> Response:
    """One parameter: in force, every recorded version (X2), and the form of a new one."""
    me = staff_of(request, ROLE)
    return await _parameter_page(request, me, service, key)


@router.post(f"{BASE}/parameters/{{service}}/{{key}}")
async def parameter_post(
    request: Request, service: str, key: str, form: dict = Depends(check_csrf)
) -> Response:
    """A new version from a day on, with its reason: confirmed first; the service checks
    the value against the parameter's rule and refuses a day in the past."""
    me = staff_of(request, ROLE)
    if service not in PARAMETER_SERVICES or not KEY.match(key):
        return not_found(request, "没有这个县级参数。")
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    reason = kept.get("reason", "").strip()
    if not reason:
        own = Refused.local("X2", {"reason": "须说明变更理由"})
        return await _parameter_page(request, me, service, key, own, kept)
    back = f"{BASE}/parameters/{service}/{key}"
    now = await fetch(request, me, service, f"/county-parameters/{COUNTY}")
    param = next((x for x in now if x["key"] == key), None)
    if param is None:
        return not_found(request, "没有这个县级参数。")
    if not confirmed(form):
        return confirm_page(
            request,
            frame=_page,
            heading=f"修改县级参数 {key}",
            warning="新版本自生效日期起适用，不溯及既往；变更记入参数历史和办理记录（X2），不能撤回。",
            verb="修改",
            action=back,
            back=back,
            facts=[
                ("参数", f"{param['description']}（{param['rule']}）"),
                ("现行值", shown(param["value"])),
                ("新参数值", kept.get("value", "")),
                ("生效日期", kept.get("effective_from", "")),
                ("变更理由", reason),
            ],
            kept=kept,
        )
    body = {
        "value": typed_value(kept.get("value", "").strip(), param["value"]),
        "effective_from": kept.get("effective_from", "").strip(),
        "reason": reason,
    }
    r = await request.app.state.upstream.call(
        service, "PUT", f"/county-parameters/{COUNTY}/{key}", token=me.token, json=body
    )
    if r.status_code != 201:
        return await _parameter_page(request, me, service, key, Refused.of(r), kept)
    return redirect_with_notice(
        request,
        (f"已记录第 {r.json().get('version')} 版，自 {body['effective_from']} 起适用。"),
        back,
    )


# --- the live sessions monitor (B2–B4) --------------------------------------------------
# The centre's live sessions monitor — 今日交易 (B2–B4): every session of the county
# today (or of a typed day) with its best price, bids, end and time left by the server's
# clock, and one session live with its full bid log and the price over time.
#
# The list is bidding's ``GET /sessions`` with the staff member's token (bidding shows
# only the caller's county, X3); one session is live through the bidding room's own feed
# (``/room/{listing_id}/feed``, relayed by the portal with the session's cookie, filled
# by ``static/portal-live.js`` — the room's script, nothing from a CDN), and its bid log is
# bidding's ``GET /sessions/{id}/bids`` as read when the page was opened.

SESSION_STATUSES = {
    "awaiting_auctioneer": "待拍卖师开拍",
    "negotiating": "协商中",
    "bidding": "竞价中",
    "tendering": "投标中",
    "suspended": "已中止",
    "concluded": "已成交",
    "failed": "未成交",
    "terminated": "已终结",
}
#: how often the list reloads itself (seconds): the numbers of many sessions at once,
#: without a live connection for each
REFRESH_S = 15


@router.get(f"{BASE}/sessions")
async def sessions_page(request: Request, day: Annotated[date | None, Query()] = None) -> Response:
    """今日交易: the county's sessions of the day, the soonest end first."""
    me = staff_of(request, ROLE)
    params = {"day": day.isoformat()} if day else {}
    rows = await fetch(request, me, "bidding", "/sessions", **params)
    return _page(
        request,
        "console/centre_sessions.html",
        sessions=rows,
        day=day,
        refresh_s=REFRESH_S,
        session_statuses=SESSION_STATUSES,
        running=sum(1 for x in rows if x["status"] in ("bidding", "tendering", "negotiating")),
    )


@router.get(f"{BASE}/sessions/{{listing_id}}")
async def session_page(request: Request, listing_id: str) -> Response:
    """One session live (the room's feed) with its full bid log and price over time."""
    me = staff_of(request, ROLE)
    if not ID.match(listing_id):
        return not_found(request, "没有这个交易场次。")
    r = await fetch(request, me, "bidding", f"/listings/{listing_id}/session")
    state = r
    bids: list[dict] = []
    if state.get("session_id"):
        got = await fetch(request, me, "bidding", f"/sessions/{state['session_id']}/bids")
        bids = got
    return _page(
        request,
        "console/centre_session.html",
        state=state,
        listing_id=listing_id,
        bids=bids,
        session_statuses=SESSION_STATUSES,
        mode_labels=labels.MODES,
    )
