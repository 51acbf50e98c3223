"""The guarantee company console — 担保公司工作台 (issue 19): the Quangengdai guarantees
of the guarantor's organization as a work queue by state (oldest first, with counts,
sorted, filtered and paged by the guarantee service), one guarantee's page with its
history (X2) and the actions its role may take in that state: approve with the fee rate
or reject after the bank's due diligence (G4, G5), sign the contract after the county's
recommendation (G5), compensate an overdue loan (G6) — each confirmed first, a refusal
shown in Chinese with its fields, nothing changed.

Every call carries the guarantor's own token: the guarantee service shows only its own
organization's guarantees (X3) and decides every step.
"""

from __future__ import annotations

from typing import Any, Literal

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
from portal.jobs import LABELS as JOB_LABELS
from portal.jobs import add_job_pages
from portal.quangengdai import add_g9_pages
from portal.session import Visitor, check_csrf
from portal.views import not_found, redirect_with_notice

router = APIRouter()

BASE = "/console/guarantor"
ROLE = "guarantor"
#: Where the queues come from: guarantee's list, filtered by ``state``.
SOURCE = ("guarantee", "/guarantees")

QUEUES: tuple[Queue, ...] = (
    Queue(
        "diligence", "待审批", "diligence_reported", "银行已提交尽调报告，等待担保公司审批", "state"
    ),
    Queue("recommended", "待银行尽调", "recommended", "已推荐给银行，等待尽职调查", "state"),
    Queue("notice", "公示中", "in_notice", "公示期内，有异议时须处理", "state"),
    Queue("contract", "待签约", "county_recommended", "县级推荐完成，等待签订担保合同", "state"),
    Queue("active", "在保", "active", "已放款的在保项目", "state"),
    Queue("overdue", "逾期待代偿", "overdue", "银行报告逾期，等待代偿决定", "state"),
    Queue("compensated", "已代偿（追偿）", "compensated", "已代偿，追偿进行中", "state"),
)
SORTS = Literal[
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
    "amount",
    "-amount",
    "township",
    "-township",
]
COLUMNS = (
    ("updated_at", "等待自"),
    ("", "担保项目"),
    ("", "借款主体"),
    ("township", "乡镇"),
    ("", "贷款银行"),
    ("amount", "金额"),
    ("", "状态"),
)
STATES = {
    "recommended": "已推荐",
    "diligence_reported": "尽调已报",
    "approved": "已审批",
    "rejected": "未通过",
    "in_notice": "公示中",
    "notice_passed": "公示期满",
    "township_recommended": "乡镇已推荐",
    "county_recommended": "县级已推荐",
    "issued": "已出具保函",
    "active": "在保",
    "overdue": "逾期",
    "compensated": "已代偿",
    "repaid": "已结清",
}
#: What the guarantor may do in a state: (step, label, what the confirmation warns).
ACTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "diligence_reported": (
        ("approve", "审批同意", "同意后进入公示；费率不超过县定上限（G4）。"),
        ("reject", "审批不同意", "不同意后项目终止，不能撤回。"),
    ),
    "county_recommended": (("contract", "签订担保合同", "签约后出具担保，开始在保（G5）。"),),
    "overdue": (("compensate", "代偿", "按约定比例代偿逾期本金，代偿后不能撤回（G6）。"),),
    "compensated": (
        (
            "recover",
            "登记追偿回收",
            "回收款扣除费用后先补足银行自担部分，再按代偿出资比例分给县风险补偿基金和担保公司（G7），登记后不能撤回。",
        ),
    ),
}
STEPS = ("approve", "reject", "contract", "compensate", "recover")
FIELD_LABELS = {
    "fee_rate": "担保费率",
    "reason": "理由",
    "approve": "审批结论",
    "recovered": "回收金额（元）",
    "costs": "追偿费用（元）",
    "note": "说明",
    **JOB_LABELS,
}
ACTIONS_ZH = {
    "guarantee.recommended": "推荐给银行",
    "guarantee.diligence_reported": "银行提交尽调报告",
    "guarantee.approved": "审批同意",
    "guarantee.rejected": "审批不同意",
    "guarantee.notice_started": "开始公示",
    "guarantee.objection_received": "收到异议",
    "guarantee.objection_resolved": "异议处理",
    "guarantee.notice_passed": "公示期满",
    "guarantee.township_recommended": "乡镇推荐",
    "guarantee.county_recommended": "县级推荐",
    "guarantee.issued": "签订担保合同",
    "guarantee.overdue_reported": "银行报告逾期",
    "guarantee.compensated": "代偿",
    "guarantee.recovery_distributed": "追偿分配",
    "guarantee.risk_warning": "风险预警",
}


LINKS = [
    (BASE, "担保项目队列"),
    (f"{BASE}/blacklist", "失信黑名单"),
    (f"{BASE}/filings", "统计报送"),
    (f"{BASE}/jobs", "任务"),
]


_page = console_frame(
    "担保公司",
    LINKS,
    labels=FIELD_LABELS,
    states=STATES,
)


add_queue_page(
    router,
    BASE,
    role=ROLE,
    queues=QUEUES,
    sorts=SORTS,
    source=SOURCE,
    render=_page,
    template="console/guarantor_queue.html",
    description="担保项目队列: the organization's guarantees by state, oldest first, with counts.",
    columns=COLUMNS,
)


async def _guarantee(
    request: Request, me: Visitor, guarantee_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The guarantee and its history, as the service lets this guarantor see them."""
    r = await fetch(request, me, "guarantee", f"/guarantees/{guarantee_id}")
    h = await fetch(request, me, "guarantee", f"/guarantees/{guarantee_id}/decisions")
    return r, h


async def _detail_page(
    request: Request,
    me: Visitor,
    guarantee_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    found = await _guarantee(request, me, guarantee_id)
    item, history = found
    return form_page(
        request,
        "console/guarantor_guarantee.html",
        refused,
        form,
        frame=_page,
        item=item,
        history=history,
        actions=ACTIONS.get(item["state"], ()),
        actions_zh=ACTIONS_ZH,
    )


@router.get(f"{BASE}/guarantees/{{guarantee_id}}")
async def guarantee_page(request: Request, guarantee_id: str) -> Response:
    """One guarantee: its facts, the bank's entries, its history and its actions."""
    me = staff_of(request, ROLE)
    return await _detail_page(request, me, guarantee_id)


def _call(step: str, form: dict[str, str]) -> tuple[str, dict[str, Any] | None]:
    """The guarantee service's endpoint and body for a step."""
    if step == "approve":
        return "approval", {"approve": True, "fee_rate": form.get("fee_rate", "").strip()}
    if step == "reject":
        return "approval", {"approve": False, "reason": form.get("reason", "").strip()}
    if step == "contract":
        return "contract", None
    if step == "recover":
        return "recoveries", {
            "recovered": form.get("recovered", "").strip(),
            "costs": form.get("costs", "").strip() or "0.00",
            "note": form.get("note", "").strip(),
        }
    return "compensation", {"reason": form.get("reason", "").strip()}


@router.post(f"{BASE}/guarantees/{{guarantee_id}}/{{step}}")
async def act(
    request: Request, guarantee_id: str, step: str, form: dict = Depends(check_csrf)
) -> Response:
    """A step of the guarantor, after its confirmation; a refusal is shown with its
    fields and nothing was changed."""
    me = staff_of(request, ROLE)
    if step not in STEPS:  # checked after the role: a stranger learns nothing
        return not_found(request, "没有这个操作。")
    kept = kept_fields(form)
    own: dict[str, str] = {}
    if step == "approve" and not kept.get("fee_rate", "").strip():
        own["fee_rate"] = "请填写担保费率（如 0.01，即 1%）"
    if step in ("reject", "compensate") and not kept.get("reason", "").strip():
        own["reason"] = "请填写理由"
    if step == "recover" and not kept.get("recovered", "").strip():
        own["recovered"] = "请填写回收金额"
    if own:
        return await _detail_page(request, me, guarantee_id, Refused.local("G5", own), kept)
    back = f"{BASE}/guarantees/{guarantee_id}"
    label = {
        "approve": "审批同意",
        "reject": "审批不同意",
        "contract": "签订担保合同",
        "recover": "登记追偿回收",
    }.get(step, "代偿")
    if not confirmed(form):
        found = await _guarantee(request, me, guarantee_id)
        item = found[0]
        warning = next(
            (w for s, _l, w in ACTIONS.get(item["state"], ()) if s == step), "此操作不能撤回。"
        )
        facts = [("担保项目", item["id"]), ("借款主体", item["party_id"])]
        facts += [("金额", f"{item.get('amount') or '—'} 元")]
        facts += [(FIELD_LABELS[k], v) for k, v in kept.items() if k in FIELD_LABELS and v]
        return confirm_page(
            request,
            frame=_page,
            heading=label,
            warning=warning,
            verb=label,
            action=f"{back}/{step}",
            back=back,
            facts=facts,
            kept=kept,
        )
    path, body = _call(step, kept)
    r = await request.app.state.upstream.call(
        "guarantee", "POST", f"/guarantees/{guarantee_id}/{path}", token=me.token, json=body
    )
    if r.status_code not in (200, 201):
        return await _detail_page(request, me, guarantee_id, Refused.of(r), kept)
    return redirect_with_notice(request, f"已{label}。", back)


@router.get(f"{BASE}/blacklist")
async def blacklist_page(request: Request) -> Response:
    """失信黑名单 (G11, read): every entry, past and present, as the guarantee service
    lists it; the active ones first (a cleared entry keeps who cleared it and why)."""
    me = staff_of(request, ROLE)
    r = await fetch(request, me, "guarantee", "/blacklist")
    entries = sorted(r, key=lambda e: (not e.get("active"), e.get("decided_at") or ""))
    return _page(request, "console/guarantor_blacklist.html", entries=entries)


add_g9_pages(router, BASE, role=ROLE, render=_page)
add_job_pages(router, BASE, role=ROLE, render=_page)
